import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../../../api/errors.ts';
import type { SsoApi, SsoDiscoveryResult, SsoSettings, UpdateSsoSettingsBody } from './ssoApi.ts';

const ROLES = ['member', 'builder', 'admin'] as const;
const KNOWN_ERRORS = new Set(['sso_incomplete', 'sso_issuer_invalid', 'sso_issuer_insecure', 'sso_discovery_failed']);

/** The editable text of the settings (lists as the person types them). */
interface Draft {
  enabled: boolean;
  nameEn: string;
  nameZh: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  removeSecret: boolean;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  defaultRole: SsoSettings['defaultRole'];
  domains: string;
  disablePasswordForSsoUsers: boolean;
  trustUnverifiedEmail: boolean;
}

const draftOf = (s: SsoSettings): Draft => ({
  enabled: s.enabled,
  nameEn: s.displayName.en,
  nameZh: s.displayName['zh-Hant'],
  issuer: s.issuer,
  clientId: s.clientId,
  clientSecret: '',
  removeSecret: false,
  scopes: s.scopes.join(' '),
  emailClaim: s.emailClaim,
  nameClaim: s.nameClaim,
  defaultRole: s.defaultRole,
  domains: s.allowedEmailDomains.join(', '),
  disablePasswordForSsoUsers: s.disablePasswordForSsoUsers,
  trustUnverifiedEmail: s.trustUnverifiedEmail,
});

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

function bodyOf(d: Draft): UpdateSsoSettingsBody {
  return {
    enabled: d.enabled,
    displayName: { en: d.nameEn.trim(), 'zh-Hant': d.nameZh.trim() },
    issuer: d.issuer.trim(),
    clientId: d.clientId.trim(),
    ...(d.removeSecret ? { clientSecret: null } : d.clientSecret ? { clientSecret: d.clientSecret } : {}),
    scopes: words(d.scopes),
    emailClaim: d.emailClaim.trim(),
    nameClaim: d.nameClaim.trim(),
    defaultRole: d.defaultRole,
    allowedEmailDomains: words(d.domains).map((w) => w.replace(/^@/, '').toLowerCase()),
    disablePasswordForSsoUsers: d.disablePasswordForSsoUsers,
    trustUnverifiedEmail: d.trustUnverifiedEmail,
  };
}

export function SsoSettingsForm({ api, initial }: { api: SsoApi; initial: SsoSettings }) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'error'; message: string; detail?: string } | null>(null);
  const [discovery, setDiscovery] = useState<
    { kind: 'testing' } | { kind: 'ok'; result: SsoDiscoveryResult } | { kind: 'error'; message: string; detail?: string } | null
  >(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus(null);
  };

  const describe = (err: unknown): { message: string; detail?: string } => {
    if (err instanceof ApiError) {
      if (KNOWN_ERRORS.has(err.code)) return { message: t(`sso.admin.errors.${err.code}`), detail: err.message };
      if (err.status === 400) return { message: t('sso.admin.errors.invalid'), detail: err.message };
      if (err.status === 403) return { message: t('sso.admin.adminsOnly') };
    }
    if (err instanceof NetworkError) return { message: t('errors.network') };
    return { message: t('errors.generic') };
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const next = await api.save(bodyOf(draft));
      setSaved(next);
      setDraft(draftOf(next));
      setStatus({ kind: 'saved' });
    } catch (err) {
      setStatus({ kind: 'error', ...describe(err) });
    } finally {
      setBusy(false);
    }
  };

  const onTest = async () => {
    setDiscovery({ kind: 'testing' });
    try {
      setDiscovery({ kind: 'ok', result: await api.testDiscovery(draft.issuer.trim()) });
    } catch (err) {
      setDiscovery({ kind: 'error', ...describe(err) });
    }
  };

  const field = (key: keyof Draft) => `${id}-${key}`;
  const check = (key: 'enabled' | 'disablePasswordForSsoUsers' | 'trustUnverifiedEmail' | 'removeSecret', label: string, hint?: string) => (
    <div className="fl-sso__check">
      <input id={field(key)} type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
      <label htmlFor={field(key)}>
        <span>{label}</span>
        {hint && <small>{hint}</small>}
      </label>
    </div>
  );

  return (
    <form className="fl-sso__form" onSubmit={onSave} noValidate>
      <section className="fl-card fl-panel fl-sso__section" aria-labelledby={`${id}-status`}>
        <div className="fl-sso__status">
          <h2 id={`${id}-status`}>{t('sso.admin.statusTitle')}</h2>
          <span className={`fl-badge${saved.enabled ? ' fl-badge--ok' : ''}`}>
            {saved.enabled ? t('sso.admin.on') : t('sso.admin.off')}
          </span>
        </div>
        {check('enabled', t('sso.admin.enabled'), t('sso.admin.enabledHint'))}
      </section>

      <section className="fl-card fl-panel fl-sso__section" aria-labelledby={`${id}-provider`}>
        <h2 id={`${id}-provider`}>{t('sso.admin.providerTitle')}</h2>
        <div className="fl-field">
          <label className="fl-label" htmlFor={field('issuer')}>
            {t('sso.admin.issuer')}
          </label>
          <div className="fl-sso__row">
            <input
              id={field('issuer')}
              className="fl-input"
              type="url"
              inputMode="url"
              placeholder="https://login.example.com/realms/staff"
              value={draft.issuer}
              onChange={(e) => set('issuer', e.target.value)}
              aria-describedby={`${field('issuer')}-hint`}
            />
            <button
              type="button"
              className="fl-btn fl-btn--secondary"
              onClick={onTest}
              disabled={!draft.issuer.trim() || discovery?.kind === 'testing'}
            >
              {discovery?.kind === 'testing' ? t('sso.admin.testing') : t('sso.admin.test')}
            </button>
          </div>
          <small id={`${field('issuer')}-hint`} className="fl-sso__hint">
            {t('sso.admin.issuerHint')}
          </small>
        </div>
        {discovery?.kind === 'ok' && (
          <div
            className={`fl-alert ${discovery.result.supportsPkceS256 ? 'fl-alert--info' : 'fl-alert--warning'} fl-sso__discovery`}
            role="status"
          >
            <strong>{discovery.result.supportsPkceS256 ? t('sso.admin.discoveryOk') : t('sso.admin.discoveryNoPkce')}</strong>
            <dl>
              <dt>{t('sso.admin.discoveredIssuer')}</dt>
              <dd>{discovery.result.issuer}</dd>
              <dt>{t('sso.admin.authorizationEndpoint')}</dt>
              <dd>{discovery.result.authorizationEndpoint}</dd>
              {discovery.result.scopesSupported.length > 0 && (
                <>
                  <dt>{t('sso.admin.scopesSupported')}</dt>
                  <dd>{discovery.result.scopesSupported.join(' ')}</dd>
                </>
              )}
            </dl>
          </div>
        )}
        {discovery?.kind === 'error' && (
          <div className="fl-alert fl-alert--error fl-sso__discovery" role="alert">
            <strong>{discovery.message}</strong>
            {discovery.detail && <p className="fl-sso__detail">{discovery.detail}</p>}
          </div>
        )}
        <div className="fl-sso__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('clientId')}>
              {t('sso.admin.clientId')}
            </label>
            <input
              id={field('clientId')}
              className="fl-input"
              value={draft.clientId}
              onChange={(e) => set('clientId', e.target.value)}
              autoComplete="off"
            />
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('clientSecret')}>
              {t('sso.admin.clientSecret')}
            </label>
            <input
              id={field('clientSecret')}
              className="fl-input"
              type="password"
              autoComplete="new-password"
              value={draft.clientSecret}
              disabled={draft.removeSecret}
              placeholder={saved.hasClientSecret ? t('sso.admin.secretKept') : ''}
              onChange={(e) => set('clientSecret', e.target.value)}
              aria-describedby={`${field('clientSecret')}-hint`}
            />
            <small id={`${field('clientSecret')}-hint`} className="fl-sso__hint">
              {saved.hasClientSecret ? t('sso.admin.secretStored') : t('sso.admin.secretNone')}
            </small>
          </div>
        </div>
        {saved.hasClientSecret && check('removeSecret', t('sso.admin.removeSecret'))}
        <div className="fl-field">
          <span className="fl-label" id={`${id}-redirectUri`}>
            {t('sso.admin.redirectUri')}
          </span>
          <code className="fl-sso__uri" aria-labelledby={`${id}-redirectUri`} data-testid="sso-redirect-uri">
            {saved.redirectUri}
          </code>
          <small className="fl-sso__hint">{t('sso.admin.redirectUriHint')}</small>
        </div>
      </section>

      <section className="fl-card fl-panel fl-sso__section" aria-labelledby={`${id}-button`}>
        <h2 id={`${id}-button`}>{t('sso.admin.buttonTitle')}</h2>
        <p className="fl-sso__hint">{t('sso.admin.buttonHint')}</p>
        <div className="fl-sso__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('nameEn')}>
              {t('sso.admin.nameEn')}
            </label>
            <input
              id={field('nameEn')}
              className="fl-input"
              lang="en"
              value={draft.nameEn}
              onChange={(e) => set('nameEn', e.target.value)}
            />
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('nameZh')}>
              {t('sso.admin.nameZh')}
            </label>
            <input
              id={field('nameZh')}
              className="fl-input"
              lang="zh-Hant"
              value={draft.nameZh}
              onChange={(e) => set('nameZh', e.target.value)}
            />
          </div>
        </div>
        <p className="fl-sso__preview" aria-live="polite">
          {t('sso.admin.preview')}{' '}
          <span className="fl-sso__preview-btn" lang="en">
            {t('sso.signInWith', { name: draft.nameEn.trim() || '…', lng: 'en' })}
          </span>{' '}
          <span className="fl-sso__preview-btn" lang="zh-Hant">
            {t('sso.signInWith', { name: draft.nameZh.trim() || '…', lng: 'zh-Hant' })}
          </span>
        </p>
      </section>

      <section className="fl-card fl-panel fl-sso__section" aria-labelledby={`${id}-people`}>
        <h2 id={`${id}-people`}>{t('sso.admin.peopleTitle')}</h2>
        <div className="fl-sso__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('defaultRole')}>
              {t('sso.admin.defaultRole')}
            </label>
            <select
              id={field('defaultRole')}
              className="fl-input"
              value={draft.defaultRole}
              onChange={(e) => set('defaultRole', e.target.value as Draft['defaultRole'])}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`sso.admin.roles.${r}`)}
                </option>
              ))}
            </select>
            <small className="fl-sso__hint">{t('sso.admin.defaultRoleHint')}</small>
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('domains')}>
              {t('sso.admin.domains')}
            </label>
            <input
              id={field('domains')}
              className="fl-input"
              placeholder="example.com.hk"
              value={draft.domains}
              onChange={(e) => set('domains', e.target.value)}
            />
            <small className="fl-sso__hint">{t('sso.admin.domainsHint')}</small>
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('emailClaim')}>
              {t('sso.admin.emailClaim')}
            </label>
            <input
              id={field('emailClaim')}
              className="fl-input"
              value={draft.emailClaim}
              onChange={(e) => set('emailClaim', e.target.value)}
            />
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('nameClaim')}>
              {t('sso.admin.nameClaim')}
            </label>
            <input
              id={field('nameClaim')}
              className="fl-input"
              value={draft.nameClaim}
              onChange={(e) => set('nameClaim', e.target.value)}
            />
          </div>
        </div>
        <div className="fl-field">
          <label className="fl-label" htmlFor={field('scopes')}>
            {t('sso.admin.scopes')}
          </label>
          <input id={field('scopes')} className="fl-input" value={draft.scopes} onChange={(e) => set('scopes', e.target.value)} />
          <small className="fl-sso__hint">{t('sso.admin.scopesHint')}</small>
        </div>
        {check('disablePasswordForSsoUsers', t('sso.admin.disablePassword'), t('sso.admin.disablePasswordHint'))}
        {check('trustUnverifiedEmail', t('sso.admin.trustUnverified'), t('sso.admin.trustUnverifiedHint'))}
      </section>

      {status?.kind === 'error' && (
        <div className="fl-alert fl-alert--error" role="alert">
          <strong>{status.message}</strong>
          {status.detail && <p className="fl-sso__detail">{status.detail}</p>}
        </div>
      )}
      {status?.kind === 'saved' && (
        <div className="fl-alert fl-alert--info" role="status">
          {t('sso.admin.saved')}
        </div>
      )}
      <div className="fl-sso__actions">
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
          {busy ? t('sso.admin.saving') : t('sso.admin.save')}
        </button>
      </div>
    </form>
  );
}

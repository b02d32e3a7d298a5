import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../../../api/errors.ts';
import { CheckSetting, SecretSetting, SelectSetting, TextSetting } from '../../../components/SettingFields.tsx';
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
  const text = (key: 'clientId' | 'nameEn' | 'nameZh' | 'domains' | 'emailClaim' | 'nameClaim' | 'scopes', label: string) => ({
    id: field(key),
    label,
    value: draft[key],
    onChange: (value: string) => set(key, value),
  });
  const check = (key: 'enabled' | 'disablePasswordForSsoUsers' | 'trustUnverifiedEmail' | 'removeSecret', label: string, hint?: string) => (
    <CheckSetting id={field(key)} label={label} hint={hint} checked={draft[key]} onChange={(checked) => set(key, checked)} />
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
        <TextSetting
          id={field('issuer')}
          label={t('sso.admin.issuer')}
          hint={t('sso.admin.issuerHint')}
          type="url"
          inputMode="url"
          placeholder="https://login.example.com/realms/staff"
          value={draft.issuer}
          onChange={(value) => set('issuer', value)}
          action={
            <button
              type="button"
              className="fl-btn fl-btn--secondary"
              onClick={onTest}
              disabled={!draft.issuer.trim() || discovery?.kind === 'testing'}
            >
              {discovery?.kind === 'testing' ? t('sso.admin.testing') : t('sso.admin.test')}
            </button>
          }
        />
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
          <TextSetting {...text('clientId', t('sso.admin.clientId'))} autoComplete="off" />
          <SecretSetting
            id={field('clientSecret')}
            label={t('sso.admin.clientSecret')}
            value={draft.clientSecret}
            disabled={draft.removeSecret}
            onChange={(value) => set('clientSecret', value)}
            stored={saved.hasClientSecret}
            texts={{ kept: t('sso.admin.secretKept'), stored: t('sso.admin.secretStored'), none: t('sso.admin.secretNone') }}
          />
        </div>
        {saved.hasClientSecret && check('removeSecret', t('sso.admin.removeSecret'))}
        <div className="fl-field">
          <span className="fl-label" id={`${id}-redirectUri`}>
            {t('sso.admin.redirectUri')}
          </span>
          <code className="fl-sso__uri" aria-labelledby={`${id}-redirectUri`} data-testid="sso-redirect-uri">
            {saved.redirectUri}
          </code>
          <small className="fl-field__hint">{t('sso.admin.redirectUriHint')}</small>
        </div>
      </section>

      <section className="fl-card fl-panel fl-sso__section" aria-labelledby={`${id}-button`}>
        <h2 id={`${id}-button`}>{t('sso.admin.buttonTitle')}</h2>
        <p className="fl-sso__lead">{t('sso.admin.buttonHint')}</p>
        <div className="fl-sso__grid">
          <TextSetting {...text('nameEn', t('sso.admin.nameEn'))} lang="en" />
          <TextSetting {...text('nameZh', t('sso.admin.nameZh'))} lang="zh-Hant" />
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
          <SelectSetting
            id={field('defaultRole')}
            label={t('sso.admin.defaultRole')}
            hint={t('sso.admin.defaultRoleHint')}
            value={draft.defaultRole}
            options={ROLES.map((r) => [r, t(`sso.admin.roles.${r}`)] as const)}
            onChange={(role) => set('defaultRole', role)}
          />
          <TextSetting {...text('domains', t('sso.admin.domains'))} hint={t('sso.admin.domainsHint')} placeholder="example.com.hk" />
          <TextSetting {...text('emailClaim', t('sso.admin.emailClaim'))} />
          <TextSetting {...text('nameClaim', t('sso.admin.nameClaim'))} />
        </div>
        <TextSetting {...text('scopes', t('sso.admin.scopes'))} hint={t('sso.admin.scopesHint')} />
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

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describeError.ts';
import type { DirectorySettings, DirectorySettingsBody, DirectorySyncApi, DirectoryTestResult } from './directoryApi.ts';

const ROLES = ['member', 'builder', 'admin'] as const;
const ATTRIBUTES = ['id', 'email', 'name', 'department', 'manager', 'title'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/** The editable text of the settings. The password box starts empty: empty keeps the stored one. */
interface Draft {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  departmentSource: 'ou' | 'attribute';
  attributes: Record<Attribute, string>;
  defaultRole: (typeof ROLES)[number];
  connectTimeoutSeconds: string;
  timeoutSeconds: string;
  loginEnabled: boolean;
  syncEnabled: boolean;
  syncIntervalMinutes: string;
  leavers: 'deactivate' | 'keep';
}

const EMPTY: Draft = {
  url: '',
  bindDn: '',
  bindPassword: '',
  baseDn: '',
  userFilter: '(objectClass=inetOrgPerson)',
  departmentSource: 'ou',
  attributes: { id: 'entryUUID', email: 'mail', name: 'cn', department: 'departmentNumber', manager: 'manager', title: 'title' },
  defaultRole: 'member',
  connectTimeoutSeconds: '5',
  timeoutSeconds: '30',
  loginEnabled: false,
  syncEnabled: false,
  syncIntervalMinutes: '60',
  leavers: 'deactivate',
};

const draftOf = (s: DirectorySettings | null): Draft =>
  s
    ? {
        url: s.url,
        bindDn: s.bindDn,
        bindPassword: '',
        baseDn: s.baseDn,
        userFilter: s.userFilter,
        departmentSource: s.departmentSource,
        attributes: { ...s.attributes },
        defaultRole: s.defaultRole,
        connectTimeoutSeconds: String(s.connectTimeoutMs / 1000),
        timeoutSeconds: String(s.timeoutMs / 1000),
        loginEnabled: s.loginEnabled,
        syncEnabled: s.syncEnabled,
        syncIntervalMinutes: String(s.syncIntervalMinutes),
        leavers: s.leavers,
      }
    : EMPTY;

const seconds = (text: string, fallback: number) => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : fallback;
};

function bodyOf(d: Draft): DirectorySettingsBody {
  const interval = Number(d.syncIntervalMinutes);
  return {
    url: d.url.trim(),
    bindDn: d.bindDn.trim(),
    ...(d.bindPassword ? { bindPassword: d.bindPassword } : {}),
    baseDn: d.baseDn.trim(),
    userFilter: d.userFilter.trim(),
    departmentSource: d.departmentSource,
    attributes: Object.fromEntries(ATTRIBUTES.map((a) => [a, d.attributes[a].trim()])) as Record<Attribute, string>,
    defaultRole: d.defaultRole,
    connectTimeoutMs: seconds(d.connectTimeoutSeconds, 5000),
    timeoutMs: seconds(d.timeoutSeconds, 30000),
    loginEnabled: d.loginEnabled,
    syncEnabled: d.syncEnabled,
    syncIntervalMinutes: Number.isFinite(interval) ? Math.round(interval) : 60,
    leavers: d.leavers,
  };
}

export function DirectorySettingsForm({
  api,
  initial,
  onSaved,
}: {
  api: DirectorySyncApi;
  initial: DirectorySettings | null;
  onSaved: (settings: DirectorySettings) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'error'; message: string; detail?: string } | null>(null);
  const [test, setTest] = useState<
    { kind: 'testing' } | { kind: 'done'; result: DirectoryTestResult } | { kind: 'error'; message: string } | null
  >(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus(null);
  };
  const setAttribute = (key: Attribute, value: string) => set('attributes', { ...draft.attributes, [key]: value });
  const field = (key: string) => `${id}-${key}`;

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const next = await api.save(bodyOf(draft));
      setSaved(next);
      setDraft(draftOf(next));
      setStatus({ kind: 'saved' });
      onSaved(next);
    } catch (err) {
      setStatus({ kind: 'error', ...describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const onTest = async () => {
    setTest({ kind: 'testing' });
    try {
      setTest({ kind: 'done', result: await api.test(bodyOf(draft)) });
    } catch (err) {
      setTest({ kind: 'error', ...describeError(t, err) });
    }
  };

  const text = (key: 'url' | 'bindDn' | 'baseDn' | 'userFilter', label: string, placeholder: string, hint?: string) => (
    <div className="fl-field">
      <label className="fl-label" htmlFor={field(key)}>
        {label}
      </label>
      <input
        id={field(key)}
        className="fl-input fl-dirsync__mono"
        value={draft[key]}
        placeholder={placeholder}
        spellCheck={false}
        autoCapitalize="off"
        onChange={(e) => set(key, e.target.value)}
        aria-describedby={hint ? `${field(key)}-hint` : undefined}
      />
      {hint && (
        <small id={`${field(key)}-hint`} className="fl-dirsync__hint">
          {hint}
        </small>
      )}
    </div>
  );
  const check = (key: 'loginEnabled' | 'syncEnabled', label: string, hint: string) => (
    <div className="fl-dirsync__check">
      <input id={field(key)} type="checkbox" checked={draft[key]} onChange={(e) => set(key, e.target.checked)} />
      <label htmlFor={field(key)}>
        <span>{label}</span>
        <small>{hint}</small>
      </label>
    </div>
  );
  const select = (key: 'departmentSource' | 'leavers' | 'defaultRole', label: string, options: [string, string][], hint?: ReactNode) => (
    <div className="fl-field">
      <label className="fl-label" htmlFor={field(key)}>
        {label}
      </label>
      <select id={field(key)} className="fl-input" value={draft[key]} onChange={(e) => set(key, e.target.value as never)}>
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
      {hint && <small className="fl-dirsync__hint">{hint}</small>}
    </div>
  );

  return (
    <form className="fl-dirsync__form" onSubmit={onSave} noValidate>
      <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby={`${id}-connection`}>
        <div className="fl-dirsync__status">
          <h2 id={`${id}-connection`}>{t('directorySync.connection.title')}</h2>
          <span className={`fl-badge${saved ? ' fl-badge--ok' : ''}`}>
            {saved ? t('directorySync.connection.configured') : t('directorySync.connection.notConfigured')}
          </span>
        </div>
        {text('url', t('directorySync.connection.url'), 'ldaps://dc1.example.com:636', t('directorySync.connection.urlHint'))}
        <div className="fl-dirsync__grid">
          {text('bindDn', t('directorySync.connection.bindDn'), 'cn=formloom,ou=Service,dc=example,dc=com')}
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('bindPassword')}>
              {t('directorySync.connection.bindPassword')}
            </label>
            <input
              id={field('bindPassword')}
              className="fl-input"
              type="password"
              autoComplete="new-password"
              value={draft.bindPassword}
              placeholder={saved?.hasBindPassword ? t('directorySync.connection.passwordKept') : ''}
              onChange={(e) => set('bindPassword', e.target.value)}
              aria-describedby={`${field('bindPassword')}-hint`}
            />
            <small id={`${field('bindPassword')}-hint`} className="fl-dirsync__hint">
              {saved?.hasBindPassword ? t('directorySync.connection.passwordStored') : t('directorySync.connection.passwordNone')}
            </small>
          </div>
        </div>
        {text('baseDn', t('directorySync.connection.baseDn'), 'ou=People,dc=example,dc=com')}
        {text(
          'userFilter',
          t('directorySync.connection.userFilter'),
          '(objectClass=inetOrgPerson)',
          t('directorySync.connection.userFilterHint'),
        )}
        <div className="fl-dirsync__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('connectTimeout')}>
              {t('directorySync.connection.connectTimeout')}
            </label>
            <input
              id={field('connectTimeout')}
              className="fl-input"
              inputMode="decimal"
              value={draft.connectTimeoutSeconds}
              onChange={(e) => set('connectTimeoutSeconds', e.target.value)}
            />
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('timeout')}>
              {t('directorySync.connection.timeout')}
            </label>
            <input
              id={field('timeout')}
              className="fl-input"
              inputMode="decimal"
              value={draft.timeoutSeconds}
              onChange={(e) => set('timeoutSeconds', e.target.value)}
            />
          </div>
        </div>
        <div className="fl-dirsync__row">
          <button
            type="button"
            className="fl-btn fl-btn--secondary"
            onClick={onTest}
            disabled={!draft.url.trim() || test?.kind === 'testing'}
          >
            {test?.kind === 'testing' ? t('directorySync.test.testing') : t('directorySync.test.button')}
          </button>
        </div>
        {test?.kind === 'done' && (
          <div className={`fl-alert ${test.result.ok ? 'fl-alert--info' : 'fl-alert--error'} fl-dirsync__test`} role="status">
            <strong>
              {test.result.ok
                ? t('directorySync.test.ok', { count: test.result.userCount ?? 0 })
                : t(`directorySync.test.outcome.${test.result.outcome}`)}
            </strong>
            <p className="fl-dirsync__detail">{test.result.message}</p>
            {test.result.sample.length > 0 && (
              <p className="fl-dirsync__detail">{t('directorySync.test.sample', { emails: test.result.sample.join(', ') })}</p>
            )}
          </div>
        )}
        {test?.kind === 'error' && (
          <div className="fl-alert fl-alert--error fl-dirsync__test" role="alert">
            {test.message}
          </div>
        )}
      </section>

      <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby={`${id}-mapping`}>
        <h2 id={`${id}-mapping`}>{t('directorySync.mapping.title')}</h2>
        <p className="fl-dirsync__hint fl-dirsync__lead">{t('directorySync.mapping.intro')}</p>
        {select(
          'departmentSource',
          t('directorySync.mapping.departmentSource'),
          [
            ['ou', t('directorySync.mapping.fromOu')],
            ['attribute', t('directorySync.mapping.fromAttribute')],
          ],
          draft.departmentSource === 'ou' ? t('directorySync.mapping.fromOuHint') : t('directorySync.mapping.fromAttributeHint'),
        )}
        <div className="fl-dirsync__grid fl-dirsync__grid--three">
          {ATTRIBUTES.filter((a) => a !== 'department' || draft.departmentSource === 'attribute').map((a) => (
            <div className="fl-field" key={a}>
              <label className="fl-label" htmlFor={field(`attr-${a}`)}>
                {t(`directorySync.mapping.attr.${a}`)}
              </label>
              <input
                id={field(`attr-${a}`)}
                className="fl-input fl-dirsync__mono"
                value={draft.attributes[a]}
                spellCheck={false}
                autoCapitalize="off"
                onChange={(e) => setAttribute(a, e.target.value)}
              />
            </div>
          ))}
        </div>
      </section>

      <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby={`${id}-behaviour`}>
        <h2 id={`${id}-behaviour`}>{t('directorySync.behaviour.title')}</h2>
        {check('loginEnabled', t('directorySync.behaviour.loginEnabled'), t('directorySync.behaviour.loginEnabledHint'))}
        {check('syncEnabled', t('directorySync.behaviour.syncEnabled'), t('directorySync.behaviour.syncEnabledHint'))}
        <div className="fl-dirsync__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={field('interval')}>
              {t('directorySync.behaviour.interval')}
            </label>
            <input
              id={field('interval')}
              className="fl-input"
              inputMode="numeric"
              value={draft.syncIntervalMinutes}
              disabled={!draft.syncEnabled}
              onChange={(e) => set('syncIntervalMinutes', e.target.value)}
            />
          </div>
          {select(
            'defaultRole',
            t('directorySync.behaviour.defaultRole'),
            ROLES.map((r) => [r, t(`directorySync.roles.${r}`)]),
          )}
        </div>
        {select('leavers', t('directorySync.behaviour.leavers'), [
          ['deactivate', t('directorySync.behaviour.leaversDeactivate')],
          ['keep', t('directorySync.behaviour.leaversKeep')],
        ])}
      </section>

      <div className="fl-dirsync__actions">
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
          {busy ? t('directorySync.saving') : t('directorySync.save')}
        </button>
        {status?.kind === 'saved' && (
          <span className="fl-dirsync__saved" role="status">
            {t('directorySync.saved')}
          </span>
        )}
      </div>
      {status?.kind === 'error' && (
        <div className="fl-alert fl-alert--error" role="alert">
          <strong>{status.message}</strong>
          {status.detail && <p className="fl-dirsync__detail">{status.detail}</p>}
        </div>
      )}
    </form>
  );
}

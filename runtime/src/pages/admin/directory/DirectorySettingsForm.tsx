import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckSetting, SecretSetting, SelectSetting, TextSetting } from '../../../components/SettingFields.tsx';
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
  groupFilter: string;
  groupBaseDn: string;
  groupMemberAttribute: string;
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
  groupFilter: '',
  groupBaseDn: '',
  groupMemberAttribute: 'member',
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
        groupFilter: s.groupFilter,
        groupBaseDn: s.groupBaseDn,
        groupMemberAttribute: s.groupMemberAttribute,
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
    groupFilter: d.groupFilter.trim(),
    groupBaseDn: d.groupBaseDn.trim(),
    groupMemberAttribute: d.groupMemberAttribute.trim() || 'member',
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

  const text = (
    key: 'url' | 'bindDn' | 'baseDn' | 'userFilter' | 'groupFilter' | 'groupBaseDn' | 'groupMemberAttribute',
    label: string,
    placeholder: string,
    hint?: string,
  ) => (
    <TextSetting
      id={field(key)}
      label={label}
      hint={hint}
      placeholder={placeholder}
      code
      value={draft[key]}
      onChange={(v) => set(key, v)}
    />
  );
  const check = (key: 'loginEnabled' | 'syncEnabled', label: string, hint: string) => (
    <CheckSetting id={field(key)} label={label} hint={hint} checked={draft[key]} onChange={(checked) => set(key, checked)} />
  );
  const decimal = (key: 'connectTimeoutSeconds' | 'timeoutSeconds' | 'syncIntervalMinutes', label: string) => ({
    id: field(key),
    label,
    value: draft[key],
    onChange: (value: string) => set(key, value),
  });

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
          <SecretSetting
            id={field('bindPassword')}
            label={t('directorySync.connection.bindPassword')}
            value={draft.bindPassword}
            onChange={(value) => set('bindPassword', value)}
            stored={Boolean(saved?.hasBindPassword)}
            texts={{
              kept: t('directorySync.connection.passwordKept'),
              stored: t('directorySync.connection.passwordStored'),
              none: t('directorySync.connection.passwordNone'),
            }}
          />
        </div>
        {text('baseDn', t('directorySync.connection.baseDn'), 'ou=People,dc=example,dc=com')}
        {text(
          'userFilter',
          t('directorySync.connection.userFilter'),
          '(objectClass=inetOrgPerson)',
          t('directorySync.connection.userFilterHint'),
        )}
        {text(
          'groupFilter',
          t('directorySync.connection.groupFilter'),
          '(cn=formloom-users)',
          t('directorySync.connection.groupFilterHint'),
        )}
        {draft.groupFilter.trim() && (
          <div className="fl-dirsync__grid">
            {text(
              'groupBaseDn',
              t('directorySync.connection.groupBaseDn'),
              'ou=Groups,dc=example,dc=com',
              t('directorySync.connection.groupBaseDnHint'),
            )}
            {text(
              'groupMemberAttribute',
              t('directorySync.connection.groupMemberAttribute'),
              'member',
              t('directorySync.connection.groupMemberAttributeHint'),
            )}
          </div>
        )}
        <div className="fl-dirsync__grid">
          <TextSetting {...decimal('connectTimeoutSeconds', t('directorySync.connection.connectTimeout'))} inputMode="decimal" />
          <TextSetting {...decimal('timeoutSeconds', t('directorySync.connection.timeout'))} inputMode="decimal" />
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
        <SelectSetting
          id={field('departmentSource')}
          label={t('directorySync.mapping.departmentSource')}
          value={draft.departmentSource}
          options={[
            ['ou', t('directorySync.mapping.fromOu')],
            ['attribute', t('directorySync.mapping.fromAttribute')],
          ]}
          onChange={(source) => set('departmentSource', source)}
          hint={draft.departmentSource === 'ou' ? t('directorySync.mapping.fromOuHint') : t('directorySync.mapping.fromAttributeHint')}
        />
        <div className="fl-dirsync__grid fl-dirsync__grid--three">
          {ATTRIBUTES.filter((a) => a !== 'department' || draft.departmentSource === 'attribute').map((a) => (
            <TextSetting
              key={a}
              id={field(`attr-${a}`)}
              label={t(`directorySync.mapping.attr.${a}`)}
              code
              value={draft.attributes[a]}
              onChange={(value) => setAttribute(a, value)}
            />
          ))}
        </div>
      </section>

      <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby={`${id}-behaviour`}>
        <h2 id={`${id}-behaviour`}>{t('directorySync.behaviour.title')}</h2>
        {check('loginEnabled', t('directorySync.behaviour.loginEnabled'), t('directorySync.behaviour.loginEnabledHint'))}
        {check('syncEnabled', t('directorySync.behaviour.syncEnabled'), t('directorySync.behaviour.syncEnabledHint'))}
        <div className="fl-dirsync__grid">
          <TextSetting
            {...decimal('syncIntervalMinutes', t('directorySync.behaviour.interval'))}
            inputMode="numeric"
            disabled={!draft.syncEnabled}
          />
          <SelectSetting
            id={field('defaultRole')}
            label={t('directorySync.behaviour.defaultRole')}
            value={draft.defaultRole}
            options={ROLES.map((r) => [r, t(`directorySync.roles.${r}`)] as const)}
            onChange={(role) => set('defaultRole', role)}
          />
        </div>
        <SelectSetting
          id={field('leavers')}
          label={t('directorySync.behaviour.leavers')}
          value={draft.leavers}
          options={[
            ['deactivate', t('directorySync.behaviour.leaversDeactivate')],
            ['keep', t('directorySync.behaviour.leaversKeep')],
          ]}
          onChange={(leavers) => set('leavers', leavers)}
        />
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

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { ApiError } from '../../../api/errors.ts';
import { AdminOnly } from '../../../components/AdminOnly.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { CheckSetting, TextSetting } from '../../../components/SettingFields.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { securityApiOf, type SecuritySettings } from '../../account/securityApi.ts';
import '../../account/AccountPage.css';

type Section = keyof SecuritySettings;
type NumberField = { section: Section; key: string; min: number; max: number };

/** The numeric settings, each with its limits (the server's zod model has the same). */
const NUMBERS: Record<Section, NumberField[]> = {
  sessions: [
    { section: 'sessions', key: 'idleTimeoutMinutes', min: 5, max: 90 * 24 * 60 },
    { section: 'sessions', key: 'absoluteLifetimeHours', min: 1, max: 365 * 24 },
  ],
  passwords: [
    { section: 'passwords', key: 'minLength', min: 8, max: 128 },
    { section: 'passwords', key: 'historyCount', min: 0, max: 24 },
  ],
  throttling: [
    { section: 'throttling', key: 'windowMinutes', min: 1, max: 24 * 60 },
    { section: 'throttling', key: 'maxFailuresPerAccount', min: 3, max: 1000 },
    { section: 'throttling', key: 'maxFailuresPerAddress', min: 5, max: 100_000 },
    { section: 'throttling', key: 'lockoutMinutes', min: 1, max: 24 * 60 },
  ],
};
const CHECKS = ['requireLetters', 'requireDigits', 'refusePersonalInfo', 'refuseCommon'] as const;

/** /admin/security: session limits, password rules and sign-in throttling (admins). */
export default function SecurityPage() {
  const { t } = useTranslation();
  return (
    <AdminOnly refusal={t('security.adminsOnly')}>
      <SecuritySettingsPage />
    </AdminOnly>
  );
}

function SecuritySettingsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const security = useMemo(() => securityApiOf(api), [api]);
  const loaded = useAsync(() => security.settings(), [security]);
  const [draft, setDraft] = useState<SecuritySettings | null>(null);
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'saved' } | { kind: 'error'; text: string }>({ kind: 'idle' });

  const loadedSettings = loaded.status === 'ok' ? loaded.data : null;
  useEffect(() => {
    if (loadedSettings) setDraft(loadedSettings);
  }, [loadedSettings]);

  const setValue = (section: Section, key: string, value: number | boolean) => {
    if (!draft) return;
    setDraft({ ...draft, [section]: { ...draft[section], [key]: value } });
    setStatus({ kind: 'idle' });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setStatus({ kind: 'busy' });
    try {
      setDraft(await security.saveSettings(draft));
      setStatus({ kind: 'saved' });
    } catch (err) {
      const text =
        err instanceof ApiError && err.status === 400
          ? t('security.invalid')
          : t('security.error', { message: String((err as Error).message) });
      setStatus({ kind: 'error', text });
    }
  };

  const number = (f: NumberField) => {
    const value = (draft?.[f.section] as Record<string, number> | undefined)?.[f.key] ?? 0;
    return (
      <TextSetting
        key={f.key}
        id={`security-${f.section}-${f.key}`}
        label={t(`security.fields.${f.key}`)}
        type="number"
        inputMode="numeric"
        min={f.min}
        max={f.max}
        step={1}
        required
        value={Number.isFinite(value) ? String(value) : ''}
        onChange={(text) => setValue(f.section, f.key, text === '' ? NaN : Number(text))}
      />
    );
  };

  return (
    <main className="fl-main fl-security">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('security.title')}</h1>
          <p>{t('security.intro')}</p>
        </div>
      </div>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {draft && (
        <form onSubmit={save} aria-label={t('security.title')}>
          {(['sessions', 'passwords', 'throttling'] as const).map((section) => (
            <section key={section} className="fl-card fl-panel fl-security__section" aria-labelledby={`security-${section}`}>
              <h2 id={`security-${section}`}>{t(`security.sections.${section}.title`)}</h2>
              <p>{t(`security.sections.${section}.intro`)}</p>
              <div className="fl-security__grid">{NUMBERS[section].map(number)}</div>
              {section === 'passwords' &&
                CHECKS.map((key) => (
                  <CheckSetting
                    key={key}
                    id={`security-passwords-${key}`}
                    label={t(`security.fields.${key}`)}
                    checked={draft.passwords[key]}
                    onChange={(checked) => setValue('passwords', key, checked)}
                  />
                ))}
            </section>
          ))}
          {status.kind === 'saved' && (
            <p className="fl-alert fl-alert--info" role="status">
              {t('security.saved')}
            </p>
          )}
          {status.kind === 'error' && (
            <p className="fl-alert fl-alert--error" role="alert">
              {status.text}
            </p>
          )}
          <button type="submit" className="fl-btn fl-btn--primary" disabled={status.kind === 'busy'}>
            {t('security.save')}
          </button>
        </form>
      )}
    </main>
  );
}

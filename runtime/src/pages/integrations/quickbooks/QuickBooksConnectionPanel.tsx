import type { QuickBooksConnection, QuickBooksEnvironment } from '@formloom/plugin-quickbooks/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';
import { ConfirmButton } from '../connectors/ConfirmButton.tsx';
import { mappingErrors } from '../connectors/mappingErrors.ts';
import { Section } from '../connectors/Section.tsx';
import { TextSetting } from '../../../components/SettingFields.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

/** Where the browser goes for Intuit's consent page (a test replaces it). */
export const goTo = { assign: (url: string) => window.location.assign(url) };

/** The Intuit app's keys (unless the environment sets them) and the connected companies. */
export function QuickBooksConnectionPanel({ connection, onChanged }: { connection: QuickBooksConnection; onChanged: () => void }) {
  return (
    <>
      <AppSettings connection={connection} onSaved={onChanged} />
      {connection.configured && <Companies connection={connection} onChanged={onChanged} />}
    </>
  );
}

function AppSettings({ connection, onSaved }: { connection: QuickBooksConnection; onSaved: () => void }) {
  const { t } = useTranslation();
  const { quickbooks } = useRequiredConnectorsApi();
  const [open, setOpen] = useState(!connection.configured);
  const [clientId, setClientId] = useState(connection.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [environment, setEnvironment] = useState<QuickBooksEnvironment>(connection.environment);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setErrors({});
    setGeneral(null);
    try {
      await quickbooks.saveSettings({ clientId, clientSecret, environment });
      setClientSecret('');
      setOpen(false);
      onSaved();
    } catch (error) {
      const found = mappingErrors(error);
      setErrors(found.at);
      setGeneral(found.general ?? (error instanceof ApiError ? null : t('connectors.saveFailed')));
    } finally {
      setSaving(false);
    }
  };

  const redirect = (
    <p className="fl-int-small">
      {t('quickbooks.settings.redirectUri')} <code className="fl-int-url">{connection.redirectUri}</code>
    </p>
  );
  return (
    <Section id="qbo-settings" title={t('quickbooks.settings.title')} hint={t('quickbooks.settings.hint')}>
      {connection.settingsFromEnv ? (
        <>
          <p className="fl-alert fl-alert--info">{t('quickbooks.settings.fromEnv', { clientId: connection.clientId ?? '' })}</p>
          {redirect}
        </>
      ) : !open ? (
        <div className="fl-conn-kv">
          <p>
            <span className="fl-int-muted">{t('quickbooks.settings.clientId')}</span> <code>{connection.clientId}</code>
          </p>
          <p>
            <span className="fl-int-muted">{t('quickbooks.settings.environment')}</span>{' '}
            {t(`quickbooks.settings.env.${connection.environment}`)}
          </p>
          {redirect}
          <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setOpen(true)}>
            {t('quickbooks.settings.change')}
          </button>
        </div>
      ) : (
        <form onSubmit={save} noValidate>
          {general && (
            <p className="fl-alert fl-alert--error" role="alert">
              {general}
            </p>
          )}
          <div className="fl-conn-grid">
            <TextSetting
              spellCheck={false}
              autoComplete="off"
              id="qbo-client-id"
              label={t('quickbooks.settings.clientId')}
              value={clientId}
              onChange={setClientId}
              error={errors.clientId}
            />
            <TextSetting
              spellCheck={false}
              autoComplete="off"
              id="qbo-client-secret"
              label={t('quickbooks.settings.clientSecret')}
              value={clientSecret}
              onChange={setClientSecret}
              error={errors.clientSecret}
              type="password"
            />
          </div>
          <fieldset className="fl-conn-choice">
            <legend className="fl-label">{t('quickbooks.settings.environment')}</legend>
            {(['sandbox', 'production'] as const).map((env) => (
              <label key={env} className="fl-int-check">
                <input type="radio" name="qbo-environment" checked={environment === env} onChange={() => setEnvironment(env)} />
                <span>{t(`quickbooks.settings.env.${env}`)}</span>
              </label>
            ))}
          </fieldset>
          {redirect}
          <div className="fl-int-actions">
            <button type="submit" className="fl-btn fl-btn--primary" disabled={saving}>
              {t('quickbooks.settings.save')}
            </button>
            {connection.configured && (
              <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setOpen(false)}>
                {t('connectors.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
    </Section>
  );
}

function Companies({ connection, onChanged }: { connection: QuickBooksConnection; onChanged: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale, 'short');
  const { quickbooks } = useRequiredConnectorsApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      onChanged();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('connectors.saveFailed'));
    } finally {
      setBusy(false);
    }
  };
  const connect = () =>
    run(async () => {
      const { authorizeUrl } = await quickbooks.connect();
      goTo.assign(authorizeUrl);
    });

  return (
    <Section
      id="qbo-companies"
      title={t('quickbooks.companies.title')}
      hint={t('quickbooks.companies.hint')}
      actions={
        <button type="button" className="fl-btn fl-btn--primary" onClick={connect} disabled={busy}>
          {connection.connected ? t('quickbooks.companies.connectAnother') : t('quickbooks.companies.connect')}
        </button>
      }
    >
      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}
      {connection.companies.length === 0 ? (
        <p className="fl-int-muted">{t('quickbooks.companies.none')}</p>
      ) : (
        <ul className="fl-conn-companies">
          {connection.companies.map((company) => (
            <li key={company.realmId} className="fl-conn-companies__item">
              <label className="fl-int-check">
                <input
                  type="radio"
                  name="qbo-active-company"
                  checked={company.active}
                  disabled={busy}
                  onChange={() => run(() => quickbooks.selectCompany(company.realmId))}
                />
                <span>
                  <strong>{company.name}</strong>{' '}
                  {company.active && <span className="fl-badge fl-badge--ok">{t('quickbooks.companies.active')}</span>}
                  <br />
                  <span className="fl-int-muted fl-int-small">
                    {t('quickbooks.companies.realm', { realmId: company.realmId, when: when(company.connectedAt) })}
                  </span>
                </span>
              </label>
              {company.problem && <p className="fl-int-error">{t('quickbooks.companies.problem', { problem: company.problem })}</p>}
              <ConfirmButton
                label={t('quickbooks.companies.remove')}
                question={t('quickbooks.companies.removeQuestion', { name: company.name })}
                confirmLabel={t('quickbooks.companies.removeConfirm')}
                onConfirm={() => run(() => quickbooks.removeCompany(company.realmId))}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

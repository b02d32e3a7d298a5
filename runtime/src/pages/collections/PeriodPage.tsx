import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, NetworkError } from '../../api/errors.ts';
import type { SchedulesApi } from '../../api/schedules.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { departmentNames, periodLabel, timeOnly } from './format.ts';
import { useSchedulesApi } from './useSchedulesApi.ts';
import './collections.css';

/** /f/:formId/periods/:periodKey: who responded (late marked), who has not, and one button to remind them. */
export default function PeriodPage({ formId, periodKey }: { formId: string; periodKey: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const schedules = useSchedulesApi();
  const state = useAsync(async () => {
    const [form, detail, departments] = await Promise.all([
      api.getForm(formId),
      schedules!.period(formId, periodKey),
      // Names of departments are a nicety: the page works without them.
      schedules!.departments().catch(() => []),
    ]);
    return { form, detail, departments: departmentNames(departments, locale) };
  }, [api, schedules, formId, periodKey, locale]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const { form, detail, departments } = state.data;
  const { period, responded, notResponded } = detail;
  const submittedAt = dateTimeFormat(locale, 'short');
  const department = (id: string | null) => (id ? (departments.get(id) ?? '') : '');
  return (
    <main className="fl-main fl-main--narrow fl-coll">
      <nav className="fl-breadcrumb" aria-label={t('collections.breadcrumb')}>
        <Link to={`/f/${encodeURIComponent(formId)}/periods`}>{t('collections.period.back', { name: form.name })}</Link>
      </nav>
      <h1 className="fl-coll__title">{periodLabel(period.opensAt, locale)}</h1>
      <p className="fl-coll__hint">{t('collections.period.deadline', { time: timeOnly(period.deadline, locale) })}</p>

      <dl className="fl-coll__stats">
        <Stat label={t('collections.period.expected')} value={period.expected} />
        <Stat label={t('collections.period.respondedCount')} value={period.responded} />
        <Stat
          label={t('collections.period.notRespondedCount')}
          value={notResponded.length}
          tone={notResponded.length ? 'warn' : undefined}
        />
        <Stat label={t('collections.period.lateCount')} value={period.late} tone={period.late ? 'late' : undefined} />
      </dl>

      {schedules && <RemindButton schedules={schedules} formId={formId} periodKey={periodKey} waiting={notResponded.length} />}

      <section className="fl-coll__section" aria-labelledby="fl-coll-not">
        <h2 id="fl-coll-not">{t('collections.period.notResponded', { count: notResponded.length })}</h2>
        {notResponded.length === 0 ? (
          <p className="fl-coll__hint">{t('collections.period.everyone')}</p>
        ) : (
          <ul className="fl-card fl-coll__people">
            {notResponded.map((p) => (
              <li key={p.userId} className="fl-coll__person">
                <span className="fl-coll__person-name">{p.name}</span>
                <span className="fl-coll__meta">{department(p.departmentId)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="fl-coll__section" aria-labelledby="fl-coll-done">
        <h2 id="fl-coll-done">{t('collections.period.responded', { count: responded.length })}</h2>
        {responded.length === 0 ? (
          <p className="fl-coll__hint">{t('collections.period.nobodyYet')}</p>
        ) : (
          <ul className="fl-card fl-coll__people">
            {responded.map((p) => (
              <li key={p.userId}>
                <Link
                  className="fl-coll__person fl-coll__person--link"
                  to={p.submissionId ? `/r/${encodeURIComponent(p.submissionId)}` : '#'}
                >
                  <span className="fl-coll__person-name">{p.name}</span>
                  <span className="fl-coll__meta">
                    {[department(p.departmentId), p.submittedAt ? submittedAt(p.submittedAt) : ''].filter(Boolean).join(' · ')}
                  </span>
                  {p.late && <span className="fl-badge fl-coll-badge--late">{t('collections.period.late')}</span>}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'warn' | 'late' }) {
  return (
    <div className={`fl-coll__stat${tone ? ` fl-coll__stat--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** "Remind non-responders": asks first, then says how many were reminded. */
function RemindButton(props: { schedules: SchedulesApi; formId: string; periodKey: string; waiting: number }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<'idle' | 'confirm' | 'sending'>('idle');
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const send = async () => {
    setStage('sending');
    try {
      const { reminded } = await props.schedules.remind(props.formId, props.periodKey);
      setResult({ kind: 'ok', text: t('collections.remind.done', { count: reminded }) });
      setStage('idle');
    } catch (err) {
      setStage('confirm');
      if (err instanceof NetworkError) setResult({ kind: 'error', text: t('collections.remind.offline') });
      else setResult({ kind: 'error', text: err instanceof ApiError ? err.message : t('collections.remind.failed') });
    }
  };

  return (
    <div className="fl-coll__remind">
      {result && (
        <p
          className={`fl-alert ${result.kind === 'ok' ? 'fl-alert--info' : 'fl-alert--error'}`}
          role={result.kind === 'ok' ? 'status' : 'alert'}
        >
          {result.text}
        </p>
      )}
      {stage === 'idle' ? (
        <button
          type="button"
          className="fl-btn fl-btn--primary fl-btn--block"
          disabled={props.waiting === 0}
          onClick={() => {
            setResult(null);
            setStage('confirm');
          }}
        >
          {t('collections.remind.button')}
        </button>
      ) : (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-labelledby="fl-coll-remind-q">
          <p id="fl-coll-remind-q">{t('collections.remind.confirm', { count: props.waiting })}</p>
          <div className="fl-alert__actions fl-coll__confirm">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('idle')} disabled={stage === 'sending'}>
              {t('collections.remind.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--primary" onClick={send} disabled={stage === 'sending'}>
              {stage === 'sending' ? t('collections.remind.sending') : t('collections.remind.yes', { count: props.waiting })}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import type { PeriodSummary } from '../../api/schedules.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { periodLabel, timeOnly } from './format.ts';
import { useSchedulesApi } from './useSchedulesApi.ts';
import './collections.css';

const PAGE = 30;

/** /f/:formId/periods: a scheduled form's periods, newest first, with how many responded and were late. */
export default function PeriodsPage({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const schedules = useSchedulesApi();
  const [more, setMore] = useState<{ items: PeriodSummary[]; cursor: string | null; loading: boolean }>({
    items: [],
    cursor: null,
    loading: false,
  });
  const state = useAsync(async () => {
    const [form, first] = await Promise.all([api.getForm(formId), schedules!.periods(formId, { limit: PAGE })]);
    setMore({ items: [], cursor: first.nextCursor, loading: false });
    return { form, first: first.items };
  }, [api, schedules, formId]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const periods = [...state.data.first, ...more.items];
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true }));
    const next = await schedules!.periods(formId, { limit: PAGE, cursor: more.cursor }).catch(() => null);
    setMore((m) => (next ? { items: [...m.items, ...next.items], cursor: next.nextCursor, loading: false } : { ...m, loading: false }));
  };
  return (
    <main className="fl-main fl-main--narrow fl-coll">
      <nav className="fl-breadcrumb" aria-label={t('collections.breadcrumb')}>
        <Link to={`/f/${encodeURIComponent(formId)}/submissions`}>{state.data.form.name}</Link>
      </nav>
      <h1 className="fl-coll__title">{t('collections.periods.title')}</h1>
      <p className="fl-coll__hint">{t('collections.periods.intro')}</p>
      {periods.length === 0 ? (
        <EmptyState title={t('collections.periods.noneTitle')}>
          <p>{t('collections.periods.none')}</p>
        </EmptyState>
      ) : (
        <ul className="fl-card fl-coll__list" aria-label={t('collections.periods.title')}>
          {periods.map((p) => (
            <PeriodRow key={p.key} formId={formId} period={p} />
          ))}
        </ul>
      )}
      {more.cursor && (
        <button type="button" className="fl-btn fl-btn--secondary fl-btn--block fl-coll__more" onClick={loadMore} disabled={more.loading}>
          {t('collections.periods.more')}
        </button>
      )}
    </main>
  );
}

function PeriodRow({ formId, period: p }: { formId: string; period: PeriodSummary }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const share = p.expected ? Math.round((p.responded / p.expected) * 100) : 0;
  return (
    <li>
      <Link className="fl-coll__row" to={`/f/${encodeURIComponent(formId)}/periods/${encodeURIComponent(p.key)}`}>
        <span className="fl-coll__row-main">
          <span className="fl-coll__row-title">{periodLabel(p.opensAt, locale)}</span>
          <span className="fl-coll__meta">{t('collections.periods.deadline', { time: timeOnly(p.deadline, locale) })}</span>
        </span>
        <span className="fl-coll__row-figures">
          <span className="fl-coll__ratio">{t('collections.periods.responded', { responded: p.responded, expected: p.expected })}</span>
          <span className="fl-coll__bar" aria-hidden="true">
            <span style={{ width: `${share}%` }} />
          </span>
          {p.late > 0 && <span className="fl-badge fl-coll-badge--late">{t('collections.periods.late', { count: p.late })}</span>}
        </span>
      </Link>
    </li>
  );
}

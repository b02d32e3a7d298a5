import { useTranslation } from 'react-i18next';
import type { Assignment } from '../../api/schedules.ts';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { timeOnly } from './format.ts';
import { useSchedulesApi } from './useSchedulesApi.ts';
import './collections.css';

/**
 * Home page: the scheduled forms the user must fill today (the daily health declaration), with the
 * deadline and a Fill button; done ones ticked, late and missed ones marked. Nothing when none are
 * due, or when the list cannot be read (the rest of the home page matters more).
 */
export function DueToday() {
  const { t } = useTranslation();
  const schedules = useSchedulesApi();
  const due = useAsync(async () => (schedules ? schedules.dueToday() : []), [schedules]);
  if (due.status !== 'ok' || due.data.length === 0) return null;
  const open = due.data.filter((a) => a.status === 'due' || a.status === 'missed').length;
  return (
    <section className="fl-coll-due" aria-labelledby="fl-coll-due-title">
      <h2 id="fl-coll-due-title" className="fl-coll-due__title">
        {t('collections.due.title')}
        {open > 0 && <span className="fl-coll-due__count">{t('collections.due.toFill', { count: open })}</span>}
      </h2>
      <ul className="fl-card fl-coll-due__list">
        {due.data.map((a) => (
          <DueItem key={`${a.formId}/${a.periodKey}`} assignment={a} />
        ))}
      </ul>
    </section>
  );
}

function DueItem({ assignment: a }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const deadline = timeOnly(a.deadline, locale);
  const filled = a.status === 'done' || a.status === 'late';
  return (
    <li className={`fl-coll-due__item fl-coll-due__item--${a.status}`}>
      <span className="fl-coll-due__mark" aria-hidden="true">
        {filled ? '✓' : a.status === 'missed' ? '!' : '○'}
      </span>
      <span className="fl-coll-due__body">
        <span className="fl-coll-due__name">{a.formName}</span>
        <span className="fl-coll-due__meta">
          {a.status === 'due' && t('collections.due.by', { time: deadline })}
          {a.status === 'done' && t('collections.due.done')}
          {a.status === 'late' && <span className="fl-badge fl-coll-badge--late">{t('collections.due.submittedLate')}</span>}
          {a.status === 'missed' && <span className="fl-badge fl-coll-badge--late">{t('collections.due.missed', { time: deadline })}</span>}
        </span>
      </span>
      {!filled && (
        <Link
          className="fl-btn fl-btn--primary fl-coll-due__fill"
          to={`/f/${encodeURIComponent(a.formId)}`}
          aria-label={t('collections.due.fillNamed', { name: a.formName })}
        >
          {t('collections.due.fill')}
        </Link>
      )}
      {filled && a.submissionId && (
        <Link className="fl-btn fl-btn--ghost fl-coll-due__fill" to={`/r/${encodeURIComponent(a.submissionId)}`}>
          {t('collections.due.view')}
        </Link>
      )}
    </li>
  );
}

import { useTranslation } from 'react-i18next';
import type { ApprovalTask, SubmittedItem } from '../../api/workflow.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { flowText, summaryLine, timeAgo } from './format.ts';
import type { InboxTab } from './InboxPage.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** A task in a list: the whole card is the link (a 48 px+ target on a phone). */
export function TaskCard({ task, tab }: { task: ApprovalTask; tab: InboxTab }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const summary = summaryLine(task.summary);
  const unreadCc = task.kind === 'cc' && task.status === 'pending';
  const due = task.dueAt && task.status === 'pending' ? Date.parse(task.dueAt) : NaN;
  const overdue = !Number.isNaN(due) && due < Date.now();
  return (
    <Link to={`/tasks/${encodeURIComponent(task.id)}`} className={`fl-card fl-inbox-card${unreadCc ? ' fl-inbox-card--unread' : ''}`}>
      <span className="fl-inbox-card__top">
        <span className="fl-inbox-card__title">
          {unreadCc && <span className="fl-inbox-card__dot" aria-label={t('inbox.unread')} role="img" />}
          {task.formName}
        </span>
        {tab === 'todo' ? (
          <span className="fl-inbox-card__node">{flowText(task.nodeName, locale)}</span>
        ) : task.kind === 'cc' ? (
          <StatusBadge status={task.submissionStatus} />
        ) : (
          <StatusBadge status={task.status} of="task" />
        )}
      </span>
      <span className="fl-inbox-card__who">{t('inbox.from', { name: task.submitterName ?? t('submissions.anonymous') })}</span>
      {summary && <span className="fl-inbox-card__summary">{summary}</span>}
      <span className="fl-inbox-card__times">
        <time dateTime={task.actedAt ?? task.createdAt}>{timeAgo(task.actedAt ?? task.createdAt, locale, t('inbox.justNow'))}</time>
        {/* My part is done; the request itself may since have gone either way. */}
        {tab === 'done' && <span>{t('inbox.requestStatus', { status: t(`inbox.status.submission.${task.submissionStatus}`) })}</span>}
        {!Number.isNaN(due) && (
          <span className={`fl-inbox-card__due${overdue ? ' fl-inbox-card__due--overdue' : ''}`}>
            {t(overdue ? 'inbox.overdue' : 'inbox.due', { at: dateTimeFormat(locale, 'short')(task.dueAt!) })}
          </span>
        )}
      </span>
    </Link>
  );
}

/** One of my submissions: where it stands and who has it now. */
export function SubmittedCard({ item }: { item: SubmittedItem }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const summary = summaryLine(item.summary);
  const withWhom = item.current.flatMap((c) => c.assignees.map((a) => a.name));
  return (
    <Link to={`/r/${encodeURIComponent(item.submissionId)}`} className="fl-card fl-inbox-card">
      <span className="fl-inbox-card__top">
        <span className="fl-inbox-card__title">{item.formName}</span>
        <StatusBadge status={item.status} />
      </span>
      {item.status === 'pending' && withWhom.length > 0 && (
        <span className="fl-inbox-card__who">{t('inbox.withNow', { names: withWhom.join(locale === 'zh-Hant' ? '、' : ', ') })}</span>
      )}
      {summary && <span className="fl-inbox-card__summary">{summary}</span>}
      <span className="fl-inbox-card__times">
        <time dateTime={item.createdAt}>{t('inbox.submittedAgo', { ago: timeAgo(item.createdAt, locale, t('inbox.justNow')) })}</time>
      </span>
    </Link>
  );
}

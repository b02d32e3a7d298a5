import { useTranslation } from 'react-i18next';
import type { FlowPosition, TimelineEntry } from '../../api/workflow.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { flowText } from './format.ts';

/**
 * Every step of a submission's flow so far, oldest first (it reads as a story: submitted, approved by
 * the manager, rejected by finance), then the steps still waiting, with who they wait for.
 */
export function FlowTimeline({ items, current }: { items: TimelineEntry[]; current: FlowPosition[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale);
  const list = (names: string[]) => names.join(locale === 'zh-Hant' ? '、' : ', ');
  return (
    <ol className="fl-flow-timeline">
      {items.map((entry, i) => {
        const actor = entry.actorName ?? t('inbox.timeline.system');
        const node = flowText(entry.nodeName, locale);
        return (
          <li key={`${entry.at}-${i}`} className={`fl-flow-timeline__entry fl-flow-timeline__entry--${entry.action}`}>
            <span className="fl-flow-timeline__dot" aria-hidden="true" />
            <p className="fl-flow-timeline__head">
              <strong>
                {t(`inbox.timeline.action.${entry.action}`, { actor, users: list(entry.userNames), count: entry.userNames.length })}
              </strong>
            </p>
            <p className="fl-flow-timeline__meta">
              {node && <span className="fl-flow-timeline__node">{node}</span>}
              <time dateTime={entry.at}>{when(entry.at)}</time>
            </p>
            {entry.comment && <blockquote className="fl-flow-timeline__comment">{entry.comment}</blockquote>}
          </li>
        );
      })}
      {current.map((position) => (
        <li key={`now-${position.nodeId}`} className="fl-flow-timeline__entry fl-flow-timeline__entry--current">
          <span className="fl-flow-timeline__dot" aria-hidden="true" />
          <p className="fl-flow-timeline__head">
            <strong>
              {t('inbox.timeline.waitingFor', {
                users:
                  list(position.assignees.filter((a) => !a.status || a.status === 'pending').map((a) => a.name)) ||
                  t('inbox.timeline.nobody'),
              })}
            </strong>
          </p>
          <p className="fl-flow-timeline__meta">
            <span className="fl-flow-timeline__node">{flowText(position.nodeName, locale)}</span>
            {position.mode && position.assignees.length > 1 && <span>{t(`inbox.mode.${position.mode}`)}</span>}
          </p>
        </li>
      ))}
    </ol>
  );
}

import { useTranslation } from 'react-i18next';
import type { SubmissionStatus } from '../../api/workflow.ts';
import type { TaskStatus } from '@formloom/schemas';

const TONE: Record<string, 'pending' | 'ok' | 'bad' | 'muted'> = {
  pending: 'pending',
  waiting: 'muted',
  approved: 'ok',
  rejected: 'bad',
  returned: 'bad',
  withdrawn: 'muted',
  transferred: 'muted',
  cancelled: 'muted',
  skipped: 'muted',
  submitted: 'muted',
};

/** Where a submission's flow stands (or a task's outcome), in words and a colour that repeats them. */
export function StatusBadge({ status, of = 'submission' }: { status: SubmissionStatus | TaskStatus; of?: 'submission' | 'task' }) {
  const { t } = useTranslation();
  return (
    <span className={`fl-badge fl-flow-badge fl-flow-badge--${TONE[status] ?? 'muted'}`} data-status={status}>
      {t(`inbox.status.${of}.${status}`)}
    </span>
  );
}

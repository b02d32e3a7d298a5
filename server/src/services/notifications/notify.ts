import { nowIso, writeJson } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../repositories/types.ts';
import type { NotificationKind as Kind } from '@formloom/schemas';

/**
 * What a notification is about. Each kind has a title and body in every language
 * (services/notifications/messages.ts), filled from `params` in the recipient's language.
 */
export type NotificationKind =
  | 'task_assigned' // params: formName, submitterName, nodeName
  | 'task_reminder' // formName, submitterName, nodeName
  | 'task_escalated' // formName, submitterName, nodeName, fromName
  | 'submission_approved' // formName
  | 'submission_rejected' // formName, actorName, comment
  | 'submission_returned' // formName, actorName, comment
  | 'cc' // formName, submitterName
  | 'urgent' // senderName, message (a DING: must be acknowledged)
  | 'collection_due' // formName, periodLabel, deadline
  | 'collection_reminder' // formName, periodLabel, deadline
  | 'webhook_disabled' // url, reason (failing | gone), since
  | 'integration_failed'; // connector (Shopify, QuickBooks), formName, message

export interface NotifyInput {
  userIds: readonly string[];
  kind: NotificationKind;
  params: Record<string, string | number | null>;
  /** A runtime path the notification opens, e.g. `/tasks/<id>` or `/r/<submissionId>`. */
  link: string | null;
  submissionId?: string | null;
  taskId?: string | null;
  senderId?: string | null;
  urgent?: boolean;
  /** Also send an email (when SMTP is configured). Default true. */
  email?: boolean;
  /** Groups the rows of one urgent send, so its sender sees one reminder with its recipients. */
  batchId?: string | null;
}

// The zod enum in @formloom/schemas is the API's list; this keeps the two from drifting apart.
type SameKinds = [NotificationKind] extends [Kind] ? ([Kind] extends [NotificationKind] ? true : never) : never;
export const KINDS_MATCH_SCHEMA: SameKinds = true;

/**
 * Writes one notification per recipient, in the caller's transaction: a notification exists if and
 * only if the change it announces committed. The mailer sends the pending emails afterwards.
 */
export async function notify(db: Db, input: NotifyInput): Promise<string[]> {
  const recipients = [...new Set(input.userIds)];
  if (recipients.length === 0) return [];
  const now = nowIso();
  const rows = recipients.map((userId) => ({
    id: newId(),
    user_id: userId,
    kind: input.kind,
    params: writeJson(input.params),
    link: input.link,
    submission_id: input.submissionId ?? null,
    task_id: input.taskId ?? null,
    sender_id: input.senderId ?? null,
    batch_id: input.batchId ?? null,
    urgent: input.urgent ?? false,
    created_at: now,
    email_status: input.email === false ? 'none' : 'pending',
    email_next_at: input.email === false ? null : now,
  }));
  await db('notifications').insert(rows);
  return rows.map((r) => r.id);
}

import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * What a notification is about. The server renders each kind's title and body from its stored
 * parameters in the reader's language (server/src/services/notifications/messages.ts).
 */
export const NotificationKind = z.enum([
  'task_assigned',
  'task_reminder',
  'task_escalated',
  'submission_approved',
  'submission_rejected',
  'submission_returned',
  'cc',
  'urgent',
  'collection_due',
  'collection_reminder',
  'webhook_disabled',
  'integration_failed',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationSender = z.object({ id: Id, name: z.string() });

export const Notification = z
  .object({
    id: Id,
    kind: NotificationKind,
    title: z.string().describe("In the reader's language"),
    body: z.string(),
    link: z.string().nullable().describe('A runtime path such as /tasks/<taskId> or /r/<submissionId>'),
    urgent: z.boolean().describe('An urgent reminder (DING): stays until acknowledged'),
    createdAt: Timestamp,
    readAt: Timestamp.nullable(),
    acknowledgedAt: Timestamp.nullable(),
    sender: NotificationSender.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NOTIFICATIONS_DEFAULT_LIMIT = 20;
export const NOTIFICATIONS_MAX_LIMIT = 100;

const pageLimit = z.coerce.number().int().min(1).max(NOTIFICATIONS_MAX_LIMIT).default(NOTIFICATIONS_DEFAULT_LIMIT);

export const NotificationListQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: only notifications not read yet'),
  urgentPending: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: only urgent reminders not acknowledged yet (what the runtime shows as a dialog)'),
  limit: pageLimit,
  cursor: Id.optional().describe('nextCursor of the previous page'),
});

export const NotificationPage = z
  .object({
    items: z.array(Notification),
    nextCursor: z.string().nullable(),
    unread: z.number().int().describe('All unread notifications of the caller, not only this page'),
    urgentPending: z.number().int().describe('Urgent reminders not acknowledged yet'),
  })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof NotificationPage>;

export const URGENT_MESSAGE_MAX = 500;
export const URGENT_MAX_RECIPIENTS = 50;

export const SendUrgentBody = z.object({
  userIds: z.array(Id).min(1).max(URGENT_MAX_RECIPIENTS),
  message: z.string().trim().min(1).max(URGENT_MESSAGE_MAX),
  submissionId: Id.optional().describe('The submission the reminder is about; needed unless the sender is an admin'),
});
export type SendUrgentBody = z.infer<typeof SendUrgentBody>;

export const SentUrgent = z.object({ ids: z.array(Id), sentAt: Timestamp }).meta({ id: 'SentUrgent' });
export type SentUrgent = z.infer<typeof SentUrgent>;

export const UrgentRecipientState = z.object({
  userId: Id,
  name: z.string(),
  readAt: Timestamp.nullable(),
  acknowledgedAt: Timestamp.nullable(),
});
export type UrgentRecipientState = z.infer<typeof UrgentRecipientState>;

/** One urgent reminder as its sender sees it: who got it, who read it, who acknowledged it. */
export const SentReminder = z
  .object({
    id: Id.describe('The send (one per POST /api/notifications/urgent)'),
    message: z.string(),
    submissionId: Id.nullable(),
    sentAt: Timestamp,
    recipients: z.array(UrgentRecipientState),
  })
  .meta({ id: 'SentReminder' });
export type SentReminder = z.infer<typeof SentReminder>;

export const SentReminderQuery = z.object({ limit: pageLimit, cursor: Id.optional() });

export const SentReminderPage = z.object({ items: z.array(SentReminder), nextCursor: z.string().nullable() });
export type SentReminderPage = z.infer<typeof SentReminderPage>;

import type { SendUrgentBody, SentReminder, SentReminderPage, SentUrgent, User } from '@formloom/schemas';
import { nowIso, readJson } from '../../db/dialect.ts';
import { ForbiddenError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { loadSubmission } from '../submissionAccess.ts';
import { notify } from './notify.ts';
import type { Knex } from 'knex';

/**
 * Who took part in a submission: its submitter and everyone its approval flow assigned a task to or
 * copied in (approval_tasks, migration 009). These are the people a reminder about it may go to.
 */
async function participantsOf(db: Db, submissionId: string): Promise<Set<string>> {
  const submitter = await db('submissions').where({ id: submissionId }).whereNull('deleted_at').first('created_by');
  const tasks = await db('approval_tasks').where({ submission_id: submissionId }).distinct('assignee_id');
  const ids = new Set<string>(tasks.map((t: { assignee_id: string }) => t.assignee_id));
  if (submitter?.created_by) ids.add(submitter.created_by as string);
  return ids;
}

/**
 * Who may send an urgent reminder to whom. Admins: anyone. Everyone else: only about a submission they
 * may read (they take part in its flow, or their app grant lets them see it), and only to the people
 * taking part in it: its submitter, approvers and people copied in. That covers "remind my approver"
 * and "remind the submitter to fix it" without letting anyone page the whole company.
 */
async function checkMayRemind(db: Db, sender: User, body: SendUrgentBody): Promise<void> {
  if (body.submissionId) {
    const participants = await participantsOf(db, body.submissionId);
    // Participants may read it; anyone else needs the access the record page would need (404 otherwise).
    if (!participants.has(sender.id)) await loadSubmission(db, sender, body.submissionId);
    if (sender.role === 'admin') return;
    const outsiders = body.userIds.filter((id) => !participants.has(id));
    if (outsiders.length > 0) {
      throw new ForbiddenError(
        'You can send an urgent reminder about a submission only to the people taking part in it (its submitter, approvers and people copied in).',
        'recipient_not_involved',
      );
    }
    return;
  }
  if (sender.role !== 'admin') {
    throw new ForbiddenError(
      'Send an urgent reminder from a submission you take part in (its record or task page); only admins can send one without a submission.',
      'urgent_needs_submission',
    );
  }
}

/** Enabled users with these ids; an unknown or disabled one is named at its place in the list. */
async function checkRecipients(db: Db, sender: User, userIds: readonly string[]): Promise<void> {
  const found = await db('users')
    .whereIn('id', [...new Set(userIds)])
    .whereNull('disabled_at')
    .select('id');
  const known = new Set(found.map((u: { id: string }) => u.id));
  const details = userIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `userIds.${i}`, message: `There is no active user ${id}.` }]));
  if (details.length > 0) throw new UnprocessableError('unknown_user', 'Some recipients are not active users; pick them again.', details);
  const self = userIds.indexOf(sender.id);
  if (self >= 0) {
    throw new UnprocessableError('recipient_is_sender', 'You cannot send an urgent reminder to yourself.', [
      { path: `userIds.${self}`, message: 'This is you.' },
    ]);
  }
}

/**
 * Sends an urgent reminder (DING): one urgent notification per recipient, which stays on their screen
 * until they acknowledge it, emailed too, with a `notification.urgent_sent` event — all in one transaction.
 */
export async function sendUrgent(knex: Knex, sender: User, body: SendUrgentBody): Promise<SentUrgent> {
  await checkMayRemind(knex, sender, body);
  await checkRecipients(knex, sender, body.userIds);
  const batchId = newId();
  const ids = await knex.transaction(async (trx) => {
    const ids = await notify(trx, {
      userIds: body.userIds,
      kind: 'urgent',
      params: { senderName: sender.name, message: body.message },
      link: body.submissionId ? `/r/${body.submissionId}` : null,
      submissionId: body.submissionId ?? null,
      senderId: sender.id,
      urgent: true,
      batchId,
    });
    await appendEvent(trx, {
      type: 'notification.urgent_sent',
      actorId: sender.id,
      payload: { notificationIds: ids, recipients: [...new Set(body.userIds)] },
    });
    return ids;
  });
  const sent = await knex('notifications').where({ id: ids[0] }).first('created_at');
  return { ids, sentAt: (sent?.created_at as string) ?? nowIso() };
}

interface SentRow {
  id: string;
  batch_id: string;
  user_id: string;
  recipient_name: string;
  params: unknown;
  submission_id: string | null;
  created_at: string;
  read_at: string | null;
  acknowledged_at: string | null;
}

/** The caller's urgent reminders, newest first, each with every recipient's read and acknowledged time. */
export async function listSentReminders(db: Db, senderId: string, options: { limit: number; cursor?: string }): Promise<SentReminderPage> {
  const batches = db('notifications')
    .where({ sender_id: senderId, urgent: true })
    .whereNotNull('batch_id')
    .distinct('batch_id')
    .orderBy('batch_id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) batches.where('batch_id', '<', options.cursor);
  const batchIds = (await batches).map((r: { batch_id: string }) => r.batch_id);
  const more = batchIds.length > options.limit;
  const pageIds = more ? batchIds.slice(0, options.limit) : batchIds;
  if (pageIds.length === 0) return { items: [], nextCursor: null };
  const rows = (await db('notifications as n')
    .join('users as u', 'u.id', 'n.user_id')
    .whereIn('n.batch_id', pageIds)
    .where('n.sender_id', senderId)
    .select(
      'n.id',
      'n.batch_id',
      'n.user_id',
      'u.name as recipient_name',
      'n.params',
      'n.submission_id',
      'n.created_at',
      'n.read_at',
      'n.acknowledged_at',
    )
    .orderBy('n.id')) as SentRow[];
  const byBatch = new Map<string, SentReminder>();
  for (const row of rows) {
    let reminder = byBatch.get(row.batch_id);
    if (!reminder) {
      const params = readJson<{ message?: string }>(row.params);
      reminder = {
        id: row.batch_id,
        message: params.message ?? '',
        submissionId: row.submission_id,
        sentAt: row.created_at,
        recipients: [],
      };
      byBatch.set(row.batch_id, reminder);
    }
    reminder.recipients.push({ userId: row.user_id, name: row.recipient_name, readAt: row.read_at, acknowledgedAt: row.acknowledged_at });
  }
  return {
    items: pageIds.flatMap((id) => byBatch.get(id) ?? []),
    nextCursor: more ? pageIds[pageIds.length - 1] : null,
  };
}

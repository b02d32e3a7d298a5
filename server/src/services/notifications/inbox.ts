import { type Locale, type Notification, type NotificationPage } from '@formloom/schemas';
import { nowIso, readInt, readJson } from '../../db/dialect.ts';
import { ConflictError, NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { renderNotification, type NotificationParams } from './messages.ts';

/** A notification row as stored (migration 010_notifications). */
export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  params: unknown;
  link: string | null;
  submission_id: string | null;
  task_id: string | null;
  sender_id: string | null;
  batch_id: string | null;
  urgent: boolean | number;
  created_at: string;
  read_at: string | null;
  acknowledged_at: string | null;
}

export const notificationNotFound = (id: string) => new NotFoundError('notification_not_found', `There is no notification ${id} for you.`);

function toNotification(row: NotificationRow & { sender_name: string | null }, locale: Locale): Notification {
  const { title, body } = renderNotification(row.kind, readJson<NotificationParams>(row.params), locale);
  return {
    id: row.id,
    kind: row.kind as Notification['kind'],
    title,
    body,
    link: row.link,
    urgent: Boolean(row.urgent),
    createdAt: row.created_at,
    readAt: row.read_at,
    acknowledgedAt: row.acknowledged_at,
    sender: row.sender_id && row.sender_name !== null ? { id: row.sender_id, name: row.sender_name } : null,
  };
}

export interface ListOptions {
  unread: boolean;
  urgentPending?: boolean;
  limit: number;
  cursor?: string;
}

/** The caller's notifications, newest first, a page at a time, with their unread and unacknowledged counts. */
export async function listNotifications(db: Db, userId: string, locale: Locale, options: ListOptions): Promise<NotificationPage> {
  const query = db('notifications as n')
    .leftJoin('users as s', 's.id', 'n.sender_id')
    .where('n.user_id', userId)
    .select('n.*', 's.name as sender_name')
    .orderBy('n.id', 'desc')
    .limit(options.limit + 1);
  if (options.unread) query.whereNull('n.read_at');
  if (options.urgentPending) query.where('n.urgent', true).whereNull('n.acknowledged_at');
  if (options.cursor) query.where('n.id', '<', options.cursor);
  const rows = (await query) as Array<NotificationRow & { sender_name: string | null }>;
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const counts = await db('notifications')
    .where('user_id', userId)
    .select(
      db.raw('SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) AS unread'),
      db.raw('SUM(CASE WHEN urgent = ? AND acknowledged_at IS NULL THEN 1 ELSE 0 END) AS urgent_pending', [true]),
    )
    .first();
  return {
    items: page.map((row) => toNotification(row, locale)),
    nextCursor: more ? page[page.length - 1].id : null,
    unread: readInt(counts?.unread ?? 0) || 0,
    urgentPending: readInt(counts?.urgent_pending ?? 0) || 0,
  };
}

async function ownRow(db: Db, userId: string, id: string): Promise<NotificationRow> {
  const row = await db<NotificationRow>('notifications').where({ id, user_id: userId }).first();
  // Someone else's notification answers like one that does not exist.
  if (!row) throw notificationNotFound(id);
  return row;
}

/** Marks one of the caller's notifications read (again is a no-op: the first time is kept). */
export async function markRead(db: Db, userId: string, id: string): Promise<void> {
  await ownRow(db, userId, id);
  await db('notifications').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: nowIso() });
}

export async function markAllRead(db: Db, userId: string): Promise<void> {
  await db('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: nowIso() });
}

/**
 * Acknowledges an urgent reminder ("Got it"): it stops asking for attention, and its sender sees when.
 * Acknowledging reads it too. Only urgent ones can be acknowledged.
 */
export async function acknowledge(db: Db, userId: string, id: string): Promise<void> {
  const row = await ownRow(db, userId, id);
  if (!row.urgent) {
    throw new ConflictError('notification_not_urgent', 'Only urgent reminders are acknowledged; mark this notification read instead.');
  }
  const now = nowIso();
  await db('notifications').where({ id, user_id: userId }).whereNull('acknowledged_at').update({ acknowledged_at: now });
  await db('notifications').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: now });
}

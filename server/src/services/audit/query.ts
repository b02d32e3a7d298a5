/**
 * Reading the audit log: the filters every reader shares (the viewer's pages, the export), entries
 * shaped as the API's AuditEntry with the actor's name joined from users, and keyset pages on seq.
 */
import type { Knex } from 'knex';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditFilter, type AuditPage } from '@formloom/schemas';
import { readInt, readJson } from '../../db/dialect.ts';
import { BadRequestError } from '../../lib/errors.ts';
import type { AuditRow } from './record.ts';

type AuditReadRow = AuditRow & { actor_name: string | null };

const invalidFilter = (message: string) => new BadRequestError('invalid_audit_filter', message);

/** `auth.` / `auth.*` → every listed action under it; a whole name → itself. Unknown → 400. */
export function actionsMatching(filter: string): AuditAction[] {
  const prefix = filter.endsWith('*') ? filter.slice(0, -1) : filter;
  const isPrefix = filter.endsWith('*') || filter.endsWith('.');
  const found = AUDIT_ACTIONS.filter((a) => (isPrefix ? a.startsWith(prefix) : a === prefix));
  if (found.length === 0) {
    throw invalidFilter(`No audit action is called "${filter}". Use a name such as submission.deleted, or a prefix such as auth.`);
  }
  return found;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as stored (`toISOString`), so the text comparison on `at` is a time comparison. */
function instant(value: string, name: 'from' | 'to'): string {
  const start = DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value;
  const time = Date.parse(start);
  if (!Number.isFinite(time) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw invalidFilter(`"${name}" must be a date (2026-03-15) or an ISO date-time (2026-03-15T08:00:00+08:00).`);
  }
  // A bare `to` date includes that whole day.
  const end = name === 'to' && DATE_ONLY.test(value) ? time + 24 * 3600 * 1000 : time;
  return new Date(end).toISOString();
}

/** audit_log rows matching `filter`, with the actor's name; not yet ordered. */
export function filteredAudit(db: Knex, filter: AuditFilter): Knex.QueryBuilder {
  const q = db('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_id').select('a.*', 'u.name as actor_name');
  if (filter.from !== undefined) q.where('a.at', '>=', instant(filter.from, 'from'));
  if (filter.to !== undefined) q.where('a.at', '<', instant(filter.to, 'to'));
  if (filter.action !== undefined) {
    const actions = actionsMatching(filter.action);
    if (actions.length === 1) q.where('a.action', actions[0]);
    else q.whereIn('a.action', actions);
  }
  if (filter.actorId !== undefined) q.where('a.actor_id', filter.actorId);
  if (filter.targetType !== undefined) q.where('a.target_type', filter.targetType);
  if (filter.targetId !== undefined) q.where('a.target_id', filter.targetId);
  if (filter.appId !== undefined) q.where('a.app_id', filter.appId);
  return q;
}

/** The API's shape; someone no longer in users shows as their id. */
export function toAuditEntry(row: AuditReadRow): AuditEntry {
  return {
    seq: readInt(row.seq),
    id: row.id,
    at: row.at,
    action: row.action as AuditAction,
    actorId: row.actor_id,
    actorName: row.actor_name ?? row.actor_id,
    targetType: row.target_type,
    targetId: row.target_id,
    appId: row.app_id,
    ip: row.ip,
    details: readJson<Record<string, unknown>>(row.details) ?? {},
    hash: row.hash,
  };
}

/** One page, newest first; the cursor is the last entry's seq. */
export async function auditPage(db: Knex, filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<AuditPage> {
  const q = filteredAudit(db, filter);
  if (page.cursor !== undefined) q.where('a.seq', '<', page.cursor);
  const rows: AuditReadRow[] = await q.orderBy('a.seq', 'desc').limit(page.limit + 1);
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map(toAuditEntry);
  return { items, nextCursor: more ? String(items[items.length - 1]!.seq) : null };
}

/** Rows read at a time by the export, so a long log never sits in memory. */
export const AUDIT_EXPORT_BATCH = 500;

/** Every matching entry, oldest first, read in batches on seq. */
export async function* auditEntries(db: Knex, filter: AuditFilter): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows: AuditReadRow[] = await filteredAudit(db, filter)
      .where('a.seq', '>', after)
      .orderBy('a.seq', 'asc')
      .limit(AUDIT_EXPORT_BATCH);
    for (const row of rows) yield toAuditEntry(row);
    if (rows.length < AUDIT_EXPORT_BATCH) return;
    after = readInt(rows[rows.length - 1]!.seq);
  }
}

/** Throws 400 invalid_audit_filter for a filter no query could use, before a download starts streaming. */
export function checkAuditFilter(filter: AuditFilter): void {
  if (filter.from !== undefined) instant(filter.from, 'from');
  if (filter.to !== undefined) instant(filter.to, 'to');
  if (filter.action !== undefined) actionsMatching(filter.action);
}

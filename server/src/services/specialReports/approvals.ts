/**
 * The approvals report of a form with a flow: pending tasks per approver, how long each node takes
 * (average and 90th percentile of acted_at − activated_at, computed in SQL: percentile_cont on
 * PostgreSQL, the same linear interpolation with window functions on SQLite), outcomes by the
 * submissions' flow status, and the overdue tasks. `from`/`to` narrow by the task's activation day
 * (the submission's creation day for outcomes), in Hong Kong time.
 */
import type { Knex } from 'knex';
import type { ApprovalsReport, SpecialLabel, User } from '@formloom/schemas';
import { readInt, readJson } from '../../db/dialect.ts';
import { BadRequestError } from '../../lib/errors.ts';
import { notAvailable, publishedForm } from './access.ts';
import { addDays, localMidnight, reportDate } from './days.ts';
import { hoursBetween, isPostgres } from './sql.ts';

const TIMEZONE = 'Asia/Hong_Kong';
/** Tasks someone acted on; cancelled and skipped tasks took no one's time. */
const ACTED = ['approved', 'rejected', 'returned', 'transferred'];
const MAX_ROWS = 1000;

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

function labelOf(raw: unknown): SpecialLabel {
  const name = readJson<{ en?: unknown; 'zh-Hant'?: unknown }>(raw) ?? {};
  const en = typeof name.en === 'string' ? name.en : '';
  return { en, 'zh-Hant': typeof name['zh-Hant'] === 'string' && name['zh-Hant'] !== en ? name['zh-Hant'] : null };
}

/** avg and p90 hours per node over acted tasks (activated in the range). */
async function nodeDurations(db: Knex, formId: string, range: { from: string | null; to: string | null }) {
  const hours = hoursBetween(db, 't.activated_at', 't.acted_at');
  const where =
    `t.form_id = ? AND t.kind = 'approve' AND t.status IN (${ACTED.map(() => '?').join(', ')}) ` +
    `AND t.activated_at IS NOT NULL AND t.acted_at IS NOT NULL` +
    (range.from ? ' AND t.activated_at >= ?' : '') +
    (range.to ? ' AND t.activated_at < ?' : '');
  const bindings = [formId, ...ACTED, ...(range.from ? [range.from] : []), ...(range.to ? [range.to] : [])];
  const sql = isPostgres(db)
    ? `SELECT t.node_id AS node_id, COUNT(*) AS acted, AVG(${hours}) AS average_hours, ` +
      `percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours}) AS p90_hours FROM approval_tasks t WHERE ${where} GROUP BY t.node_id`
    : // percentile_cont: the value at rank 0.9·(n−1), interpolated between its neighbours.
      `WITH d AS (SELECT t.node_id AS node_id, ${hours} AS h, ` +
      `ROW_NUMBER() OVER (PARTITION BY t.node_id ORDER BY ${hours}) - 1 AS rn, COUNT(*) OVER (PARTITION BY t.node_id) AS n ` +
      `FROM approval_tasks t WHERE ${where}), ` +
      `r AS (SELECT node_id, h, rn, n, 0.9 * (n - 1) AS pos, CAST(0.9 * (n - 1) AS INTEGER) AS lo FROM d) ` +
      `SELECT node_id, COUNT(*) AS acted, AVG(h) AS average_hours, ` +
      `MAX(CASE WHEN rn = lo THEN h END) + (pos - lo) * (COALESCE(MAX(CASE WHEN rn = lo + 1 THEN h END), MAX(CASE WHEN rn = lo THEN h END)) ` +
      `- MAX(CASE WHEN rn = lo THEN h END)) AS p90_hours FROM r GROUP BY node_id, pos, lo`;
  const rows = rowsOf(await db.raw(sql, bindings));
  const names = new Map(
    (
      (await db('approval_tasks').where({ form_id: formId }).distinct('node_id', db.raw('CAST(node_name AS TEXT) AS node_name'))) as {
        node_id: string;
        node_name: string;
      }[]
    ).map((r) => [r.node_id, labelOf(r.node_name)]),
  );
  return rows
    .map((r) => ({
      nodeId: String(r.node_id),
      name: names.get(String(r.node_id)) ?? { en: String(r.node_id), 'zh-Hant': null },
      acted: readInt(r.acted),
      averageHours: round2(Number(r.average_hours)),
      p90Hours: round2(Number(r.p90_hours)),
    }))
    .sort((a, b) => b.averageHours - a.averageHours || a.nodeId.localeCompare(b.nodeId));
}

export async function approvalsReport(
  db: Knex,
  user: User,
  formId: string,
  query: { from?: string; to?: string },
  now = new Date(),
): Promise<ApprovalsReport> {
  const { form, version } = await publishedForm(db, user, formId, 'see the approvals report');
  if (!version?.workflow || !readJson(version.workflow)) throw notAvailable('approvals', 'its published version has no approval flow.');
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && reportDate(value, TIMEZONE, now) !== value) {
      throw new BadRequestError('invalid_date', `${name} "${value}" is not a calendar date; use YYYY-MM-DD.`);
    }
  }
  if (query.from && query.to && query.from > query.to) {
    throw new BadRequestError('invalid_date', `from (${query.from}) is after to (${query.to}); swap them.`);
  }
  const range = {
    from: query.from ? localMidnight(query.from, TIMEZONE).toISOString() : null,
    to: query.to ? localMidnight(addDays(query.to, 1), TIMEZONE).toISOString() : null,
  };
  const inRange = (q: Knex.QueryBuilder, column: string) => {
    if (range.from) q.where(column, '>=', range.from);
    if (range.to) q.where(column, '<', range.to);
    return q;
  };

  const pending = (await inRange(
    db('approval_tasks as t')
      .join('users as u', 'u.id', 't.assignee_id')
      .where({ 't.form_id': form.id, 't.kind': 'approve', 't.status': 'pending' })
      .groupBy('t.assignee_id', 'u.name')
      .select('t.assignee_id', 'u.name')
      .count({ pending: '*' })
      .min({ oldest: 't.activated_at' })
      .orderBy([{ column: 'pending', order: 'desc' }, { column: 'u.name' }])
      .limit(MAX_ROWS),
    't.activated_at',
  )) as { assignee_id: string; name: string; pending: unknown; oldest: string | null }[];

  const outcomes = (await inRange(
    db('approval_instances as i').join('submissions as s', 's.id', 'i.submission_id').where('i.form_id', form.id).whereNull('s.deleted_at'),
    'i.created_at',
  )
    .groupBy('i.status')
    .select('i.status')
    .count({ n: '*' })) as { status: string; n: unknown }[];
  const byStatus = Object.fromEntries(outcomes.map((o) => [o.status, readInt(o.n)]));
  const decided = (byStatus.approved ?? 0) + (byStatus.rejected ?? 0);

  const overdue = (await inRange(
    db('approval_tasks as t')
      .join('users as u', 'u.id', 't.assignee_id')
      .where({ 't.form_id': form.id, 't.kind': 'approve', 't.status': 'pending' })
      .whereNotNull('t.due_at')
      .where('t.due_at', '<', now.toISOString())
      .orderBy([{ column: 't.due_at' }, { column: 't.id' }])
      .limit(MAX_ROWS)
      .select('t.id', 't.submission_id', 't.assignee_id', 'u.name', 't.node_id', 't.node_name', 't.activated_at', 't.due_at'),
    't.activated_at',
  )) as Record<string, unknown>[];

  return {
    formId: form.id,
    from: query.from ?? null,
    to: query.to ?? null,
    pendingByApprover: pending.map((p) => ({
      userId: p.assignee_id,
      name: p.name,
      pending: readInt(p.pending),
      oldestSince: p.oldest ?? null,
    })),
    nodes: await nodeDurations(db, form.id, range),
    outcomes: {
      total: outcomes.reduce((sum, o) => sum + readInt(o.n), 0),
      byStatus,
      approvalRate: decided ? round4((byStatus.approved ?? 0) / decided) : null,
      rejectionRate: decided ? round4((byStatus.rejected ?? 0) / decided) : null,
    },
    overdue: overdue.map((t) => ({
      taskId: String(t.id),
      submissionId: String(t.submission_id),
      userId: String(t.assignee_id),
      name: String(t.name),
      nodeId: String(t.node_id),
      nodeName: labelOf(t.node_name),
      since: (t.activated_at as string | null) ?? null,
      dueAt: String(t.due_at),
    })),
    computedAt: now.toISOString(),
  };
}

/** What the periods pages and the "due today" list read: periods with counts, who responded, a person's assignments. */
import type { Knex } from 'knex';
import type { Assignment, AssignmentStatus, PeriodDetail, PeriodPage, PeriodSummary } from '@formloom/schemas';
import { readInt } from '../../db/dialect.ts';
import { BadRequestError, NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { localDate } from './frequency.ts';
import { remindNonResponders, type PeriodRow } from './periods.ts';
import { settingsOf, type ScheduleRow } from './store.ts';

const truthy = (v: unknown) => v === true || v === 1 || v === '1';

async function summaries(db: Db, periods: PeriodRow[]): Promise<PeriodSummary[]> {
  const ids = periods.map((p) => p.id);
  const counts: { period_id: string; expected: unknown; responded: unknown; late: unknown }[] = ids.length
    ? await db('assignments')
        .whereIn('period_id', ids)
        .groupBy('period_id')
        .select('period_id')
        .count({ expected: '*' })
        .select(db.raw(`SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS responded`))
        .select(db.raw(`SUM(CASE WHEN late THEN 1 ELSE 0 END) AS late`))
    : [];
  const byId = new Map(counts.map((c) => [c.period_id, c]));
  return periods.map((p) => {
    const c = byId.get(p.id);
    return {
      key: p.key,
      opensAt: p.opens_at,
      deadline: p.deadline_at,
      expected: c ? readInt(c.expected) : 0,
      responded: c ? readInt(c.responded ?? 0) : 0,
      late: c ? readInt(c.late ?? 0) : 0,
    };
  });
}

const encodeCursor = (p: PeriodRow) => Buffer.from(`${p.opens_at}|${p.id}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  const [opensAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!opensAt || !id) throw new BadRequestError('invalid_cursor', 'The cursor is not one this list handed out; start again without it.');
  return [opensAt, id];
}

/** A form's periods, newest first. */
export async function listPeriods(db: Db, formId: string, opts: { limit: number; cursor?: string }): Promise<PeriodPage> {
  const query = db('schedule_periods').where({ form_id: formId });
  if (opts.cursor) {
    const [opensAt, id] = decodeCursor(opts.cursor);
    query.where((q) => q.where('opens_at', '<', opensAt).orWhere((q2) => q2.where('opens_at', opensAt).andWhere('id', '<', id)));
  }
  const rows: PeriodRow[] = await query
    .orderBy([
      { column: 'opens_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { items: await summaries(db, page), nextCursor: rows.length > opts.limit ? encodeCursor(page[page.length - 1]) : null };
}

async function periodByKey(db: Db, formId: string, key: string): Promise<PeriodRow> {
  const row: PeriodRow | undefined = await db('schedule_periods').where({ form_id: formId, key }).first();
  if (!row) throw new NotFoundError('period_not_found', `This form has no period ${key}; the periods list shows the ones that opened.`);
  return row;
}

/** One period: who responded (late or not) and who has not, by name. */
export async function periodDetail(db: Db, formId: string, key: string): Promise<PeriodDetail> {
  const period = await periodByKey(db, formId, key);
  const rows: {
    user_id: string;
    name: string;
    department_id: string | null;
    status: string;
    submission_id: string | null;
    submitted_at: string | null;
    late: unknown;
  }[] = await db('assignments')
    .join('users', 'users.id', 'assignments.user_id')
    .where('assignments.period_id', period.id)
    .orderBy([{ column: 'users.name' }, { column: 'users.id' }])
    .select(
      'assignments.user_id',
      'users.name',
      'users.department_id',
      'assignments.status',
      'assignments.submission_id',
      'assignments.submitted_at',
      'assignments.late',
    );
  const [summary] = await summaries(db, [period]);
  return {
    period: summary,
    responded: rows
      .filter((r) => r.status === 'done')
      .map((r) => ({
        userId: r.user_id,
        name: r.name,
        departmentId: r.department_id,
        submissionId: r.submission_id,
        submittedAt: r.submitted_at,
        late: truthy(r.late),
      })),
    notResponded: rows.filter((r) => r.status !== 'done').map((r) => ({ userId: r.user_id, name: r.name, departmentId: r.department_id })),
  };
}

/** Reminds the period's non-responders (from `actorId`), in one transaction; returns how many. */
export async function remindPeriod(knex: Knex, formId: string, key: string, actorId: string): Promise<number> {
  return knex.transaction(async (trx) => {
    const period = await periodByKey(trx, formId, key);
    const schedule: ScheduleRow = await trx('schedules').where({ id: period.schedule_id }).first();
    return remindNonResponders(trx, period, settingsOf(schedule).timezone, actorId);
  });
}

export function assignmentStatus(row: { status: string; late: unknown; deadline_at: string }, now: Date): AssignmentStatus {
  if (row.status === 'done') return truthy(row.late) ? 'late' : 'done';
  return now.toISOString() < row.deadline_at ? 'due' : 'missed';
}

/**
 * The caller's assignments due today: per enabled schedule, the newest period of theirs that opens
 * or has its deadline today in the schedule's time zone.
 */
export async function assignmentsDueToday(db: Db, userId: string, now: Date): Promise<Assignment[]> {
  // Two days back covers any time zone's "today" and a cron period whose deadline rolled to the next day.
  const since = new Date(now.getTime() - 2 * 86_400_000).toISOString();
  const rows: {
    form_id: string;
    form_name: string;
    key: string;
    opens_at: string;
    deadline_at: string;
    status: string;
    late: unknown;
    submission_id: string | null;
    schedule_id: string;
    settings: unknown;
    enabled: unknown;
  }[] = await db('assignments')
    .join('schedule_periods', 'schedule_periods.id', 'assignments.period_id')
    .join('schedules', 'schedules.id', 'schedule_periods.schedule_id')
    .join('forms', 'forms.id', 'assignments.form_id')
    .where('assignments.user_id', userId)
    .where('schedules.enabled', true)
    .where('schedule_periods.opens_at', '>=', since)
    .where('schedule_periods.opens_at', '<=', now.toISOString())
    .orderBy('schedule_periods.opens_at', 'desc')
    .select(
      'assignments.form_id',
      'forms.name as form_name',
      'schedule_periods.key',
      'schedule_periods.opens_at',
      'schedule_periods.deadline_at',
      'assignments.status',
      'assignments.late',
      'assignments.submission_id',
      'schedules.id as schedule_id',
      'schedules.settings',
      'schedules.enabled',
    );
  const seen = new Set<string>();
  const items: Assignment[] = [];
  for (const row of rows) {
    if (seen.has(row.schedule_id)) continue;
    const { timezone } = settingsOf({ settings: row.settings, enabled: true } as ScheduleRow);
    const today = localDate(now, timezone);
    if (localDate(new Date(row.opens_at), timezone) !== today && localDate(new Date(row.deadline_at), timezone) !== today) continue;
    seen.add(row.schedule_id);
    items.push({
      formId: row.form_id,
      formName: row.form_name,
      periodKey: row.key,
      deadline: row.deadline_at,
      status: assignmentStatus(row, now),
      submissionId: row.submission_id,
    });
  }
  return items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.formName.localeCompare(b.formName));
}

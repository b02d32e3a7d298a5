/** Digests: create, read, change and remove them, and list their runs. */
import type { Knex } from 'knex';
import { appendEvent } from '../../repositories/events.ts';
import type { Digest, DigestBody, User } from '@formloom/schemas';
import { readJson, writeJson } from '../../db/dialect.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../repositories/types.ts';
import { invalidDigest, recipientProblems } from './recipients.ts';
import { nextRuns, scheduleProblems } from './schedule.ts';
import { canEditTarget, requireTargetEditor, type DigestTarget } from './target.ts';

export interface DigestRow {
  id: string;
  owner_id: string | null;
  dashboard_id: string | null;
  report_id: string | null;
  enabled: boolean | number;
  settings: unknown;
  enabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RunRow {
  id: string;
  digest_id: string;
  key: string;
  scheduled_at: string;
  status: 'sending' | 'sent' | 'partial' | 'failed';
  recipients: number;
  failed: number;
  content: unknown;
  created_at: string;
  finished_at: string | null;
}

type Settings = Pick<DigestBody, 'frequency' | 'timezone' | 'recipients'>;

export const targetOf = (row: Pick<DigestRow, 'dashboard_id' | 'report_id'>): DigestTarget =>
  row.report_id ? { kind: 'report', reportId: row.report_id } : { kind: 'dashboard', dashboardId: row.dashboard_id! };

export function bodyOf(row: DigestRow): DigestBody {
  return { ...readJson<Settings>(row.settings), target: targetOf(row), enabled: Boolean(row.enabled) };
}

/** A run as the API shows it; `sending` while deliveries are still under way. */
export const toRun = (run: RunRow) => ({
  key: run.key,
  at: run.created_at,
  status: run.status,
  recipients: Number(run.recipients),
  failed: Number(run.failed),
});

async function toDigest(db: Db, row: DigestRow, now: Date): Promise<Digest> {
  const body = bodyOf(row);
  const last: RunRow | undefined = await db('digest_runs')
    .where({ digest_id: row.id })
    .whereNot({ status: 'sending' })
    .orderBy('scheduled_at', 'desc')
    .first();
  return {
    ...body,
    id: row.id,
    ownerId: row.owner_id,
    nextRuns: body.enabled ? nextRuns(body, now, 3).map((d) => d.toISOString()) : [],
    lastRun: last ? { ...toRun(last), status: last.status as 'sent' | 'partial' | 'failed' } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function checkBody(db: Db, body: DigestBody): Promise<void> {
  const problems = [...scheduleProblems(body), ...(await recipientProblems(db, body.recipients))];
  if (problems.length) throw invalidDigest(problems);
}

const settingsOf = (body: DigestBody): Settings => ({ frequency: body.frequency, timezone: body.timezone, recipients: body.recipients });

/** A digest the user may manage; 404 `digest_not_found` for one they may not (or that does not exist). */
export async function digestRowFor(db: Db, user: User, id: string): Promise<DigestRow> {
  const row: DigestRow | undefined = await db('digests').where({ id }).first();
  if (!row || !(await canEditTarget(db, user, targetOf(row))))
    throw new NotFoundError('digest_not_found', `There is no digest ${id}, or you may not manage it.`);
  return row;
}

export async function getDigest(db: Db, user: User, id: string, now: Date): Promise<Digest> {
  return toDigest(db, await digestRowFor(db, user, id), now);
}

/** The digests of a target (or of every target the user may manage), oldest first. */
export async function listDigests(db: Db, user: User, filter: { dashboardId?: string; reportId?: string }, now: Date): Promise<Digest[]> {
  const query = db('digests').orderBy('created_at').orderBy('id');
  if (filter.reportId) {
    await requireTargetEditor(db, user, { kind: 'report', reportId: filter.reportId });
    query.where({ report_id: filter.reportId });
  } else if (filter.dashboardId) {
    await requireTargetEditor(db, user, { kind: 'dashboard', dashboardId: filter.dashboardId });
    query.where({ dashboard_id: filter.dashboardId });
  }
  const rows: DigestRow[] = await query;
  const allowed = new Map<string, boolean>();
  const out: Digest[] = [];
  for (const row of rows) {
    const key = row.report_id ?? row.dashboard_id!;
    if (!allowed.has(key)) allowed.set(key, await canEditTarget(db, user, targetOf(row)));
    if (allowed.get(key)) out.push(await toDigest(db, row, now));
  }
  return out;
}

export async function createDigest(knex: Knex, user: User, body: DigestBody, now: Date): Promise<Digest> {
  await requireTargetEditor(knex, user, body.target);
  await checkBody(knex, body);
  const at = now.toISOString();
  const id = newId();
  await knex.transaction(async (trx) => {
    await trx('digests').insert({
      id,
      owner_id: user.id,
      dashboard_id: body.target.kind === 'dashboard' ? body.target.dashboardId : null,
      report_id: body.target.kind === 'report' ? body.target.reportId : null,
      enabled: body.enabled,
      settings: writeJson(settingsOf(body)),
      enabled_at: body.enabled ? at : null,
      created_at: at,
      updated_at: at,
    });
    await appendEvent(trx, {
      type: 'digest.created',
      appId: null,
      formId: null,
      actorId: user.id,
      payload: { digestId: id, enabled: body.enabled },
    });
  });
  return getDigest(knex, user, id, now);
}

/**
 * Changes a digest; the owner stays (the figures remain those its owner sees). Turning it on, or
 * changing its times, records when, so runs scheduled before then are not caught up.
 */
export async function updateDigest(knex: Knex, user: User, id: string, patch: Partial<DigestBody>, now: Date): Promise<Digest> {
  const row = await digestRowFor(knex, user, id);
  const body: DigestBody = { ...bodyOf(row), ...patch };
  if (patch.target) await requireTargetEditor(knex, user, patch.target);
  await checkBody(knex, body);
  const at = now.toISOString();
  // Turned on, or its times changed: it starts from now, so no run falls due for a time already past.
  const previous = bodyOf(row);
  const retimed = JSON.stringify([previous.frequency, previous.timezone]) !== JSON.stringify([body.frequency, body.timezone]);
  const restarts = body.enabled && (!row.enabled || retimed);
  await knex.transaction(async (trx) => {
    await trx('digests')
      .where({ id })
      .update({
        dashboard_id: body.target.kind === 'dashboard' ? body.target.dashboardId : null,
        report_id: body.target.kind === 'report' ? body.target.reportId : null,
        enabled: body.enabled,
        settings: writeJson(settingsOf(body)),
        updated_at: at,
        ...(restarts ? { enabled_at: at } : {}),
      });
    await appendEvent(trx, {
      type: 'digest.updated',
      appId: null,
      formId: null,
      actorId: user.id,
      payload: { digestId: id, enabled: body.enabled },
    });
  });
  return getDigest(knex, user, id, now);
}

export async function deleteDigest(knex: Knex, user: User, id: string): Promise<void> {
  await digestRowFor(knex, user, id);
  await knex.transaction(async (trx) => {
    await trx('digests').where({ id }).delete();
    await appendEvent(trx, { type: 'digest.deleted', appId: null, formId: null, actorId: user.id, payload: { digestId: id } });
  });
}

/** The digest's runs, newest first. */
export async function listRuns(db: Db, user: User, id: string, limit = 50) {
  await digestRowFor(db, user, id);
  const runs: RunRow[] = await db('digest_runs').where({ digest_id: id }).orderBy('scheduled_at', 'desc').limit(limit);
  return runs.map(toRun);
}

/**
 * Directory sync runs: the manual run, the dry run, the history, and the timer every server starts.
 *
 * A run reads the directory first, then plans and writes everything in ONE transaction (all or
 * nothing) together with its 'directory.synced' audit entry. The run's history row is written
 * outside that transaction so a failure is remembered. A scheduled run first claims its interval
 * (slot = the interval's start) with a unique row: however many servers tick, one of them syncs it.
 */
import type { DirectorySyncPreview, DirectorySyncRun } from '@formloom/schemas';
import type { Knex } from 'knex';
import { isUniqueViolation, nowIso, readJson, writeJson } from '../../db/dialect.ts';
import { AppError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { Db } from '../../repositories/types.ts';
import { recordAudit } from '../audit/record.ts';
import { lockOrgChart } from '../organization.ts';
import { DirectoryError, readDirectory } from './ldap.ts';
import { planSync } from './plan.ts';
import { readStored, storedConfig, type DirectoryConfig } from './settings.ts';

/** 503 directory_unavailable / 422 directory_<outcome>: the directory could not be read. */
export function directoryFailure(err: DirectoryError): AppError {
  if (err.outcome === 'unreachable' || err.outcome === 'failed' || err.outcome === 'tls_error')
    return new AppError(503, 'directory_unavailable', err.message);
  return new UnprocessableError(`directory_${err.outcome}`, err.message);
}

export async function configuredDirectory(db: Db, box: SecretBox): Promise<DirectoryConfig> {
  const stored = await readStored(db);
  if (!stored)
    throw new UnprocessableError('directory_not_configured', 'Save the directory settings first (PUT /api/directory-sync/settings).');
  return storedConfig(box, stored);
}

async function readPeople(config: DirectoryConfig) {
  try {
    return await readDirectory(config);
  } catch (err) {
    if (err instanceof DirectoryError) throw directoryFailure(err);
    throw err;
  }
}

export async function previewSync(db: Db, box: SecretBox): Promise<DirectorySyncPreview> {
  const config = await configuredDirectory(db, box);
  return (await planSync(db, await readPeople(config), config)).preview;
}

interface RunRow {
  id: string;
  trigger: 'manual' | 'scheduled';
  slot: string | null;
  actor_id: string | null;
  status: 'running' | 'succeeded' | 'failed';
  counts: unknown;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

/**
 * A run still 'running' this long after it started will never finish: the server doing it stopped
 * (crash, deploy) before writing the outcome; the history says 'interrupted'. Its changes either
 * committed whole (with their 'directory.synced' audit entry) or rolled back with the connection.
 * Far above any real run (one directory read, one transaction), and derived when read, so no server
 * has to sweep the table.
 */
export const RUN_INTERRUPTED_AFTER_MS = 60 * 60_000;

function toRun(row: RunRow): DirectorySyncRun {
  const cutOff = row.status === 'running' && Date.now() - Date.parse(row.started_at) > RUN_INTERRUPTED_AFTER_MS;
  return {
    id: row.id,
    trigger: row.trigger,
    status: cutOff ? 'interrupted' : row.status,
    actorId: row.actor_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counts: row.counts ? readJson(row.counts) : null,
    error: row.error,
  };
}

export async function listRuns(db: Db, limit = 50): Promise<DirectorySyncRun[]> {
  const rows: RunRow[] = await db('directory_sync_runs').orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
  return rows.map(toRun);
}

export interface RunOptions {
  trigger: 'manual' | 'scheduled';
  actorId: string | null;
  /** Scheduled runs: the interval being synced; a second claim of it returns null. */
  slot?: string;
}

/**
 * Runs one sync. Resolves with the run and its changes, or null when another server already claimed
 * this slot; a failed sync is recorded in the history and rethrown (as a named error).
 */
export async function runSync(
  knex: Knex,
  box: SecretBox,
  options: RunOptions,
): Promise<{ run: DirectorySyncRun; changes: DirectorySyncPreview } | null> {
  const config = await configuredDirectory(knex, box);
  const id = newId();
  try {
    await knex('directory_sync_runs').insert({
      id,
      trigger: options.trigger,
      slot: options.slot ?? null,
      actor_id: options.actorId,
      status: 'running',
      counts: null,
      error: null,
      started_at: nowIso(),
      finished_at: null,
    });
  } catch (err) {
    if (options.slot && isUniqueViolation(err)) return null;
    throw err;
  }
  try {
    const people = await readPeople(config);
    const plan = await knex.transaction(async (trx) => {
      // Planned under the org-chart lock, so two servers' runs cannot both plan on the same state.
      await lockOrgChart(trx);
      const planned = await planSync(trx, people, config);
      await planned.apply(trx, options.actorId);
      await recordAudit(trx, {
        action: 'directory.synced',
        actorId: options.actorId,
        targetType: 'directory_sync_run',
        targetId: id,
        details: { trigger: options.trigger, ...planned.counts },
      });
      return planned;
    });
    await knex('directory_sync_runs')
      .where({ id })
      .update({ status: 'succeeded', counts: writeJson(plan.counts), finished_at: nowIso() });
    const row: RunRow = await knex('directory_sync_runs').where({ id }).first();
    return { run: toRun(row), changes: plan.preview };
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    await knex('directory_sync_runs').where({ id }).update({ status: 'failed', error: message, finished_at: nowIso() });
    throw err;
  }
}

/** The start of the interval `now` falls in (intervals counted from the Unix epoch). */
export function slotFor(now: Date, intervalMinutes: number): string {
  const ms = intervalMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
}

export interface DirectorySyncTimer {
  /** One tick at `now`: syncs when scheduled sync is on and this interval has not been synced. */
  runOnce(now?: Date): Promise<DirectorySyncRun | null>;
  start(): void;
  stop(): Promise<void>;
}

type Log = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

export const DEFAULT_DIRECTORY_TICK_MS = 60_000;

export function directoryTickFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FORMLOOM_DIRECTORY_SYNC_TICK_MS;
  if (raw === undefined || raw === '') return DEFAULT_DIRECTORY_TICK_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`FORMLOOM_DIRECTORY_SYNC_TICK_MS must be a number of milliseconds (0 = off), got "${raw}".`);
  return ms;
}

/** Every server ticks (default each minute); the unique slot row makes each interval sync once overall. */
export function createDirectorySyncTimer(knex: Knex, box: SecretBox, tickMs: number, log?: Log): DirectorySyncTimer {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function tick(now: Date): Promise<DirectorySyncRun | null> {
    const stored = await readStored(knex);
    if (!stored?.syncEnabled) return null;
    const result = await runSync(knex, box, { trigger: 'scheduled', actorId: null, slot: slotFor(now, stored.syncIntervalMinutes) });
    return result?.run ?? null;
  }

  const runOnce = (now = new Date()): Promise<DirectorySyncRun | null> => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(() => tick(now));
    running = next;
    return next;
  };

  return {
    runOnce,
    start() {
      if (tickMs <= 0 || timer) return;
      const loop = () => {
        runOnce()
          .catch((err) => log?.warn({ err }, 'scheduled directory sync failed'))
          .finally(() => {
            if (timer) timer = setTimeout(loop, tickMs);
          });
      };
      timer = setTimeout(loop, Math.min(tickMs, 1_000));
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

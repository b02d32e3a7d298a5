import type { Knex } from 'knex';
import { ConnectorPermanentError, ConnectorRetryableError } from '@formloom/plugin-api';
import { writeJson } from '../../db/dialect.ts';
import { eventFromRow, type DomainEventRow } from '../webhooks/envelope.ts';
import { claimDue, stillOwned } from './claims.ts';
import type { ConnectorBinding } from './fanOut.ts';
import { nextRetryDelayMs } from './retrySchedule.ts';
import type { DispatcherSettings } from './settings.ts';

/**
 * Connector jobs (Shopify, QuickBooks): a claimed job → the plugin's `handle` → succeeded with its
 * result, retried per the schedule (a ConnectorRetryableError's own wait wins), or dead with the
 * external system's message, and the app's editors and the admins told.
 */

export interface JobContext {
  db: Knex;
  connectors: readonly ConnectorBinding[];
  settings: DispatcherSettings;
  log: { warn(obj: object, msg: string): void };
}

export interface ClaimedJob {
  id: string;
  connector: string;
  event_id: string;
  submission_id: string | null;
  attempts: number;
}

export type JobOutcome = 'succeeded' | 'failed' | 'dead' | 'lost';

export function claimJobs(ctx: JobContext, now: Date, limit: number): Promise<ClaimedJob[]> {
  return claimDue<ClaimedJob>(
    ctx.db,
    { table: 'connector_jobs', inFlight: 'running', columns: ['id', 'connector', 'event_id', 'submission_id', 'attempts'] },
    now,
    ctx.settings.jobLeaseMs,
    limit,
  );
}

/** Who hears about a connector that gave up: the app's editors (granted by name) and the admins. */
async function appEditorsAndAdmins(db: Knex, appId: string | null): Promise<string[]> {
  const admins = db('users').where({ role: 'admin' }).whereNull('disabled_at').select('id');
  if (!appId) return (await admins).map((r) => r.id);
  const editors = db('app_grants as g')
    .join('users as u', 'u.id', 'g.principal')
    .where({ 'g.app_id': appId, 'g.permission': 'edit' })
    .whereNull('u.disabled_at')
    .select('u.id');
  return [...new Set([...(await admins), ...(await editors)].map((r) => r.id))];
}

async function tellPeople(ctx: JobContext, binding: ConnectorBinding, job: ClaimedJob, event: DomainEventRow | undefined, message: string) {
  if (!job.submission_id) {
    ctx.log.warn({ jobId: job.id, connector: job.connector, message }, 'connector job gave up (no submission to point people at)');
    return;
  }
  const form = event?.form_id ? await ctx.db('forms').where({ id: event.form_id }).first('name') : undefined;
  await binding.host.notifyFailure({
    userIds: await appEditorsAndAdmins(ctx.db, event?.app_id ?? null),
    formName: form?.name ?? '',
    message,
    submissionId: job.submission_id,
  });
}

/** Runs one claimed job and records what happened. */
export async function runJob(ctx: JobContext, job: ClaimedJob, now: Date): Promise<JobOutcome> {
  const nowIso = now.toISOString();
  const owned = () => stillOwned(ctx.db('connector_jobs'), 'running', job);
  const binding = ctx.connectors.find((c) => c.plugin.id === job.connector);
  const event: DomainEventRow | undefined = await ctx.db('domain_events').where({ id: job.event_id }).first();

  let failure: { message: string; retryAfterMs: number | null; permanent: boolean };
  try {
    if (!binding) throw new ConnectorPermanentError(`The connector "${job.connector}" is not installed on this server.`);
    if (!event) throw new ConnectorPermanentError(`The event ${job.event_id} is gone from the outbox.`);
    const result = await binding.plugin.handle(eventFromRow(event), binding.host);
    const n = await owned().update({
      status: 'succeeded',
      result: writeJson(result?.result ?? null),
      last_error: null,
      next_attempt_at: null,
      updated_at: nowIso,
    });
    return n === 1 ? 'succeeded' : 'lost';
  } catch (err) {
    // Anything but a permanent error may pass (a network blip, a bug fixed by the next deploy).
    failure = {
      message: (err as Error)?.message || String(err),
      retryAfterMs: err instanceof ConnectorRetryableError ? (err.retryAfterMs ?? null) : null,
      permanent: err instanceof ConnectorPermanentError,
    };
    if (!(err instanceof ConnectorRetryableError || err instanceof ConnectorPermanentError)) {
      ctx.log.warn({ err, jobId: job.id, connector: job.connector }, 'connector handler threw an unexpected error; will retry');
    }
  }

  const delay = failure.permanent ? null : nextRetryDelayMs(job.attempts, failure.retryAfterMs);
  const n = await owned().update({
    status: delay === null ? 'dead' : 'failed',
    next_attempt_at: delay === null ? null : new Date(now.getTime() + delay).toISOString(),
    last_error: failure.message.slice(0, 1000),
    updated_at: nowIso,
  });
  if (n === 0) return 'lost';
  if (delay !== null) return 'failed';
  if (binding) await tellPeople(ctx, binding, job, event, failure.message);
  return 'dead';
}

import type { Knex } from 'knex';
import type { ConnectorHost, ConnectorPlugin } from '@formloom/plugin-api';
import { eventMatches, type DomainEvent, type FlowCondition } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import { maskSubmissionData } from '../fieldAccess.ts';
import { eventFromRow, type DomainEventRow } from '../webhooks/envelope.ts';
import { ViewerCache, viewerMayReceive, type EnvelopeViewer } from '../webhooks/viewer.ts';
import { filterPasses } from './filter.ts';

/**
 * Fan-out: each undispatched domain event becomes a delivery per matching webhook subscription and a
 * job per connector that wants it, written in the same transaction that marks the event dispatched,
 * so an event is fanned out exactly once however often a pass runs or crashes. Events are taken in
 * seq order; rows of a transaction that rolled back never existed, so they are never sent.
 */

export interface ConnectorBinding {
  plugin: ConnectorPlugin;
  host: ConnectorHost;
}

export interface FanOutContext {
  db: Knex;
  connectors: readonly ConnectorBinding[];
  log: { warn(obj: object, msg: string): void };
}

interface Target {
  id: string;
  ownerId: string;
  createdAt: string;
  appId: string | null;
  formId: string | null;
  events: string[];
  filter: FlowCondition | null;
}

interface SubmissionFacts {
  formId: string;
  data: Record<string, unknown>;
  createdBy: string | null;
}

interface Work {
  deliveries: Record<string, unknown>[];
  jobs: Record<string, unknown>[];
}

const EVENT_COLUMNS = ['seq', 'id', 'type', 'app_id', 'form_id', 'actor_id', 'payload', 'occurred_at'];
const INSERT_CHUNK = 50;
const isPostgres = (db: Knex) => db.client.config.client === 'pg';

export const newDeliveryId = () => `msg_${newId().replaceAll('-', '')}`;

const submissionIdOf = (event: DomainEvent): string | null => {
  const id = (event.payload as { submissionId?: unknown }).submissionId;
  return typeof id === 'string' ? id : null;
};

const formIdOf = (event: DomainEvent): string | null => {
  const id = event.formId ?? (event.payload as { formId?: unknown }).formId;
  return typeof id === 'string' ? id : null;
};

/** Every enabled subscription, read once per batch. */
async function loadTargets(db: Knex): Promise<Target[]> {
  const rows = await db('webhook_subscriptions')
    .where({ enabled: true })
    .select('id', 'owner_id', 'created_at', 'app_id', 'form_id', 'events', 'filter');
  return rows.map((r) => ({
    id: r.id,
    ownerId: r.owner_id,
    createdAt: r.created_at,
    appId: r.app_id,
    formId: r.form_id,
    events: readJson<string[]>(r.events),
    filter: r.filter === null ? null : readJson<FlowCondition | null>(r.filter),
  }));
}

// An event from before the subscription existed (still in the outbox when it was made) is not its business.
const inScope = (target: Target, event: DomainEvent) =>
  event.occurredAt >= target.createdAt &&
  eventMatches(target.events, event.type) &&
  (target.appId === null || target.appId === event.appId) &&
  (target.formId === null || target.formId === formIdOf(event));

async function loadSubmissions(db: Knex, ids: string[]): Promise<Map<string, SubmissionFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db('submissions').whereIn('id', ids).select('id', 'form_id', 'data', 'created_by');
  return new Map(
    rows.map((r) => [r.id, { formId: r.form_id, data: readJson<Record<string, unknown>>(r.data) ?? {}, createdBy: r.created_by }]),
  );
}

async function connectorWants(ctx: FanOutContext, binding: ConnectorBinding, event: DomainEvent): Promise<boolean> {
  if (!binding.plugin.events.includes(event.type)) return false;
  try {
    return await binding.plugin.accepts(event, binding.host);
  } catch (err) {
    // Better a job the handler looks at again than an event silently lost to a passing error.
    ctx.log.warn({ err, connector: binding.plugin.id, eventId: event.id }, 'connector accepts() failed; queuing the job anyway');
    return true;
  }
}

/** What the events turn into; reads only (the plugins' `accepts` use their own connection). */
async function plan(ctx: FanOutContext, db: Knex, rows: DomainEventRow[], now: Date): Promise<Work> {
  const nowIso = now.toISOString();
  const events = rows.map(eventFromRow);
  const targets = await loadTargets(db);
  // Each owner's view of the event's app (webhooks/viewer.ts): none when they may not receive its events.
  const viewers = new ViewerCache(db);
  const matches = await Promise.all(
    events.map(async (event) => {
      const scoped = targets.filter((t) => inScope(t, event));
      const owners = await Promise.all(scoped.map((t) => viewers.ownerViewer(t.ownerId, event.appId)));
      const candidates = scoped.flatMap((target, i) => (owners[i] ? [{ target, viewer: owners[i] }] : []));
      return { event, candidates };
    }),
  );
  // Submissions are read for filters and for owners who see only part of the records.
  const needed = matches
    .filter((m) => m.candidates.some(({ target, viewer }) => target.filter !== null || viewer.scope !== undefined))
    .map((m) => submissionIdOf(m.event));
  const submissions = await loadSubmissions(db, [...new Set(needed.filter((id): id is string => id !== null))]);

  /** A filter sees the submission as the owner would: a hidden field reads as missing, so a filter cannot probe it. */
  async function passes(target: Target, viewer: EnvelopeViewer, submission: SubmissionFacts | null): Promise<boolean> {
    if (viewer.scope !== undefined && !(await viewerMayReceive(db, viewer, submission))) return false;
    if (target.filter === null || !submission) return filterPasses(target.filter, submission);
    const hidden = await viewers.hiddenFieldsOf(viewer, submission.formId);
    return filterPasses(target.filter, { ...submission, data: maskSubmissionData(submission.data, hidden, submission, viewer.user) });
  }

  const work: Work = { deliveries: [], jobs: [] };
  for (const { event, candidates } of matches) {
    const submissionId = submissionIdOf(event);
    const submission = submissionId ? (submissions.get(submissionId) ?? null) : null;
    for (const { target, viewer } of candidates) {
      if (!(await passes(target, viewer, submission))) continue;
      work.deliveries.push({
        id: newDeliveryId(),
        subscription_id: target.id,
        event_id: event.id,
        event_type: event.type,
        status: 'pending',
        attempts: 0,
        next_attempt_at: nowIso,
        created_at: nowIso,
        updated_at: nowIso,
      });
    }
    for (const binding of ctx.connectors) {
      if (!(await connectorWants(ctx, binding, event))) continue;
      work.jobs.push({
        id: newId(),
        connector: binding.plugin.id,
        event_id: event.id,
        event_type: event.type,
        submission_id: submissionId,
        status: 'pending',
        attempts: 0,
        next_attempt_at: nowIso,
        created_at: nowIso,
        updated_at: nowIso,
      });
    }
  }
  return work;
}

async function insertNew(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[], unique: string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx(table)
      .insert(rows.slice(i, i + INSERT_CHUNK))
      .onConflict(unique)
      .ignore();
  }
}

/** Marks the events dispatched (those nobody marked meanwhile) and writes their work, in one transaction. */
async function commit(trx: Knex.Transaction, rows: DomainEventRow[], work: Work, now: Date): Promise<number> {
  const taken: { id: string }[] = await trx('domain_events')
    .whereIn(
      'seq',
      rows.map((r) => r.seq),
    )
    .whereNull('dispatched_at')
    .update({ dispatched_at: now.toISOString() })
    .returning(['id']);
  const mine = new Set(taken.map((r) => r.id));
  await insertNew(
    trx,
    'webhook_deliveries',
    work.deliveries.filter((d) => mine.has(d.event_id as string)),
    ['subscription_id', 'event_id'],
  );
  await insertNew(
    trx,
    'connector_jobs',
    work.jobs.filter((j) => mine.has(j.event_id as string)),
    ['connector', 'event_id'],
  );
  return taken.length;
}

/**
 * Fans out up to `limit` events; returns how many this call dispatched. PostgreSQL locks the batch
 * (SKIP LOCKED: another server takes the next events meanwhile). SQLite has one writer connection,
 * which the plugins' `accepts` also need, so the plan is made before the short write transaction,
 * and only events still undispatched when it runs are taken.
 */
export async function fanOutBatch(ctx: FanOutContext, now: Date, limit: number): Promise<number> {
  const { db } = ctx;
  const undispatched = (q: Knex) => q('domain_events').whereNull('dispatched_at').orderBy('seq').limit(limit).select(EVENT_COLUMNS);
  if (isPostgres(db)) {
    return db.transaction(async (trx) => {
      const rows: DomainEventRow[] = await undispatched(trx).forUpdate().skipLocked();
      if (rows.length === 0) return 0;
      return commit(trx, rows, await plan(ctx, trx, rows, now), now);
    });
  }
  const rows: DomainEventRow[] = await undispatched(db);
  if (rows.length === 0) return 0;
  const work = await plan(ctx, db, rows, now);
  return db.transaction((trx) => commit(trx, rows, work, now));
}

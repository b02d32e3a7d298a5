import type { FastifyInstance } from 'fastify';
import type { ConnectorPlugin } from '@formloom/plugin-api';
import { configFromEnv } from '../../config.ts';
import { createConnectorHost } from '../connectors/host.ts';
import { connectors as installedConnectors } from '../connectors/registry.ts';
import { workOffDue } from './claims.ts';
import { claimDeliveries, deliverOne, type DeliveryContext, type DeliveryOutcome } from './deliveries.ts';
import { fanOutBatch, type FanOutContext } from './fanOut.ts';
import { createGroupWriter } from './groupWriter.ts';
import { claimJobs, runJob, type JobContext, type JobOutcome } from './jobs.ts';
import { DEFAULT_SETTINGS, type DispatcherSettings } from './settings.ts';

/**
 * The outbox dispatcher (services/dispatcher/README.md): a pass fans out undispatched domain events
 * into webhook deliveries and connector jobs, then works off every delivery and job due, and loops
 * while there is work. Passes in one process never overlap; several processes on one PostgreSQL
 * share the work through SKIP LOCKED claims with leases.
 */

/** Events per fan-out transaction. */
export const FAN_OUT_BATCH = 100;

export interface PassResult {
  /** Events fanned out. */
  events: number;
  deliveries: Record<DeliveryOutcome, number>;
  jobs: Record<JobOutcome, number>;
}

export interface Dispatcher {
  readonly settings: DispatcherSettings;
  /** One pass at `now` (tests move time with it): fan-out, then every delivery and job due at `now`. */
  runOnce(now?: Date): Promise<PassResult>;
  /** Passes at the current time until one finds nothing to do. */
  drain(): Promise<PassResult>;
  /** The timer (settings.intervalMs; 0: none). */
  start(): void;
  /** Ask for a pass soon (after a retry or replay), without waiting for it. */
  wake(): void;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

export interface DispatcherOptions extends Partial<DispatcherSettings> {
  /** The connector plugins to run (default: the installed ones, services/connectors/registry.ts). */
  connectors?: readonly ConnectorPlugin[];
  /** Events per fan-out transaction (default FAN_OUT_BATCH). */
  fanOutBatch?: number;
}

const emptyResult = (): PassResult => ({
  events: 0,
  deliveries: { succeeded: 0, failed: 0, dead: 0, gone: 0, lost: 0 },
  jobs: { succeeded: 0, failed: 0, dead: 0, lost: 0 },
});

const didWork = (r: PassResult) =>
  r.events > 0 || Object.values(r.deliveries).some((n) => n > 0) || Object.values(r.jobs).some((n) => n > 0);

export function createDispatcher(app: FastifyInstance, options: DispatcherOptions = {}): Dispatcher {
  const { connectors: plugins = installedConnectors, fanOutBatch: fanOutLimit = FAN_OUT_BATCH, ...overrides } = options;
  const settings: DispatcherSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const log = app.log.child({ service: 'dispatcher' });
  const bindings = plugins.map((plugin) => ({ plugin, host: createConnectorHost(app, plugin) }));
  const fanOutCtx: FanOutContext = { db: app.db, connectors: bindings, log };
  const deliveryCtx: DeliveryContext = {
    db: app.db,
    reader: app.reader,
    writer: createGroupWriter(app.db),
    secretBox: app.secretBox,
    outbound: app.outbound,
    settings,
    userAgent: `Formloom-Webhooks/${configFromEnv({}).version}`,
    log,
    markedFailing: new Set(),
  };
  const jobCtx: JobContext = { db: app.db, connectors: bindings, settings, log };
  const onError = (err: unknown) => log.warn({ err }, 'dispatcher: a row failed unexpectedly; its lease brings it back');

  /** Set by stop(): a pass under a steady stream would otherwise never end and hold up shutdown. */
  let closing = false;

  async function pass(now: Date): Promise<PassResult> {
    const result = emptyResult();
    for (;;) {
      const n = await fanOutBatch(fanOutCtx, now, fanOutLimit);
      result.events += n;
      if (n < fanOutLimit || closing) break;
    }
    // Side by side: a connector waiting out a rate limit does not hold up webhooks.
    await Promise.all([
      workOffDue(
        async (limit) => {
          if (closing) return []; // shutting down: finish what is in flight, take nothing new
          // Lanes running short: fan out what came in meanwhile, so a steady stream never waits a pass.
          const rows = await claimDeliveries(deliveryCtx, now, limit);
          if (rows.length === limit) return rows;
          const fresh = await fanOutBatch(fanOutCtx, now, fanOutLimit);
          result.events += fresh;
          return fresh === 0 ? rows : [...rows, ...(await claimDeliveries(deliveryCtx, now, limit - rows.length))];
        },
        async (d) => void result.deliveries[await deliverOne(deliveryCtx, d, now)]++,
        { batch: settings.claimBatch, concurrency: settings.concurrency, onError },
      ),
      workOffDue(
        async (limit) => (closing ? [] : claimJobs(jobCtx, now, limit)),
        async (j) => void result.jobs[await runJob(jobCtx, j, now)]++,
        { batch: settings.claimBatch, concurrency: settings.jobConcurrency, onError },
      ),
    ]);
    return result;
  }

  let running: Promise<PassResult> | null = null;
  const runOnce = (now: Date = new Date()): Promise<PassResult> => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(() => pass(now));
    running = next;
    return next;
  };

  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick() {
    timer = null;
    runOnce()
      .then((r) => schedule(didWork(r) ? 0 : settings.intervalMs))
      .catch((err) => {
        log.warn({ err }, 'dispatcher pass failed; the next one retries');
        schedule(settings.intervalMs);
      });
  }

  return {
    settings,
    runOnce,
    async drain() {
      const total = emptyResult();
      for (;;) {
        const r = await runOnce();
        total.events += r.events;
        for (const k of Object.keys(r.deliveries) as DeliveryOutcome[]) total.deliveries[k] += r.deliveries[k];
        for (const k of Object.keys(r.jobs) as JobOutcome[]) total.jobs[k] += r.jobs[k];
        if (!didWork(r)) return total;
      }
    },
    start() {
      if (settings.intervalMs === 0 || !stopped) return;
      stopped = false;
      schedule(0);
    },
    wake() {
      if (!stopped && timer) schedule(0);
    },
    async stop() {
      stopped = true;
      closing = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

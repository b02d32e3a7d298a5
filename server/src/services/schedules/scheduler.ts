/**
 * The scheduler: a tick every FORMLOOM_SCHEDULE_TICK_MS (default a minute; 0 turns it off) that
 * opens due periods and sends due reminders. The first tick runs at start, which is how a period
 * missed while the server was down is caught up (once: see periods.ts). Ticks never overlap.
 */
import type { FastifyInstance } from 'fastify';
import { openDuePeriods, sendDueReminders } from './periods.ts';

export const DEFAULT_TICK_MS = 60_000;

export interface TickResult {
  /** Keys of the periods this tick opened. */
  opened: string[];
  /** Reminder rounds this tick sent. */
  reminders: number;
}

/** One tick at `now` (tests pass the moment they want; the timer passes the clock's). */
export async function runScheduleTick(app: Pick<FastifyInstance, 'db'>, now: Date = new Date()): Promise<TickResult> {
  const opened = await openDuePeriods(app.db, now);
  const reminders = await sendDueReminders(app.db, now);
  return { opened, reminders };
}

export function tickIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FORMLOOM_SCHEDULE_TICK_MS;
  if (raw === undefined || raw === '') return DEFAULT_TICK_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`FORMLOOM_SCHEDULE_TICK_MS must be a number of milliseconds (0 = off), got "${raw}".`);
  return ms;
}

/** Starts the timer; returns the function that stops it and waits for a tick in progress. */
export function startScheduler(app: FastifyInstance, intervalMs: number): () => Promise<void> {
  if (intervalMs === 0) return async () => {};
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runScheduleTick(app)
      .then((r) => {
        if (r.opened.length || r.reminders) app.log.info(r, 'schedules: periods opened / reminders sent');
      })
      .catch((err) => app.log.warn({ err }, 'schedules: tick failed; the next tick retries'))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

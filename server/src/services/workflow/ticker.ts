import type { FastifyInstance } from 'fastify';
import { nowIso } from '../../db/dialect.ts';
import { runDueTimeLimits } from './timeLimits.ts';

export const DEFAULT_TICK_MS = 60_000;

function tickMs(): number {
  const value = Number(process.env.FORMLOOM_WORKFLOW_TICK_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TICK_MS;
}

/**
 * Runs due time limits every FORMLOOM_WORKFLOW_TICK_MS (default a minute) while the server is up.
 * A tick never overlaps the previous one; a failing tick is logged and the next one tries again.
 */
export function startTimeLimitTicker(app: FastifyInstance) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runDueTimeLimits(app.db, nowIso())
      .catch((err: unknown) => app.log.error({ err }, 'approval time limits failed'))
      .finally(() => {
        running = null;
      });
  };
  return {
    start() {
      timer ??= setInterval(tick, tickMs());
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

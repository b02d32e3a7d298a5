import fp from 'fastify-plugin';
import type { Knex } from 'knex';
import { purgeLoginThrottle } from './loginThrottle.ts';

/** Idempotency keys are honoured for at least a day (clients retry across a night shift). */
export const IDEMPOTENCY_KEY_RETENTION_MS = 48 * 3600 * 1000;
export const MAINTENANCE_EVERY_MS = 3600 * 1000;

/** Deletes what has expired: idempotency keys past their retention, ended sessions, old failed sign-ins and lockouts. */
export async function purgeExpired(
  knex: Knex,
  now = Date.now(),
): Promise<{ idempotencyKeys: number; sessions: number; loginThrottle: number }> {
  const idempotencyKeys = await knex('idempotency_keys')
    .where('created_at', '<', new Date(now - IDEMPOTENCY_KEY_RETENTION_MS).toISOString())
    .delete();
  const sessions = await knex('sessions').where('expires_at', '<', new Date(now).toISOString()).delete();
  const loginThrottle = await purgeLoginThrottle(knex, now);
  return { idempotencyKeys, sessions, loginThrottle };
}

/** Runs purgeExpired hourly in the background; several servers doing it at once is harmless. */
export default fp(
  async (app) => {
    const run = () =>
      purgeExpired(app.db)
        .then((n) => (n.idempotencyKeys || n.sessions || n.loginThrottle) && app.log.info(n, 'purged expired rows'))
        .catch((err) => app.log.warn({ err }, 'purging expired rows failed'));
    const timer = setInterval(run, MAINTENANCE_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'maintenance', dependencies: ['db'] },
);

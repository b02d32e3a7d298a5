import fp from 'fastify-plugin';
import { ensureAllReportColumns } from '../../services/reports/columns.ts';

/**
 * Forms published before report columns existed (or while making them failed) get them once the
 * server is ready, in the background: start-up does not wait for index builds, and a report run
 * meanwhile simply reads the JSON. Publishing makes them for new versions (routes/forms).
 */
export default fp(
  async (app) => {
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    app.addHook('onReady', async () => {
      running = ensureAllReportColumns(app.db, app.log, () => stopped)
        .then((n) => n && app.log.info({ forms: n }, 'made report columns for published forms'))
        .catch((err) => app.log.warn({ err }, 'making report columns for published forms failed'));
    });
    // An index build is not cut off by closing the pool under it.
    app.addHook('onClose', async () => {
      stopped = true;
      await running;
    });
  },
  { name: 'reportColumns', dependencies: ['db'] },
);

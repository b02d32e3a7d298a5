import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reportQueryRoutes } from './query.ts';
import { savedReportRoutes } from './saved.ts';

/** Reports: running a definition (query.ts) and the saved reports with their exports (saved.ts). */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(reportQueryRoutes);
  await app.register(savedReportRoutes);
};

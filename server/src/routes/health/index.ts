import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Health } from '@formloom/schemas';

export const healthRoutes: FastifyPluginAsyncZod<{ version: string }> = async (app, { version }) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: Health } },
    },
    async () => {
      await app.db.raw('select 1');
      return { status: 'ok' as const, db: app.dialect, version };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** PLACEHOLDER (Zapier helper): POST /api/hooks/subscribe, DELETE /api/hooks/:id, polling and sample endpoints. */
export const zapierRoutes: FastifyPluginAsyncZod = async () => {};

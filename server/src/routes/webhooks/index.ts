import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * PLACEHOLDER (webhooks-API helper): POST/GET/PATCH/DELETE /api/webhooks, GET /api/webhooks/:id/deliveries,
 * GET /api/deliveries/:id, POST /api/deliveries/:id/replay, POST /api/webhooks/:id/replay, POST /api/webhooks/preview.
 */
export const webhookRoutes: FastifyPluginAsyncZod = async () => {};

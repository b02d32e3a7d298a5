import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * PLACEHOLDER (dispatcher helper): starts/stops the outbox dispatcher (onReady/onClose);
 * GET /api/submissions/:submissionId/integrations, POST /api/integration-jobs/:jobId/retry.
 */
export const integrationRoutes: FastifyPluginAsyncZod = async () => {};

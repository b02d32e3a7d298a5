import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Placeholder: filled in by the issue 8 work. */
export const savedReportRoutes: FastifyPluginAsyncZod = async () => {};

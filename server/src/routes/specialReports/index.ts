import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Placeholder: filled in by the issue 8 work (see docs/API.md "Reports"). */
export const specialReportsRoutes: FastifyPluginAsyncZod = async () => {};

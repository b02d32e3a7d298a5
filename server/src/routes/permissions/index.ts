import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Filled in by the issue 9 work that owns it. */
export const permissionRoutes: FastifyPluginAsyncZod = async () => {};

import fp from 'fastify-plugin';
import type { AppPermissions } from '@formloom/schemas';
import { TtlCache } from '../../lib/ttlCache.ts';
import type { FormRow } from '../../repositories/forms.ts';

/**
 * Short-lived caches for the submission hot path (a scanner posting item after item should not
 * re-read the form and the grants each time). Edits through this process invalidate at once;
 * another server process serves a publish or a grant change within ACCESS_CACHE_TTL_MS.
 */
export const ACCESS_CACHE_TTL_MS = 2_000;

export interface AccessCaches {
  forms: TtlCache<FormRow>;
  permissions: TtlCache<AppPermissions | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    accessCaches: AccessCaches;
  }
}

export default fp(
  async (app) => {
    app.decorate('accessCaches', {
      forms: new TtlCache<FormRow>(ACCESS_CACHE_TTL_MS),
      permissions: new TtlCache<AppPermissions | null>(ACCESS_CACHE_TTL_MS),
    });
  },
  { name: 'accessCaches' },
);

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SecuritySettings } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { saveSecuritySettings } from '../../services/security/settings.ts';
import { errors } from '../common.ts';

/** The sign-in security policy: session limits, password rules, login throttling (admin). */
export const securityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/security/settings',
    {
      schema: {
        tags: ['security'],
        summary: 'The security policy in force, defaults filled in (admin)',
        response: { 200: SecuritySettings, ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'read the security settings');
      app.forgetSecuritySettings();
      return app.securitySettings();
    },
  );

  app.put(
    '/api/security/settings',
    {
      schema: {
        tags: ['security'],
        summary: 'Replace the security policy; parts left out take their defaults (admin)',
        description:
          'Session limits apply to existing sessions at once on this server and within a few seconds on others; ' +
          'password rules apply to the next password set; throttling to the next failed sign-in.',
        body: SecuritySettings,
        response: { 200: SecuritySettings, ...errors(403) },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'change the security settings');
      const saved = await saveSecuritySettings(app.db, request.body, actor.id, request.ip);
      app.forgetSecuritySettings();
      app.forgetCredentials();
      return saved;
    },
  );
};

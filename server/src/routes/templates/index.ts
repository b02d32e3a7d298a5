import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { App, Form, List, TemplateSummary } from '@formloom/schemas';
import { readerLocale } from '../../lib/readerLocale.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { FULL_PERMISSIONS, requireRole } from '../../services/access.ts';
import { toApp } from '../../services/apps.ts';
import { toForm } from '../../services/forms.ts';
import { findTemplate, installTemplate, listTemplates } from '../../services/templates.ts';
import { errors } from '../common.ts';

export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/templates',
    {
      schema: { tags: ['templates'], summary: 'The template catalogue', response: { 200: List(TemplateSummary), ...errors() } },
    },
    async () => {
      const items = await listTemplates(app.db);
      return {
        items: items.map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          forms: t.forms.map((f) => ({ key: f.key, name: f.name })),
        })),
      };
    },
  );

  app.post(
    '/api/templates/:templateId/install',
    {
      schema: {
        tags: ['templates'],
        summary: 'Create an app from a template, with its forms published',
        description: "Names are taken in the user's language, else from Accept-Language.",
        params: z.object({ templateId: z.string() }),
        response: { 201: z.object({ app: App, forms: z.array(Form) }), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, ['admin', 'builder'], 'install templates');
      const template = await findTemplate(app.db, request.params.templateId);
      const locale = readerLocale(user, request.headers['accept-language']);
      const result = await installTemplate(app.db, user, template, locale);
      return reply.status(201).send({
        app: toApp(result.app, FULL_PERMISSIONS),
        forms: await Promise.all(result.forms.map((f) => toForm(app.db, f))),
      });
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { App, AppGrants, CreateAppBody, CreateFormBody, Form, List } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { appsRepo } from '../../repositories/apps.ts';
import { formsRepo } from '../../repositories/forms.ts';
import { appendEvent } from '../../repositories/events.ts';
import { FULL_PERMISSIONS, loadApp, permissionsIn, requirePermission, requireRole } from '../../services/access.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { checkedPrincipals } from '../../services/principalCheck.ts';
import { principalKeysOf } from '../../services/principals.ts';
import { createApp, toApp } from '../../services/apps.ts';
import { createForm, toForm } from '../../services/forms.ts';
import { errors } from '../common.ts';

const AppParams = z.object({ appId: z.string() });

export const appRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/apps',
    {
      schema: { tags: ['apps'], summary: 'Create an app (admin, builder)', body: CreateAppBody, response: { 201: App, ...errors(403) } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, ['admin', 'builder'], 'create apps');
      const row = await app.db.transaction((trx) => createApp(trx, user, request.body));
      return reply.status(201).send(toApp(row, FULL_PERMISSIONS));
    },
  );

  app.get(
    '/api/apps',
    {
      schema: { tags: ['apps'], summary: 'Apps you can see', response: { 200: List(App), ...errors() } },
    },
    async (request) => {
      const user = currentUser(request);
      const rows =
        user.role === 'admin'
          ? await appsRepo.listAll(app.db)
          : await appsRepo.listForPrincipals(app.db, await principalKeysOf(app.db, user));
      const items = [];
      for (const row of rows) items.push(toApp(row, (await permissionsIn(app.db, user, row.id))!));
      return { items };
    },
  );

  app.get(
    '/api/apps/:appId',
    {
      schema: { tags: ['apps'], summary: 'One app', params: AppParams, response: { 200: App, ...errors(404) } },
    },
    async (request) => {
      const { app: row, permissions } = await loadApp(app.db, currentUser(request), request.params.appId);
      return toApp(row, permissions);
    },
  );

  app.get(
    '/api/apps/:appId/grants',
    {
      schema: {
        tags: ['apps'],
        summary: 'Who may do what in the app: its permission sets (people, roles, departments, positions)',
        params: AppParams,
        response: { 200: AppGrants, ...errors(403, 404) },
      },
    },
    async (request) => {
      const { permissions } = await loadApp(app.db, currentUser(request), request.params.appId);
      requirePermission(permissions, 'canEdit', 'see who has access');
      return { grants: await appsRepo.grantsOf(app.db, request.params.appId) };
    },
  );

  app.put(
    '/api/apps/:appId/grants',
    {
      schema: {
        tags: ['apps'],
        summary: "Replace the app's grants",
        params: AppParams,
        body: AppGrants,
        response: { 200: AppGrants, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { permissions } = await loadApp(app.db, user, request.params.appId);
      requirePermission(permissions, 'canEdit', 'change who has access');
      const stored = await checkedPrincipals(
        app.db,
        request.body.grants.map((g) => g.principal),
      );
      const grants = request.body.grants.map((g, i) => ({ ...g, principal: stored[i]! }));
      await app.db.transaction(async (trx) => {
        const before = await appsRepo.grantsOf(trx, request.params.appId);
        await appsRepo.replaceGrants(trx, request.params.appId, grants);
        await recordAudit(trx, {
          action: 'app.grants_changed',
          actorId: user.id,
          targetType: 'app',
          targetId: request.params.appId,
          appId: request.params.appId,
          ip: request.ip,
          details: { before, after: await appsRepo.grantsOf(trx, request.params.appId) },
        });
        await appendEvent(trx, {
          type: 'app.grants_changed',
          appId: request.params.appId,
          actorId: user.id,
          payload: { appId: request.params.appId },
        });
      });
      app.accessCaches.permissions.clear();
      return { grants: await appsRepo.grantsOf(app.db, request.params.appId) };
    },
  );

  app.get(
    '/api/apps/:appId/forms',
    {
      schema: { tags: ['forms'], summary: "The app's forms", params: AppParams, response: { 200: List(Form), ...errors(404) } },
    },
    async (request) => {
      await loadApp(app.db, currentUser(request), request.params.appId);
      const rows = await formsRepo.listByApp(app.db, request.params.appId);
      return { items: await Promise.all(rows.map((r) => toForm(app.db, r))) };
    },
  );

  app.post(
    '/api/apps/:appId/forms',
    {
      schema: {
        tags: ['forms'],
        summary: 'Create a draft form from a JSON Schema',
        params: AppParams,
        body: CreateFormBody,
        response: { 201: Form, ...errors(403, 404, 422) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { permissions } = await loadApp(app.db, user, request.params.appId);
      requirePermission(permissions, 'canEdit', 'create forms');
      const row = await app.db.transaction((trx) => createForm(trx, user, request.params.appId, request.body));
      reply.header('etag', `"${row.revision}"`);
      return reply.status(201).send(
        await toForm(app.db, {
          ...row,
          draft_schema: JSON.stringify(row.draft_schema),
          draft_ui_schema: JSON.stringify(row.draft_ui_schema),
        }),
      );
    },
  );
};

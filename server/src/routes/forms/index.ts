import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Form, FormVersion, List, PublishResult, UpdateFormBody } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { formsRepo, formVersionsRepo } from '../../repositories/forms.ts';
import { loadForm, requirePermission } from '../../services/access.ts';
import { parseIfMatch, publish, toForm, toFormVersion, updateDraft } from '../../services/forms.ts';
import { ensureReportColumns } from '../../services/reports/columns.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string() });

export const formRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId',
    {
      schema: {
        tags: ['forms'],
        summary: 'A form: its draft and latest published version; ETag is the draft revision',
        params: FormParams,
        response: { 200: Form, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { form } = await loadForm(app.db, currentUser(request), request.params.formId);
      reply.header('etag', `"${form.revision}"`);
      return toForm(app.db, form);
    },
  );

  app.put(
    '/api/forms/:formId',
    {
      schema: {
        tags: ['forms'],
        summary: 'Edit the draft; send If-Match with the ETag to detect concurrent edits',
        params: FormParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: UpdateFormBody,
        response: { 200: Form, ...errors(403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      requirePermission(permissions, 'canEdit', 'edit forms');
      await updateDraft(app.db, user, form, request.body, parseIfMatch(request.headers['if-match']));
      app.accessCaches.forms.delete(form.id);
      const updated = (await formsRepo.findById(app.db, form.id))!;
      reply.header('etag', `"${updated.revision}"`);
      return toForm(app.db, updated);
    },
  );

  app.post(
    '/api/forms/:formId/publish',
    {
      schema: {
        tags: ['forms'],
        summary: 'Publish the draft as the next immutable version',
        params: FormParams,
        response: { 201: PublishResult, ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      requirePermission(permissions, 'canEdit', 'publish forms');
      const version = await app.db.transaction((trx) => publish(trx, user, form));
      app.accessCaches.forms.delete(form.id);
      await ensureReportColumns(app.db, form.id, request.log);
      const updated = (await formsRepo.findById(app.db, form.id))!;
      return reply.status(201).send({ version, form: await toForm(app.db, updated) });
    },
  );

  app.get(
    '/api/forms/:formId/versions',
    {
      schema: {
        tags: ['forms'],
        summary: 'All published versions, oldest first',
        params: FormParams,
        response: { 200: List(FormVersion), ...errors(404) },
      },
    },
    async (request) => {
      const { form } = await loadForm(app.db, currentUser(request), request.params.formId);
      return { items: (await formVersionsRepo.list(app.db, form.id)).map(toFormVersion) };
    },
  );
};

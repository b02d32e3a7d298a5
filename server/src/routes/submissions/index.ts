import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSubmissionBody, ExportQuery, Page, Submission, SubmissionListQuery } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { submissionsRepo } from '../../repositories/submissions.ts';
import { loadForm, permissionsIn, requirePermission } from '../../services/access.ts';
import { createSubmission, toSubmission } from '../../services/submissions.ts';
import { exportFile } from '../../services/exportSubmissions.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string() });

export const submissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/forms/:formId/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Submit data against the latest published version',
        description: 'With an Idempotency-Key header, a retry returns the first response and never stores a second row.',
        params: FormParams,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: CreateSubmissionBody,
        response: { 201: Submission, ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.reader, user, request.params.formId, app.accessCaches);
      requirePermission(permissions, 'canFill', 'submit this form');
      const result = await createSubmission(app.database, user, form, {
        data: request.body.data,
        idempotencyKey: request.headers['idempotency-key'],
      });
      return reply.status(result.statusCode as 201).send(result.body as Submission);
    },
  );

  app.get(
    '/api/forms/:formId/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Submissions, newest first; people without "see all" get only their own',
        params: FormParams,
        querystring: SubmissionListQuery,
        response: { 200: Page(Submission), ...errors(404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      const { limit, cursor } = request.query;
      const rows = await submissionsRepo.listByForm(app.db, form.id, {
        onlyCreatedBy: permissions.canViewAll ? undefined : user.id,
        before: cursor,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { items: page.map(toSubmission), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
    },
  );

  app.get(
    '/api/submissions/:submissionId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'One submission',
        params: z.object({ submissionId: z.string() }),
        response: { 200: Submission, ...errors(404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const row = await submissionsRepo.findById(app.db, request.params.submissionId);
      const permissions = row ? await permissionsIn(app.db, user, row.app_id) : null;
      if (!row || !permissions || (!permissions.canViewAll && row.created_by !== user.id)) {
        throw new NotFoundError(
          'submission_not_found',
          `There is no submission ${request.params.submissionId}, or you have no access to it.`,
        );
      }
      return toSubmission(row);
    },
  );

  app.get(
    '/api/forms/:formId/submissions/export',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Download submissions as CSV (UTF-8 with BOM) or Excel',
        params: FormParams,
        querystring: ExportQuery,
        response: { 200: z.any().describe('The file'), ...errors(404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      const file = await exportFile(app.db, form, request.query.format, permissions.canViewAll ? undefined : user.id);
      reply.header('content-type', file.contentType);
      reply.header(
        'content-disposition',
        `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      );
      reply.header('cache-control', 'no-store');
      return reply.send(Readable.from(file.body));
    },
  );
};

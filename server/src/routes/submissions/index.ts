import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateSubmissionBody,
  ExportQuery,
  Submission,
  SubmissionDetail,
  SubmissionHistory,
  SubmissionListQuery,
  SubmissionPage,
  UpdateSubmissionBody,
} from '@formloom/schemas';
import { BadRequestError } from '../../lib/errors.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { loadForm, requirePermission } from '../../services/access.ts';
import { hiddenFieldsFor, maskSubmissionData } from '../../services/fieldAccess.ts';
import { recordScopeOf } from '../../services/recordScope.ts';
import { loadSubmission } from '../../services/submissionAccess.ts';
import {
  deleteSubmission,
  parseSubmissionIfMatch,
  submissionETag,
  submissionHistory,
  updateSubmission,
  visibleSubmission,
} from '../../services/submissionEdits.ts';
import { resolveView, viewPage, viewTotal } from '../../services/submissionQuery.ts';
import { submissionLocked } from '../../services/submissionExtensions.ts';
import { createSubmission, toSubmission } from '../../services/submissions.ts';
import { auditSubmissionsExported } from '../../services/audit/dataEvents.ts';
import { exportFile } from '../../services/exportSubmissions.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string() });
const SubmissionParams = z.object({ submissionId: z.string() });

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
        summary: "Submissions of a form in your scope (all, your department's and below, or your own), sorted, searched and filtered",
        description:
          'sort: createdAt (default -createdAt), updatedAt, createdBy or data.<key>, "-" for descending, ties by id. ' +
          "q: text in any value or the submitter's name. filter: JSON array of {field, op, value?}. " +
          'nextCursor continues the same sort; offset (not with cursor) starts that many rows in; total counts every matching row. ' +
          "Sensitive fields you may not see (hiddenFields) are absent from others' records, never match q, and cannot be sorted or filtered by (403 field_hidden).",
        params: FormParams,
        querystring: SubmissionListQuery,
        response: { 200: SubmissionPage, ...errors(403, 404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      const { limit, cursor, offset, ...viewInput } = request.query;
      if (cursor !== undefined && offset !== undefined) {
        throw new BadRequestError('invalid_request', 'Send either cursor (to continue) or offset (to jump), not both.');
      }
      const hidden = await hiddenFieldsFor(app.reader, user, form.id);
      const view = await resolveView(app.reader, form, viewInput, { userId: user.id, hidden });
      const scope = { formId: form.id, onlyCreatedBy: recordScopeOf(user, permissions) };
      const [page, total] = await Promise.all([
        viewPage(app.reader, view, scope, { limit, cursor, offset }),
        viewTotal(app.reader, view, scope),
      ]);
      const items = page.rows.map((row) => {
        const submission = toSubmission(row);
        return { ...submission, data: maskSubmissionData(submission.data, hidden, { createdBy: row.created_by }, user) };
      });
      return { items, nextCursor: page.nextCursor, total, ...(hidden.size ? { hiddenFields: [...hidden].sort() } : {}) };
    },
  );

  app.get(
    '/api/submissions/:submissionId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'One submission, with whether you may edit or delete it',
        params: SubmissionParams,
        response: { 200: SubmissionDetail, ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const access = await loadSubmission(app.db, currentUser(request), request.params.submissionId);
      const submission = visibleSubmission(toSubmission(access.row), access);
      reply.header('etag', submissionETag(submission));
      const locked = (access.canChange || access.canDelete) && (await submissionLocked(app.db, access.row.id));
      return { ...submission, canEdit: access.canChange && !locked, canDelete: access.canDelete && !locked };
    },
  );

  app.patch(
    '/api/submissions/:submissionId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Replace the data of a submission (its submitter or an app editor); the change is kept in its history',
        description:
          'Checked like a new submission (422 validation_failed). Send If-Match with the ETag (the updatedAt in quotes) to get 412 ' +
          'version_conflict instead of overwriting a newer edit. Unchanged data stores nothing.',
        params: SubmissionParams,
        headers: z.object({ 'if-match': z.string().optional() }),
        body: UpdateSubmissionBody,
        response: { 200: SubmissionDetail, ...errors(403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const { submission, canDelete } = await updateSubmission(app, currentUser(request), request.params.submissionId, {
        data: request.body.data,
        ifMatch: parseSubmissionIfMatch(request.headers['if-match']),
      });
      reply.header('etag', submissionETag(submission));
      // Whoever could make this edit may make the next one.
      return { ...submission, canEdit: true, canDelete };
    },
  );

  app.delete(
    '/api/submissions/:submissionId',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Delete a submission (its submitter or an app editor): gone from lists, lookups and exports',
        params: SubmissionParams,
        response: { 204: z.null().describe('Deleted'), ...errors(403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteSubmission(app, currentUser(request), request.params.submissionId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/submissions/:submissionId/history',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Who changed what and when, oldest first (the first entry is the creation)',
        params: SubmissionParams,
        response: { 200: SubmissionHistory, ...errors(403, 404) },
      },
    },
    async (request) => submissionHistory(app.db, currentUser(request), request.params.submissionId),
  );

  app.get(
    '/api/forms/:formId/submissions/export',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Download the rows of a view (same sort, q and filter as the list) as CSV (UTF-8 with BOM) or Excel',
        description:
          'With "export": the rows of your scope (X-Export-Scope: all, department or own); without it, your own rows only (X-Export-Scope: own). ' +
          'Sensitive fields you may not see have no column (naming one in columns: 403 field_hidden).',
        params: FormParams,
        querystring: ExportQuery,
        response: { 200: z.any().describe('The file'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      const { format, columns, ...viewInput } = request.query;
      const hidden = await hiddenFieldsFor(app.reader, user, form.id);
      const view = await resolveView(app.reader, form, viewInput, { userId: user.id, hidden });
      // Everyone may take their own records out; "export" extends that to every record they can see.
      const scope = { formId: form.id, onlyCreatedBy: permissions.canExport ? recordScopeOf(user, permissions) : user.id };
      reply.header('x-export-scope', permissions.canExport ? permissions.viewScope : 'own');
      const file = await exportFile(app.reader, form, { format, view, scope, columns, hidden });
      await auditSubmissionsExported(app.db, app.reader, { user, form, format, view, scope, columns, ip: request.ip });
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

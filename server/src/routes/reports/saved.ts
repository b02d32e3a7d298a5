import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ExportFormat, ReportDefinition, ReportResult, SavedReport, type ReportDefinition as Definition } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { readerLocale } from '../../lib/readerLocale.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { reportFile, type ReportFileFormat } from '../../services/reports/library/exportReport.ts';
import {
  createReport,
  deleteReport,
  getReport,
  listReports,
  runSavedReport,
  updateReport,
} from '../../services/reports/library/savedReports.ts';
import { auditReportExported } from '../../services/audit/dataEvents.ts';
import { runReport } from '../../services/reports/query/index.ts';
import { errors } from '../common.ts';

// The definition is checked by the service against its form (fields, ops, buckets), so every
// problem with it answers 400 invalid_report as POST /api/reports/query does.
const DefinitionAsSent = z.unknown().describe('A ReportDefinition, checked against its form (400 invalid_report)');
const ReportBody = z.object({ definition: DefinitionAsSent }).strict();
const ReportParams = z.object({ reportId: z.string() });
const FormatQuery = z.object({ format: ExportFormat.default('csv') });
const File = z.any().describe('The file: CSV (UTF-8 with BOM) or XLSX, named after the report title');

/** Sends a report's result as a download in the caller's language. */
export async function sendReportFile(
  request: FastifyRequest,
  reply: FastifyReply,
  definition: Pick<Definition, 'title' | 'timezone'>,
  result: ReportResult,
  format: ReportFileFormat,
) {
  const locale = readerLocale(currentUser(request), request.headers['accept-language']);
  const file = await reportFile(definition, result, locale, format);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', file.contentDisposition)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** Saved reports: list, save, change, delete, run and export (see services/reports/library). */
export const savedReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Saved reports of the forms in apps you have a grant in (admins: all), newest first',
        querystring: z.object({ formId: z.string().optional() }),
        response: { 200: z.object({ items: z.array(SavedReport) }), ...errors(404) },
      },
    },
    async (request) => ({ items: await listReports(app.db, currentUser(request), request.query.formId) }),
  );

  app.post(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Save a report definition (anyone with a grant in its form’s app)',
        body: ReportBody,
        response: { 201: SavedReport, ...errors(404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createReport(app.db, currentUser(request), request.body.definition)),
  );

  // Before /api/reports/:reportId… so "export" is never read as a report id.
  app.post(
    '/api/reports/export',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run an unsaved definition and download its rows (labels in your language)',
        querystring: FormatQuery,
        body: DefinitionAsSent,
        response: { 200: File, ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const result = await runReport(app.reader, user, request.body, { forExport: true });
      const definition = ReportDefinition.parse(request.body);
      await auditReportExported(app.db, { user, format: request.query.format, definition, result, ip: request.ip });
      return sendReportFile(request, reply, definition, result, request.query.format);
    },
  );

  app.get(
    '/api/reports/:reportId',
    {
      schema: { tags: ['reports'], summary: 'A saved report', params: ReportParams, response: { 200: SavedReport, ...errors(404) } },
    },
    async (request) => getReport(app.db, currentUser(request), request.params.reportId),
  );

  app.patch(
    '/api/reports/:reportId',
    {
      schema: {
        tags: ['reports'],
        summary: 'Replace a saved report’s definition (its owner, an app editor or an admin)',
        params: ReportParams,
        body: ReportBody,
        response: { 200: SavedReport, ...errors(403, 404) },
      },
    },
    async (request) => updateReport(app.db, currentUser(request), request.params.reportId, request.body.definition),
  );

  app.delete(
    '/api/reports/:reportId',
    {
      schema: {
        tags: ['reports'],
        summary: 'Delete a saved report and its widgets on dashboards (its owner, an app editor or an admin)',
        params: ReportParams,
        response: { 204: z.null().describe('Deleted'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      await deleteReport(app.db, currentUser(request), request.params.reportId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/reports/:reportId/query',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run a saved report with your own access',
        params: ReportParams,
        response: { 200: ReportResult, ...errors(404) },
      },
    },
    async (request) => (await runSavedReport(app.reader, currentUser(request), request.params.reportId)).result,
  );

  app.get(
    '/api/reports/:reportId/export',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run a saved report with your own access and download its rows',
        params: ReportParams,
        querystring: FormatQuery,
        response: { 200: File, ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { report, result } = await runSavedReport(app.reader, user, request.params.reportId, { forExport: true });
      const definition = readJson<Definition>(report.definition);
      const { format } = request.query;
      await auditReportExported(app.db, { user, format, definition, result, reportId: report.id, ip: request.ip });
      return sendReportFile(request, reply, definition, result, format);
    },
  );
};

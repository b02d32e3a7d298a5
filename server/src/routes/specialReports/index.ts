import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApprovalsReport,
  ApprovalsReportQuery,
  HealthReport,
  HealthReportQuery,
  InventoryReport,
  SpecialExportQuery,
} from '@formloom/schemas';
import { readerLocale } from '../../lib/readerLocale.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { approvalsReport } from '../../services/specialReports/approvals.ts';
import { healthReport } from '../../services/specialReports/health.ts';
import { healthExportFile } from '../../services/specialReports/healthExport.ts';
import { inventoryReport } from '../../services/specialReports/inventory.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string().max(64) });
const NOT_AVAILABLE = '404 report_not_available when the form does not qualify; 404 form_not_found without a grant in its app.';

/**
 * The special reports of forms that qualify: a health declaration (ui:options.healthReport), a stock
 * ledger (ui:options.stockLedger), an approval flow. Read from the reader pool: nothing here writes.
 */
export const specialReportsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId/reports/health',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Health declarations of a day per department (expected, declared, not declared, late, symptoms, fever) and the 30 days up to it',
        description: `Needs "see all" in the app (403 otherwise): it names people. 400 invalid_date. ${NOT_AVAILABLE}`,
        params: FormParams,
        querystring: HealthReportQuery,
        response: { 200: HealthReport, ...errors(403, 404) },
      },
    },
    async (request) => healthReport(app.reader, currentUser(request), request.params.formId, request.query.date),
  );

  app.get(
    '/api/forms/:formId/reports/health/export',
    {
      schema: {
        tags: ['reports'],
        summary: "The health declaration day as CSV (UTF-8 with BOM) or Excel, headed in the caller's language",
        description: `Needs "see all" in the app. ${NOT_AVAILABLE}`,
        params: FormParams,
        querystring: SpecialExportQuery,
        response: { 200: z.any().describe('The file'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const locale = readerLocale(user, request.headers['accept-language']);
      const file = await healthExportFile(app.reader, user, request.params.formId, { ...request.query, locale });
      reply.header('content-type', file.contentType);
      reply.header(
        'content-disposition',
        `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      );
      reply.header('cache-control', 'no-store');
      return reply.send(Readable.from(file.body));
    },
  );

  app.get(
    '/api/forms/:formId/reports/inventory',
    {
      schema: {
        tags: ['reports'],
        summary: 'The stock ledger: on-hand and value per item and zone, low stock, movements per day (30 days), stock value',
        description: `Anyone with a grant in the app. ${NOT_AVAILABLE}`,
        params: FormParams,
        response: { 200: InventoryReport, ...errors(404) },
      },
    },
    async (request) => inventoryReport(app.reader, currentUser(request), request.params.formId),
  );

  app.get(
    '/api/forms/:formId/reports/approvals',
    {
      schema: {
        tags: ['reports'],
        summary: 'Approval flow figures: pending by approver, average and p90 hours per node, outcomes, overdue tasks',
        description: `Needs "see all" in the app. from/to (YYYY-MM-DD, Hong Kong days) narrow by task activation; 400 invalid_date. ${NOT_AVAILABLE}`,
        params: FormParams,
        querystring: ApprovalsReportQuery,
        response: { 200: ApprovalsReport, ...errors(403, 404) },
      },
    },
    async (request) => approvalsReport(app.reader, currentUser(request), request.params.formId, request.query),
  );
};

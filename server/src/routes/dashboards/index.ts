import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Dashboard,
  DashboardBody,
  DashboardShare,
  DashboardWidget,
  ExportFormat,
  ReportLabel,
  ReportResult,
  type ReportDefinition,
} from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import {
  createDashboard,
  deleteDashboard,
  getDashboard,
  listDashboards,
  updateDashboard,
} from '../../services/reports/library/dashboards.ts';
import { auditReportExported } from '../../services/audit/dataEvents.ts';
import { runWidget } from '../../services/reports/library/widgets.ts';
import { errors } from '../common.ts';
import { sendReportFile } from '../reports/saved.ts';

// Spelled out rather than DashboardBody.partial(): the body's defaults (widgets: [], shares: [])
// would still apply inside .partial() and wipe what a PATCH leaves out.
const DashboardPatch = z
  .object({
    name: ReportLabel.optional(),
    widgets: z.array(DashboardWidget).max(24).optional(),
    shares: z.array(DashboardShare).max(200).optional(),
    revision: z.number().int().optional().describe('If given, the change is refused (409 dashboard_conflict) unless it is still current'),
    ownerId: z.string().optional().describe('Admins only: hand the dashboard over (its widgets are checked against the new owner)'),
  })
  .strict();
const DashboardParams = z.object({ dashboardId: z.string() });
const WidgetParams = DashboardParams.extend({ widgetId: z.string() });

/** Dashboards: saved reports on a grid, shared with roles, departments, positions and people. */
export const dashboardsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/dashboards',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Your dashboards and those shared with you (admins: all), each with the saved reports its widgets show',
        response: { 200: z.object({ items: z.array(Dashboard) }), ...errors() },
      },
    },
    async (request) => ({ items: await listDashboards(app.db, currentUser(request)) }),
  );

  app.post(
    '/api/dashboards',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Make a dashboard (you own it; its widgets must show saved reports you may run)',
        body: DashboardBody,
        response: { 201: Dashboard, ...errors() },
      },
    },
    async (request, reply) => reply.status(201).send(await createDashboard(app.db, currentUser(request), request.body)),
  );

  app.get(
    '/api/dashboards/:dashboardId',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'A dashboard you own, or one shared with you',
        params: DashboardParams,
        response: { 200: Dashboard, ...errors(404) },
      },
    },
    async (request) => getDashboard(app.db, currentUser(request), request.params.dashboardId),
  );

  app.patch(
    '/api/dashboards/:dashboardId',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Change a dashboard, its layout or its sharing (its owner or an admin)',
        params: DashboardParams,
        body: DashboardPatch,
        response: { 200: Dashboard, ...errors(403, 404, 409) },
      },
    },
    async (request) => updateDashboard(app.db, currentUser(request), request.params.dashboardId, request.body),
  );

  app.delete(
    '/api/dashboards/:dashboardId',
    {
      schema: {
        tags: ['dashboards'],
        summary: 'Delete a dashboard (its owner or an admin); its saved reports stay',
        params: DashboardParams,
        response: { 204: z.null().describe('Deleted'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      await deleteDashboard(app.db, currentUser(request), request.params.dashboardId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/dashboards/:dashboardId/widgets/:widgetId/query',
    {
      schema: {
        tags: ['dashboards'],
        summary: "A widget's figures, computed with the dashboard owner's access",
        params: WidgetParams,
        response: { 200: ReportResult, ...errors(404, 409) },
      },
    },
    async (request) => (await runWidget(app.reader, currentUser(request), request.params.dashboardId, request.params.widgetId)).result,
  );

  app.get(
    '/api/dashboards/:dashboardId/widgets/:widgetId/export',
    {
      schema: {
        tags: ['dashboards'],
        summary: "Download a widget's rows (the owner's access; labels in your language)",
        params: WidgetParams,
        querystring: z.object({ format: ExportFormat.default('csv') }),
        response: { 200: z.any().describe('The file'), ...errors(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { params } = request;
      // Computed with the owner's access, so it is the owner's export permission that lets the rows leave as a file.
      const user = currentUser(request);
      const { report, result } = await runWidget(app.reader, user, params.dashboardId, params.widgetId, {
        forExport: true,
      });
      const definition = readJson<ReportDefinition>(report.definition);
      const { format } = request.query;
      const { dashboardId, widgetId } = params;
      await auditReportExported(app.db, { user, format, definition, result, reportId: report.id, dashboardId, widgetId, ip: request.ip });
      return sendReportFile(request, reply, definition, result, format);
    },
  );
};

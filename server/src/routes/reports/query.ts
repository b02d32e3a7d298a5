import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReportDefinition, ReportResult } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { runReport } from '../../services/reports/query/index.ts';
import { errors } from '../common.ts';

/** POST /api/reports/query: a definition in, its rows out, as the caller (the builder, scripts, the automatic report). */
export const reportQueryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/reports/query',
    {
      schema: {
        tags: ['reports'],
        summary: 'Run a report definition over a form’s submissions and get its rows',
        description:
          'Dimensions (a field, a date bucket in the time zone, createdBy, department, status), measures (count, sum, avg, min, max, ' +
          'countDistinct), filters, sort and limit, aggregated in the database. With "see all" in the app over every live submission ' +
          'of the form, otherwise over your own. 400 invalid_report names the problem; 404 form_not_found.',
        body: ReportDefinition,
        response: { 200: ReportResult, ...errors(404) },
      },
      // The definition is checked by runReport, so scripts get invalid_report with the path instead of the generic 400.
      validatorCompiler: () => (data) => ({ value: data }),
    },
    async (request) => runReport(app.reader, currentUser(request), request.body),
  );
};

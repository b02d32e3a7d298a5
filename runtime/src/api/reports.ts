// Running a report definition: POST /api/reports/query (definition in, rows out), the one call the form's
// automatic report, the report builder and dashboards share. Built on the HTTP client's `request`, so
// CSRF, Accept-Language and errors (400 invalid_report, 404 form_not_found) work as everywhere.
import type { ReportDefinitionInput, ReportResult } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { ReportDefinitionInput, ReportResult };

/** Runs a definition as the signed-in person (view-all: every live submission; otherwise their own). */
export function queryReport(api: ApiClient, definition: ReportDefinitionInput): Promise<ReportResult> {
  const request = (api as Partial<HttpApiClient>).request;
  if (!request) throw new Error('Reports need an API client with request() (createHttpClient).');
  return request<ReportResult>('POST', '/api/reports/query', definition);
}

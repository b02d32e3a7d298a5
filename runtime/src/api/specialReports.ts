// The special reports (health declarations, inventory, approvals) as the report page's tabs call
// them. Built on the HTTP client's `request`, so CSRF, Accept-Language and errors work as everywhere;
// the health export is fetched (not linked) so its headings follow the language picked in the app.
import type { ApprovalsReport, HealthReport, InventoryReport } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { ApprovalsReport, HealthReport, InventoryReport };

export interface SpecialReportsApi {
  health(formId: string, date?: string): Promise<HealthReport>;
  /** The day's file, headed in `language`. */
  healthExport(formId: string, date: string, format: 'csv' | 'xlsx', language: string): Promise<Blob>;
  inventory(formId: string): Promise<InventoryReport>;
  approvals(formId: string, range?: { from?: string; to?: string }): Promise<ApprovalsReport>;
}

const enc = encodeURIComponent;

export function specialReportsApiFor(client: ApiClient): SpecialReportsApi | null {
  const request = (client as Partial<HttpApiClient>).request;
  if (!request) return null;
  // Same origin as the client's other plain URLs (the submissions export's).
  const baseUrl = client.exportUrl('_', 'csv').split('/api/')[0];
  return {
    health: (formId, date) => request<HealthReport>('GET', `/api/forms/${enc(formId)}/reports/health${date ? `?date=${enc(date)}` : ''}`),
    async healthExport(formId, date, format, language) {
      const url = `${baseUrl}/api/forms/${enc(formId)}/reports/health/export?date=${enc(date)}&format=${format}`;
      const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': language } });
      if (!res.ok) throw new Error(`export failed: ${res.status}`);
      return res.blob();
    },
    inventory: (formId) => request<InventoryReport>('GET', `/api/forms/${enc(formId)}/reports/inventory`),
    approvals(formId, range = {}) {
      const params = new URLSearchParams();
      if (range.from) params.set('from', range.from);
      if (range.to) params.set('to', range.to);
      const q = params.toString();
      return request<ApprovalsReport>('GET', `/api/forms/${enc(formId)}/reports/approvals${q ? `?${q}` : ''}`);
    },
  };
}

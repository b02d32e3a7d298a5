// The audit page's calls: pages of entries (GET /api/audit), the chain check (GET /api/audit/verify),
// and download links for the export (a plain GET the browser follows with the session cookie).
import type { AdminUser, AuditFilter, AuditPage, AuditVerifyResult } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../../api/client.ts';

export type { AuditEntry, AuditFilter, AuditPage, AuditVerifyResult } from '@formloom/schemas';

export interface AuditApi {
  page(filter: AuditFilter, cursor: string | null): Promise<AuditPage>;
  verify(): Promise<AuditVerifyResult>;
  /** People, for the "who" filter (admins may list users). */
  users(): Promise<AdminUser[]>;
  exportUrl(filter: AuditFilter, format: 'csv' | 'xlsx'): string;
}

export const AUDIT_PAGE_SIZE = 50;

/** The filter as query parameters, leaving out what is not set. */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (typeof value === 'string' && value !== '') params.set(key, value);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export function auditApiOf(api: ApiClient): AuditApi {
  const request = (api as Partial<HttpApiClient>).request?.bind(api);
  if (typeof request !== 'function') throw new Error('The audit page needs an API client with request() (createHttpClient)');
  return {
    page: (filter, cursor) =>
      request<AuditPage>('GET', `/api/audit?${auditQuery(filter, { limit: String(AUDIT_PAGE_SIZE), ...(cursor ? { cursor } : {}) })}`),
    verify: () => request<AuditVerifyResult>('GET', '/api/audit/verify'),
    users: async () => (await request<{ items: AdminUser[] }>('GET', '/api/users')).items,
    exportUrl: (filter, format) => `/api/audit/export?${auditQuery(filter, { format })}`,
  };
}

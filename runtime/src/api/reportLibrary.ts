// Saved reports, dashboards and digests as the report builder and dashboard pages use them. JSON calls go
// through the HTTP client's `request` (CSRF, Accept-Language and errors as everywhere); exports are files,
// fetched as a Blob with the session's CSRF token so a refused export still reads as an ApiError.
import type {
  Dashboard,
  DashboardBody,
  DashboardShare,
  DashboardWidget,
  Digest,
  DigestRun,
  DigestBody,
  ReportDefinition,
  ReportDefinitionInput,
  ReportResult,
  SavedReport,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';
import { NetworkError, toApiError } from './errors.ts';
import { downloadBlob } from '../reports/download.ts';

export type {
  Dashboard,
  DashboardBody,
  DashboardShare,
  DashboardWidget,
  Digest,
  DigestBody,
  ReportDefinition,
  ReportDefinitionInput,
  ReportResult,
  SavedReport,
};

export type ExportFormat = 'csv' | 'xlsx';

/** A PATCH of a dashboard; `revision` (from the dashboard as read) refuses the change with 409 `dashboard_conflict` if someone changed it since. */
export type DashboardPatch = Partial<DashboardBody> & { revision?: number };

/** A downloaded export: the bytes and the file name the server suggested. */
export interface ExportFile {
  blob: Blob;
  fileName: string;
}

export interface ReportLibraryApi {
  listReports(formId?: string): Promise<SavedReport[]>;
  getReport(reportId: string): Promise<SavedReport>;
  createReport(definition: ReportDefinitionInput): Promise<SavedReport>;
  updateReport(reportId: string, definition: ReportDefinitionInput): Promise<SavedReport>;
  deleteReport(reportId: string): Promise<void>;
  listDashboards(): Promise<Dashboard[]>;
  getDashboard(dashboardId: string): Promise<Dashboard>;
  createDashboard(body: Partial<DashboardBody> & Pick<DashboardBody, 'name'>): Promise<Dashboard>;
  updateDashboard(dashboardId: string, patch: DashboardPatch): Promise<Dashboard>;
  deleteDashboard(dashboardId: string): Promise<void>;
  /** A widget's figures, computed with the dashboard owner's access. */
  queryWidget(dashboardId: string, widgetId: string): Promise<ReportResult>;
  /** An unsaved definition's data as a file (labels in the caller's language). */
  exportDefinition(definition: ReportDefinitionInput, format: ExportFormat): Promise<ExportFile>;
  exportWidget(dashboardId: string, widgetId: string, format: ExportFormat): Promise<ExportFile>;
  listDigests(target: { dashboardId: string } | { reportId: string }): Promise<Digest[]>;
  createDigest(body: DigestBody): Promise<Digest>;
  updateDigest(digestId: string, patch: Partial<DigestBody>): Promise<Digest>;
  deleteDigest(digestId: string): Promise<void>;
  /** Renders the digest now and mails it to the caller only. */
  sendTestDigest(digestId: string): Promise<{ sentTo: string }>;
  digestRuns(digestId: string): Promise<DigestRun[]>;
}

const enc = encodeURIComponent;

/** `attachment; filename*=UTF-8''…` (or a plain filename=) → the name; a fallback when there is none. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* a malformed escape: try the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1]!.trim() : fallback;
}

export interface ReportLibraryOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The UI language, so an export's labels match what the person reads. */
  language?: () => string;
}

export function createReportLibrary(
  client: Pick<ApiClient, 'me'> & Pick<HttpApiClient, 'request'>,
  { baseUrl = '', fetch: doFetch = (input, init) => globalThis.fetch(input, init), language }: ReportLibraryOptions = {},
): ReportLibraryApi {
  const { request } = client;
  let csrf: Promise<string> | null = null;
  const token = (refresh = false) => {
    if (!csrf || refresh) csrf = client.me().then((s) => s.csrfToken);
    return csrf;
  };

  async function download(method: 'GET' | 'POST', path: string, body: unknown, fallbackName: string): Promise<ExportFile> {
    const send = async (refresh: boolean) => {
      const headers: Record<string, string> = { Accept: '*/*' };
      const lang = language?.();
      if (lang) headers['Accept-Language'] = lang;
      if (method === 'POST') {
        headers['Content-Type'] = 'application/json';
        headers['X-CSRF-Token'] = await token(refresh);
      }
      try {
        return await doFetch(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: 'same-origin',
        });
      } catch (cause) {
        throw new NetworkError(cause);
      }
    };
    let res = await send(false);
    if (!res.ok) {
      const err = await toApiError(res);
      if (err.code !== 'csrf_token_invalid' || method !== 'POST') throw err;
      res = await send(true); // the session rotated its token (a login elsewhere): once more with the current one
      if (!res.ok) throw await toApiError(res);
    }
    return { blob: await res.blob(), fileName: fileNameOf(res.headers.get('Content-Disposition'), fallbackName) };
  }

  return {
    async listReports(formId) {
      const query = formId ? `?formId=${enc(formId)}` : '';
      return (await request<{ items: SavedReport[] }>('GET', `/api/reports${query}`)).items;
    },
    getReport: (reportId) => request<SavedReport>('GET', `/api/reports/${enc(reportId)}`),
    createReport: (definition) => request<SavedReport>('POST', '/api/reports', { definition }),
    updateReport: (reportId, definition) => request<SavedReport>('PATCH', `/api/reports/${enc(reportId)}`, { definition }),
    async deleteReport(reportId) {
      await request<void>('DELETE', `/api/reports/${enc(reportId)}`);
    },
    async listDashboards() {
      return (await request<{ items: Dashboard[] }>('GET', '/api/dashboards')).items;
    },
    getDashboard: (dashboardId) => request<Dashboard>('GET', `/api/dashboards/${enc(dashboardId)}`),
    createDashboard: (body) => request<Dashboard>('POST', '/api/dashboards', body),
    updateDashboard: (dashboardId, patch) => request<Dashboard>('PATCH', `/api/dashboards/${enc(dashboardId)}`, patch),
    async deleteDashboard(dashboardId) {
      await request<void>('DELETE', `/api/dashboards/${enc(dashboardId)}`);
    },
    queryWidget: (dashboardId, widgetId) =>
      request<ReportResult>('POST', `/api/dashboards/${enc(dashboardId)}/widgets/${enc(widgetId)}/query`),
    exportDefinition: (definition, format) => download('POST', `/api/reports/export?format=${format}`, definition, `report.${format}`),
    exportWidget: (dashboardId, widgetId, format) =>
      download(
        'GET',
        `/api/dashboards/${enc(dashboardId)}/widgets/${enc(widgetId)}/export?format=${format}`,
        undefined,
        `report.${format}`,
      ),
    async listDigests(target) {
      const query = 'dashboardId' in target ? `dashboardId=${enc(target.dashboardId)}` : `reportId=${enc(target.reportId)}`;
      return (await request<{ items: Digest[] }>('GET', `/api/digests?${query}`)).items;
    },
    createDigest: (body) => request<Digest>('POST', '/api/digests', body),
    updateDigest: (digestId, patch) => request<Digest>('PATCH', `/api/digests/${enc(digestId)}`, patch),
    async deleteDigest(digestId) {
      await request<void>('DELETE', `/api/digests/${enc(digestId)}`);
    },
    sendTestDigest: (digestId) => request<{ sentTo: string }>('POST', `/api/digests/${enc(digestId)}/send-test`),
    async digestRuns(digestId) {
      return (await request<{ items: DigestRun[] }>('GET', `/api/digests/${enc(digestId)}/runs`)).items;
    },
  };
}

/** The library over the app's API client, or null with a client that has no `request` (a test's bare fake). */
export function reportLibraryFor(client: ApiClient, options?: ReportLibraryOptions): ReportLibraryApi | null {
  const request = (client as Partial<HttpApiClient>).request;
  return request ? createReportLibrary({ me: () => client.me(), request }, options) : null;
}

/** Hands a downloaded file to the browser as a download. */
export const saveFile = ({ blob, fileName }: ExportFile): void => downloadBlob(blob, fileName);

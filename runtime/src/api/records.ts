// The data views' calls: browsing, reading, editing and deleting submissions, their history, and saved
// views. Built on the HTTP client's `request`, so CSRF, Accept-Language and errors work as everywhere.
import type { ApiClient, HttpApiClient } from './client.ts';
import type { ExportFormat, FormVersion, Submission } from './types.ts';

export type FilterOp = 'eq' | 'ne' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'empty' | 'notEmpty';

/** One condition of a view: `field` is `createdAt`, `createdBy`, `updatedAt` or `data.<key>`. */
export interface FilterClause {
  field: string;
  op: FilterOp;
  value?: unknown;
}

/** What a table shows: the server sorts, searches and filters; the page only scrolls. */
export interface RowQuery {
  /** `createdAt`, `-createdAt`, `data.<key>`, `-data.<key>`…; empty means the server's default (newest first). */
  sort?: string;
  q?: string;
  filter?: FilterClause[];
}

/** One page of a view: on from a page's `nextCursor`, or `offset` rows into the order (a jump); never both. */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
  offset?: number;
}

export interface RecordsPage {
  items: Submission[];
  nextCursor: string | null;
  total: number;
}

/** A submission as the record page gets it: with what the caller may do to it. */
export interface RecordDetail extends Submission {
  updatedAt?: string;
  updatedBy?: string | null;
  updatedByName?: string | null;
  canEdit: boolean;
  canDelete: boolean;
}

export interface FieldChange {
  /** A JSON Pointer into the submission's data: `/temperature`, `/lines/0/qty`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface HistoryEntry {
  revision: number;
  action: 'created' | 'updated' | 'deleted';
  at: string;
  by: string | null;
  byName: string | null;
  changes: FieldChange[];
}

export interface SavedViewInput {
  name: string;
  columns: string[];
  sort?: string | null;
  q?: string | null;
  filter?: FilterClause[] | null;
  shared?: boolean;
}

export interface SavedView {
  id: string;
  formId: string;
  name: string;
  columns: string[];
  sort: string | null;
  q: string | null;
  filter: FilterClause[] | null;
  shared: boolean;
  ownerId: string;
  ownerName: string | null;
  canEdit: boolean;
}

export interface RecordsApi {
  list(formId: string, query: RowQuery, page: PageRequest): Promise<RecordsPage>;
  get(submissionId: string): Promise<RecordDetail>;
  /** `ifMatch` is the updatedAt the edit started from: the server answers 412 `version_conflict` if it moved on. */
  update(submissionId: string, data: Record<string, unknown>, ifMatch?: string): Promise<RecordDetail>;
  remove(submissionId: string): Promise<void>;
  history(submissionId: string): Promise<HistoryEntry[]>;
  listViews(formId: string): Promise<SavedView[]>;
  createView(formId: string, view: SavedViewInput): Promise<SavedView>;
  updateView(viewId: string, view: Partial<SavedViewInput>): Promise<SavedView>;
  deleteView(viewId: string): Promise<void>;
  /** Every published version of a form: a record is shown with the version it was filled in. */
  versions(formId: string): Promise<FormVersion[]>;
  /** A plain URL of the current view's file (`columns` as the table names them): the browser downloads it with the session cookie. */
  exportUrl(formId: string, format: ExportFormat, query: RowQuery, columns: string[]): string;
}

type Request = HttpApiClient['request'];

const enc = encodeURIComponent;

/** The query string of a view's rows, shared by the list and the export so the file is what the table shows. */
export function rowQueryParams(query: RowQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.sort) params.set('sort', query.sort);
  if (query.q?.trim()) params.set('q', query.q.trim());
  if (query.filter?.length) params.set('filter', JSON.stringify(query.filter));
  return params;
}

export function createRecordsApi(request: Request, baseUrl = ''): RecordsApi {
  return {
    list(formId, query, { limit, cursor, offset }) {
      const params = rowQueryParams(query);
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      else if (offset) params.set('offset', String(offset));
      return request<RecordsPage>('GET', `/api/forms/${enc(formId)}/submissions?${params}`);
    },
    get: (id) => request<RecordDetail>('GET', `/api/submissions/${enc(id)}`),
    update: (id, data, ifMatch) =>
      request<RecordDetail>('PATCH', `/api/submissions/${enc(id)}`, { data }, ifMatch ? { 'If-Match': `"${ifMatch}"` } : undefined),
    remove: (id) => request<void>('DELETE', `/api/submissions/${enc(id)}`),
    history: async (id) => (await request<{ items: HistoryEntry[] }>('GET', `/api/submissions/${enc(id)}/history`)).items,
    listViews: async (formId) => (await request<{ items: SavedView[] }>('GET', `/api/forms/${enc(formId)}/views`)).items,
    createView: (formId, view) => request<SavedView>('POST', `/api/forms/${enc(formId)}/views`, view),
    updateView: (id, view) => request<SavedView>('PATCH', `/api/views/${enc(id)}`, view),
    deleteView: (id) => request<void>('DELETE', `/api/views/${enc(id)}`),
    versions: async (formId) => (await request<{ items: FormVersion[] }>('GET', `/api/forms/${enc(formId)}/versions`)).items,
    exportUrl(formId, format, query, columns) {
      const params = rowQueryParams(query);
      params.set('format', format);
      // The file always starts with who and when; the chosen fields follow, by key.
      const keys = columns.filter((c) => c.startsWith('data.')).map((c) => c.slice('data.'.length));
      if (keys.length) params.set('columns', keys.join(','));
      return `${baseUrl}/api/forms/${enc(formId)}/submissions/export?${params}`;
    },
  };
}

/**
 * The records API over whatever client the app was given. The app's client is the HTTP one; a test
 * passes a fake that has a `request` answering like the server.
 */
export function recordsApiOf(api: ApiClient): RecordsApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('The data views need an API client with request() (createHttpClient)');
  return createRecordsApi(request.bind(api));
}

import { NetworkError, toApiError } from './errors.ts';
import type {
  App,
  ExportFormat,
  Form,
  InstalledTemplate,
  LinkableRecord,
  RecordQuery,
  Session,
  Submission,
  SubmissionPage,
  TemplateSummary,
} from './types.ts';

export { ApiError, NetworkError, isApiError } from './errors.ts';

/**
 * Everything the runtime asks of the server. Pages get an implementation from `ApiProvider`; tests pass a
 * fake object with the same shape.
 */
export interface ApiClient {
  login(email: string, password: string): Promise<Session>;
  /** The current session; rejects with ApiError 401 `unauthenticated` when there is none. */
  me(): Promise<Session>;
  logout(): Promise<void>;
  listApps(): Promise<App[]>;
  getApp(appId: string): Promise<App>;
  listForms(appId: string): Promise<Form[]>;
  getForm(formId: string): Promise<Form>;
  /** `idempotencyKey` makes a retried POST return the submission the first attempt created. */
  createSubmission(formId: string, data: Record<string, unknown>, idempotencyKey: string): Promise<Submission>;
  listSubmissions(formId: string, options?: { limit?: number; cursor?: string | null }): Promise<SubmissionPage>;
  /** A plain URL: the browser downloads it with the session cookie. */
  exportUrl(formId: string, format: ExportFormat): string;
  /** Records a relation field may link to (the target form's submissions the caller may pick). */
  listRecords(formId: string, query: RecordQuery): Promise<LinkableRecord[]>;
  listTemplates(): Promise<TemplateSummary[]>;
  installTemplate(templateId: string): Promise<InstalledTemplate>;
}

export interface HttpClientOptions {
  /** Prefix for every path, '' when the API is on the same origin (the server serves the runtime). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * The UI language, sent as Accept-Language so what the server names or words for us (an installed
   * template's app and forms, error messages) matches the language the person picked, not the browser's.
   */
  language?: () => string;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const MUTATING: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const enc = encodeURIComponent;

/** The runtime's calls plus the transport itself, for other apps (the designer) that call more routes. */
export interface HttpApiClient extends ApiClient {
  /** JSON request with the session's CSRF token; rejects with ApiError / NetworkError. */
  request<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** The ApiClient over fetch and the cookie session, holding the CSRF token the session hands out. */
export function createHttpClient(options: HttpClientOptions = {}): HttpApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let csrfToken: string | null = null;

  async function send(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { Accept: 'application/json', ...headers };
    const language = options.language?.();
    if (language) h['Accept-Language'] = language;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (MUTATING.has(method) && csrfToken) h['X-CSRF-Token'] = csrfToken;
    try {
      return await doFetch(`${baseUrl}${path}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }
  }

  async function readJson<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function request<T>(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    let res = await send(method, path, body, headers);
    if (!res.ok) {
      let err = await toApiError(res);
      // The token rotates with the session (a login in another tab, a server restart): fetch the current one
      // and try once more. Idempotency-Key, if any, goes along unchanged, so the retry cannot duplicate.
      if (err.code === 'csrf_token_invalid' && MUTATING.has(method)) {
        await refreshSession();
        res = await send(method, path, body, headers);
        if (res.ok) return readJson<T>(res);
        err = await toApiError(res);
      }
      throw err;
    }
    return readJson<T>(res);
  }

  async function refreshSession(): Promise<Session> {
    const session = await request<Session>('GET', '/api/auth/me');
    csrfToken = session.csrfToken;
    return session;
  }

  return {
    request,
    async login(email, password) {
      const session = await request<Session>('POST', '/api/auth/login', { email, password });
      csrfToken = session.csrfToken;
      return session;
    },
    me: refreshSession,
    async logout() {
      try {
        await request<void>('POST', '/api/auth/logout');
      } finally {
        csrfToken = null;
      }
    },
    listApps: async () => (await request<{ items: App[] }>('GET', '/api/apps')).items,
    getApp: (appId) => request<App>('GET', `/api/apps/${enc(appId)}`),
    listForms: async (appId) => (await request<{ items: Form[] }>('GET', `/api/apps/${enc(appId)}/forms`)).items,
    getForm: (formId) => request<Form>('GET', `/api/forms/${enc(formId)}`),
    createSubmission: (formId, data, idempotencyKey) =>
      request<Submission>('POST', `/api/forms/${enc(formId)}/submissions`, { data }, { 'Idempotency-Key': idempotencyKey }),
    listSubmissions(formId, { limit = 50, cursor } = {}) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor) q.set('cursor', cursor);
      return request<SubmissionPage>('GET', `/api/forms/${enc(formId)}/submissions?${q}`);
    },
    exportUrl: (formId, format) => `${baseUrl}/api/forms/${enc(formId)}/submissions/export?format=${format}`,
    async listRecords(formId, { q, ids, display, limit, scan }) {
      const params = new URLSearchParams();
      if (scan) params.set('scan', scan);
      if (q) params.set('q', q);
      if (ids?.length) params.set('ids', ids.join(','));
      if (display) params.set('display', display);
      if (limit) params.set('limit', String(limit));
      return (await request<{ items: LinkableRecord[] }>('GET', `/api/forms/${enc(formId)}/records?${params}`)).items;
    },
    listTemplates: async () => (await request<{ items: TemplateSummary[] }>('GET', '/api/templates')).items,
    installTemplate: (templateId) => request<InstalledTemplate>('POST', `/api/templates/${enc(templateId)}/install`),
  };
}

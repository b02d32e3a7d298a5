// Bulk import calls (docs/API.md "Imports"). JSON calls go through the HTTP client's `request`; the
// upload sends the file's bytes, which `request` (JSON only) cannot, so it uses the same session's
// CSRF token with a plain fetch.
import type {
  ColumnMapping,
  ImportCell,
  ImportError,
  ImportField,
  ImportPreview,
  ImportState,
  ImportStatus,
  ImportUpload,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';
import { NetworkError, toApiError } from './errors.ts';
import type { Session } from './types.ts';

export type { ColumnMapping, ImportCell, ImportField, ImportPreview, ImportState, ImportStatus, ImportUpload };
/** One problem of an import: a row's cell, or the whole import (`row` null). */
export type ImportProblem = ImportError;

export interface MappingChoice {
  mapping: ColumnMapping;
  keyField: string | null;
}

export interface ImportsApi {
  upload(formId: string, file: Blob, fileName: string): Promise<ImportUpload>;
  preview(importId: string, choice: MappingChoice): Promise<ImportPreview>;
  commit(importId: string, choice: MappingChoice): Promise<{ id: string; status: ImportStatus }>;
  get(importId: string): Promise<ImportState>;
}

type Request = HttpApiClient['request'];
const enc = encodeURIComponent;

export function createImportsApi(
  request: Request,
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  baseUrl = '',
): ImportsApi {
  return {
    async upload(formId, file, fileName) {
      // Asking for the session also hands over its current CSRF token.
      const { csrfToken } = await request<Session>('GET', '/api/auth/me');
      let res: Response;
      try {
        res = await fetchFn(`${baseUrl}/api/forms/${enc(formId)}/imports`, {
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/octet-stream',
            'X-CSRF-Token': csrfToken,
            'X-File-Name': enc(fileName),
          },
          body: file,
          credentials: 'same-origin',
        });
      } catch (cause) {
        throw new NetworkError(cause);
      }
      if (!res.ok) throw await toApiError(res);
      return (await res.json()) as ImportUpload;
    },
    preview: (id, choice) => request<ImportPreview>('POST', `/api/imports/${enc(id)}/preview`, choice),
    commit: (id, choice) => request<{ id: string; status: ImportStatus }>('POST', `/api/imports/${enc(id)}/commit`, choice),
    get: (id) => request<ImportState>('GET', `/api/imports/${enc(id)}`),
  };
}

/** The imports API over the app's client (the HTTP one; a test passes a fake with `request`). */
export function importsApiOf(api: ApiClient): ImportsApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('Imports need an API client with request() (createHttpClient)');
  return createImportsApi(request.bind(api));
}

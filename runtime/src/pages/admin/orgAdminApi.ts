// The organization admin page's calls: people (GET/PATCH /api/users), departments (GET/POST/PATCH
// /api/departments) and the org-chart CSV import. JSON goes through the HTTP client's `request`; the
// CSV's bytes go with a plain fetch and the session's CSRF token, as the submissions import does.
import type {
  AdminUser,
  CreateDepartmentBody,
  Department,
  OrgImportPreview,
  UpdateDepartmentBody,
  UpdateUserBody,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../api/client.ts';
import { NetworkError, toApiError } from '../../api/errors.ts';
import type { Session } from '../../api/types.ts';

export type { AdminUser, Department, OrgImportPreview };

export interface OrgAdminApi {
  users(): Promise<AdminUser[]>;
  updateUser(id: string, body: UpdateUserBody): Promise<AdminUser>;
  /** Gives a person a password (people the import created have none). */
  setPassword(id: string, password: string): Promise<void>;
  departments(): Promise<Department[]>;
  createDepartment(body: CreateDepartmentBody): Promise<Department>;
  updateDepartment(id: string, body: UpdateDepartmentBody): Promise<Department>;
  /** Checks the file row by row; nothing is written. */
  previewImport(file: Blob): Promise<OrgImportPreview>;
  /** Imports the whole file, or nothing (422 import_has_errors with the preview in details). */
  runImport(file: Blob): Promise<OrgImportPreview>;
}

type Request = HttpApiClient['request'];
const enc = encodeURIComponent;

export function createOrgAdminApi(request: Request, fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init)): OrgAdminApi {
  const sendFile = async (path: string, file: Blob): Promise<OrgImportPreview> => {
    // Asking for the session also hands over its current CSRF token.
    const { csrfToken } = await request<Session>('GET', '/api/auth/me');
    let res: Response;
    try {
      res = await fetchFn(path, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'text/csv', 'X-CSRF-Token': csrfToken },
        body: file,
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as OrgImportPreview;
  };
  return {
    users: async () => (await request<{ items: AdminUser[] }>('GET', '/api/users')).items,
    updateUser: (id, body) => request<AdminUser>('PATCH', `/api/users/${enc(id)}`, body),
    setPassword: async (id, password) => {
      await request<null>('PUT', `/api/org/users/${enc(id)}/password`, { password });
    },
    departments: async () => (await request<{ items: Department[] }>('GET', '/api/departments')).items,
    createDepartment: (body) => request<Department>('POST', '/api/departments', body),
    updateDepartment: (id, body) => request<Department>('PATCH', `/api/departments/${enc(id)}`, body),
    previewImport: (file) => sendFile('/api/org/import/preview', file),
    runImport: (file) => sendFile('/api/org/import', file),
  };
}

export function orgAdminApiOf(api: ApiClient): OrgAdminApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('The organization page needs an API client with request() (createHttpClient)');
  return createOrgAdminApi(request.bind(api));
}

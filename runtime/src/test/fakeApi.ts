import { vi, type Mock } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import { ApiError, type ApiErrorBody } from '../api/errors.ts';
import type { App, AppPermissions, Form, Session, User } from '../api/types.ts';

export type FakeApi = { [K in keyof ApiClient]: ApiClient[K] & Mock<ApiClient[K]> };

/** A fake ApiClient: every method is a vi.fn; unstubbed ones reject so a test notices an unexpected call. */
export function fakeApi(overrides: Partial<ApiClient> = {}): FakeApi {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected api.${name}() call`));
  const base: ApiClient = {
    login: unexpected('login'),
    me: () => Promise.resolve(session()),
    logout: () => Promise.resolve(),
    listApps: () => Promise.resolve([]),
    getApp: unexpected('getApp'),
    listForms: unexpected('listForms'),
    getForm: unexpected('getForm'),
    createSubmission: unexpected('createSubmission'),
    listSubmissions: unexpected('listSubmissions'),
    exportUrl: (formId, format) => `/api/forms/${formId}/submissions/export?format=${format}`,
    listRecords: () => Promise.resolve([]),
    listTemplates: () => Promise.resolve([]),
    installTemplate: unexpected('installTemplate'),
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).map(([k, fn]) => [k, vi.fn(fn as never)])) as unknown as FakeApi;
}

export function apiError(body: Partial<ApiErrorBody> & { statusCode: number; code: string }, retryAfterSeconds?: number) {
  return new ApiError({ error: 'Error', message: body.code, ...body }, retryAfterSeconds);
}

export const user = (over: Partial<User> = {}): User => ({
  id: 'u1',
  email: 'mei@example.com',
  name: 'Chan Mei',
  role: 'member',
  locale: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

export const session = (over: Partial<User> = {}): Session => ({ user: user(over), csrfToken: 'csrf-1' });

export const app = (over: Partial<App> = {}): App => ({
  id: 'app1',
  name: 'Health declarations',
  description: 'Daily declarations',
  createdBy: 'u0',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  permissions: appPermissions(),
  ...over,
});

/** A form whose latest published version is the given document. */
export function publishedForm(doc: { schema: object; uiSchema: object }, over: Partial<Form> = {}): Form {
  return {
    id: 'form1',
    appId: 'app1',
    name: String((doc.schema as { title?: string }).title ?? 'Form'),
    status: 'published',
    revision: 1,
    draft: { schema: doc.schema as Record<string, unknown>, uiSchema: doc.uiSchema as Record<string, unknown>, workflow: null },
    latestVersion: 1,
    published: {
      formId: 'form1',
      version: 1,
      name: String((doc.schema as { title?: string }).title ?? 'Form'),
      schema: doc.schema as Record<string, unknown>,
      uiSchema: doc.uiSchema as Record<string, unknown>,
      workflow: null,
      publishedAt: '2025-01-02T00:00:00.000Z',
      publishedBy: 'u0',
    },
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    ...over,
  };
}

/** A filler's permissions unless overridden (`canEdit` alone means an app manager: everything). */
export function appPermissions(over: Partial<AppPermissions> = {}): AppPermissions {
  const manager = over.canEdit === true;
  return {
    canEdit: false,
    canFill: true,
    canViewAll: manager,
    canViewDepartment: manager,
    canEditRecords: manager,
    canDeleteRecords: manager,
    canExport: manager,
    viewScope: manager ? 'all' : 'own',
    ...over,
  };
}

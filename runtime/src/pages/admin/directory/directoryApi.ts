// Directory (LDAP / Active Directory) sync calls for /admin/directory. JSON goes through the HTTP
// client's `request`, which carries the session's CSRF token.
import type {
  DirectorySettings,
  DirectorySettingsBody,
  DirectorySyncPreview,
  DirectorySyncResult,
  DirectorySyncRun,
  DirectoryTestResult,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../../api/client.ts';

export type { DirectorySettings, DirectorySettingsBody, DirectorySyncPreview, DirectorySyncResult, DirectorySyncRun, DirectoryTestResult };

export interface DirectorySyncApi {
  settings(): Promise<DirectorySettings | null>;
  save(body: DirectorySettingsBody): Promise<DirectorySettings>;
  test(body: DirectorySettingsBody): Promise<DirectoryTestResult>;
  preview(): Promise<DirectorySyncPreview>;
  run(): Promise<DirectorySyncResult>;
  runs(): Promise<DirectorySyncRun[]>;
}

/** null when the client cannot make raw requests (a test double without them). */
export function directorySyncApiOf(api: ApiClient): DirectorySyncApi | null {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') return null;
  const call = request.bind(api);
  return {
    settings: async () => (await call<{ settings: DirectorySettings | null }>('GET', '/api/directory-sync/settings')).settings,
    save: async (body) => (await call<{ settings: DirectorySettings }>('PUT', '/api/directory-sync/settings', body)).settings,
    test: (body) => call<DirectoryTestResult>('POST', '/api/directory-sync/test', body),
    preview: () => call<DirectorySyncPreview>('POST', '/api/directory-sync/preview'),
    run: () => call<DirectorySyncResult>('POST', '/api/directory-sync/run'),
    runs: async () => (await call<{ items: DirectorySyncRun[] }>('GET', '/api/directory-sync/runs')).items,
  };
}

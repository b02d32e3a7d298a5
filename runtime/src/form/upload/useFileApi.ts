import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import type { ApiClient } from '../../api/client.ts';
import { createFileApi, type FileApi } from '../../api/files.ts';

// One per API client, so every widget and page shares one CSRF token lookup.
const fileApis = new WeakMap<ApiClient, FileApi>();

export function fileApiFor(api: ApiClient): FileApi {
  let files = fileApis.get(api);
  if (!files) {
    files = createFileApi(api);
    fileApis.set(api, files);
  }
  return files;
}

/** Uploads and file details over the app's API client. */
export function useFileApi(): FileApi {
  const api = useApi();
  return useMemo(() => fileApiFor(api), [api]);
}

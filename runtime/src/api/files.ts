import type { FileInfo, FilePurpose } from '@formloom/schemas';
import type { ApiClient } from './client.ts';
import { ApiError, NetworkError, toApiError } from './errors.ts';

export type { FileInfo, FilePurpose };

export interface UploadOptions {
  purpose: FilePurpose;
  /** Called as bytes go out, with a fraction from 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** What the form's widgets use to store and show files; the offline outbox may wrap these. */
export interface FileApi {
  uploadFile(blob: Blob, name: string, options: UploadOptions): Promise<FileInfo>;
  fileInfo(fileId: string): Promise<FileInfo>;
  fileUrl(fileId: string): string;
}

const enc = encodeURIComponent;

/**
 * File calls over the cookie session. An upload goes through XMLHttpRequest, the one browser API that
 * reports upload progress, with the session's CSRF token (fetched once, refreshed when the server says
 * it changed).
 */
export function createFileApi(api: Pick<ApiClient, 'me'>, baseUrl = ''): FileApi {
  let csrfToken: Promise<string> | null = null;
  const token = (refresh = false) => {
    if (!csrfToken || refresh) csrfToken = api.me().then((s) => s.csrfToken);
    return csrfToken;
  };

  async function uploadFile(blob: Blob, name: string, options: UploadOptions): Promise<FileInfo> {
    try {
      return await send(blob, name, options, await token());
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'csrf_token_invalid')) throw err;
      return send(blob, name, options, await token(true));
    }
  }

  function send(blob: Blob, name: string, { purpose, onProgress, signal }: UploadOptions, csrf: string): Promise<FileInfo> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${baseUrl}/api/files?purpose=${purpose}`);
      xhr.setRequestHeader('X-File-Name', enc(name));
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
      };
      xhr.onload = () => {
        const res = new Response(xhr.status === 204 ? null : xhr.responseText, {
          status: xhr.status,
          headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'application/json' },
        });
        if (res.ok) res.json().then((info: FileInfo) => resolve(info), reject);
        else toApiError(res).then(reject, reject);
      };
      xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(blob);
    });
  }

  async function fileInfo(fileId: string): Promise<FileInfo> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/files/${enc(fileId)}/info`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as FileInfo;
  }

  return { uploadFile, fileInfo, fileUrl: (fileId) => `${baseUrl}/api/files/${enc(fileId)}` };
}

import type { FileApi, FileInfo, FilePurpose } from '../api/files.ts';
import { NetworkError } from '../api/errors.ts';
import { newIdempotencyKey } from '../form/idempotency.ts';

/**
 * A photo, file or signature taken without a connection. The field's value is `local:<uuid>` until the
 * outbox uploads the file, just before it sends the submission, and puts the server's file id in its place.
 */
export interface LocalFile {
  id: string;
  userId: string;
  blob: Blob;
  name: string;
  purpose: FilePurpose;
  createdAt: number;
}

export interface LocalFileStore {
  put(file: LocalFile): Promise<void>;
  get(id: string): Promise<LocalFile | undefined>;
  remove(id: string): Promise<void>;
  list(): Promise<LocalFile[]>;
}

export const LOCAL_FILE_PREFIX = 'local:';
/** A kept file no waiting submission names is dropped after this (a form left unsent, a photo retaken). */
export const UNUSED_FILE_MS = 24 * 60 * 60_000;

export const isLocalFileId = (value: unknown): value is string => typeof value === 'string' && value.startsWith(LOCAL_FILE_PREFIX);

/** Every `local:` value anywhere in a submission's data. */
export function localFileIds(data: unknown): string[] {
  if (isLocalFileId(data)) return [data];
  if (Array.isArray(data)) return data.flatMap(localFileIds);
  if (data && typeof data === 'object') return Object.values(data).flatMap(localFileIds);
  return [];
}

function replaceIds(data: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (isLocalFileId(data)) return ids.get(data) ?? data;
  if (Array.isArray(data)) return data.map((v) => replaceIds(v, ids));
  if (data && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, replaceIds(v, ids)]));
  return data;
}

/** A file kept here is missing (storage cleared): the submission cannot be completed as it is. */
export class LocalFileMissingError extends Error {
  override readonly name = 'LocalFileMissingError';
}

/**
 * Uploads the kept files a submission names and returns its data with the server's file ids in their place
 * (the same object when there are none). Upload errors propagate: a network error means "later", a 413/415
 * a refusal, like the submission's own answers.
 */
export async function uploadLocalFiles(
  data: Record<string, unknown>,
  store: LocalFileStore,
  upload: FileApi['uploadFile'],
): Promise<Record<string, unknown>> {
  const ids = [...new Set(localFileIds(data))];
  if (!ids.length) return data;
  // All there before any goes up: a missing one refuses the submission, and nothing is uploaded for nothing.
  const kept = await Promise.all(ids.map((id) => store.get(id)));
  const missing = ids.find((_, i) => !kept[i]);
  if (missing) throw new LocalFileMissingError(`The file ${missing} is no longer on this device`);
  const uploaded = new Map<string, string>();
  for (const file of kept as LocalFile[]) uploaded.set(file.id, (await upload(file.blob, file.name, { purpose: file.purpose })).id);
  return replaceIds(data, uploaded) as Record<string, unknown>;
}

/** Drops kept files that no waiting submission names any more, once they are old enough not to be in a form being filled. */
export async function pruneLocalFiles(store: LocalFileStore, userId: string, inUse: ReadonlySet<string>, now = Date.now()): Promise<void> {
  for (const file of await store.list()) {
    if (file.userId === userId && !inUse.has(file.id) && now - file.createdAt > UNUSED_FILE_MS) await store.remove(file.id);
  }
}

/**
 * The form's file calls, keeping the file on the device when there is no connection (offline, or the
 * upload failed to reach the server) so a photo can be taken in a basement; other failures stand.
 */
export function offlineFileApi(files: FileApi, store: LocalFileStore, userId: string, isOnline: () => boolean): FileApi {
  const describe = (file: LocalFile): FileInfo => ({
    id: file.id,
    name: file.name,
    size: file.blob.size,
    contentType: file.blob.type,
    sha256: '',
    purpose: file.purpose,
    createdAt: new Date(file.createdAt).toISOString(),
    createdBy: userId,
    createdByName: null,
    url: URL.createObjectURL(file.blob),
  });
  return {
    async uploadFile(blob, name, options) {
      if (isOnline()) {
        try {
          return await files.uploadFile(blob, name, options);
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
        }
      }
      const file: LocalFile = {
        id: `${LOCAL_FILE_PREFIX}${newIdempotencyKey()}`,
        userId,
        blob,
        name,
        purpose: options.purpose,
        createdAt: Date.now(),
      };
      await store.put(file);
      options.onProgress?.(1);
      return describe(file);
    },
    async fileInfo(fileId) {
      if (!isLocalFileId(fileId)) return files.fileInfo(fileId);
      const file = await store.get(fileId);
      if (!file) throw new LocalFileMissingError(`The file ${fileId} is no longer on this device`);
      return describe(file);
    },
    fileUrl: (fileId) => (isLocalFileId(fileId) ? '' : files.fileUrl(fileId)),
  };
}

/** Files in memory: tests, and where IndexedDB cannot be opened. */
export function createMemoryLocalFileStore(): LocalFileStore {
  const files = new Map<string, LocalFile>();
  return {
    put: async (file) => void files.set(file.id, file),
    get: async (id) => files.get(id),
    remove: async (id) => void files.delete(id),
    list: async () => [...files.values()],
  };
}

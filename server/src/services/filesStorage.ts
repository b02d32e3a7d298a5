import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../lib/errors.ts';
import type { TextEvidence } from './filesSniff.ts';

/**
 * Uploaded bytes on disk, content-addressed: `<dataDir>/files/<first 2 hex of sha256>/<sha256>`.
 * An upload streams into a temp file (hashed as it arrives, never held in memory whole), is synced,
 * and only then renamed into place, so a crash leaves either the whole file or none; the same
 * content sent twice is stored once.
 */

export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const HEAD_BYTES = 512;
const INCOMING = '.incoming';

export function maxUploadBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.FORMLOOM_MAX_UPLOAD_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_UPLOAD_BYTES;
}

export class FileTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(
      413,
      'file_too_large',
      `The file is larger than the ${formatBytes(maxBytes)} allowed; send a smaller file.`,
      { maxBytes },
      {
        connection: 'close',
      },
    );
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export interface ReceivedUpload extends TextEvidence {
  tempPath: string;
  sha256: string;
  size: number;
}

export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

export function blobPath(dataDir: string, sha256: string): string {
  return path.join(filesDir(dataDir), sha256.slice(0, 2), sha256);
}

/** Writes `source` to a synced temp file while hashing it; throws FileTooLargeError (and removes it) past `maxBytes`. */
export async function receiveUpload(source: AsyncIterable<Uint8Array>, dataDir: string, maxBytes: number): Promise<ReceivedUpload> {
  const dir = path.join(filesDir(dataDir), INCOMING);
  await fs.mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, randomUUID());
  const file = await fs.open(tempPath, 'wx');
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  let isText = true;
  let head = Buffer.alloc(0);
  try {
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new FileTooLargeError(maxBytes);
        hash.update(chunk);
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        if (isText) isText = isUtf8Chunk(utf8, chunk, false);
        await file.write(chunk);
      }
      if (isText) isText = isUtf8Chunk(utf8, new Uint8Array(0), true);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (err) {
    await discardUpload(tempPath);
    throw err;
  }
  return { tempPath, sha256: hash.digest('hex'), size, isText, head };
}

function isUtf8Chunk(decoder: TextDecoder, chunk: Uint8Array, last: boolean): boolean {
  if (chunk.includes(0)) return false;
  try {
    decoder.decode(chunk, { stream: !last });
    return true;
  } catch {
    return false;
  }
}

/** Moves a received upload to its content address (or drops it when that content is stored already). */
export async function keepUpload(upload: ReceivedUpload, dataDir: string): Promise<void> {
  const target = blobPath(dataDir, upload.sha256);
  const shard = path.dirname(target);
  await fs.mkdir(shard, { recursive: true });
  if (await exists(target)) {
    await discardUpload(upload.tempPath);
    return;
  }
  await fs.rename(upload.tempPath, target);
  // The rename itself is durable only once the directory entry is on disk.
  const dirHandle = await fs.open(shard, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/**
 * Temp files a crash or a killed process left behind mid-upload (a finished upload is renamed away at
 * once, so anything older than `olderThanMs` is abandoned). Returns how many were removed.
 */
export async function removeAbandonedUploads(dataDir: string, olderThanMs = 24 * 3600 * 1000): Promise<number> {
  const dir = path.join(filesDir(dataDir), INCOMING);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0; // nothing uploaded yet
  }
  let removed = 0;
  for (const name of names) {
    const p = path.join(dir, name);
    const stat = await fs.stat(p).catch(() => null);
    if (stat?.isFile() && Date.now() - stat.mtimeMs > olderThanMs) {
      await discardUpload(p);
      removed++;
    }
  }
  return removed;
}

export async function discardUpload(tempPath: string): Promise<void> {
  await fs.rm(tempPath, { force: true });
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

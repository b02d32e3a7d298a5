import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { fileNameFromHeader, loadReadableFile, storeUpload, toFileInfo } from '../../services/files.ts';
import { downloadName } from '../../services/filesSniff.ts';
import { blobPath, FileTooLargeError, removeAbandonedUploads } from '../../services/filesStorage.ts';
import { errors } from '../common.ts';
import { FileInfo, FilePurpose } from '@formloom/schemas';

const FileParams = z.object({ fileId: z.string() });

export interface FileRoutesOptions {
  dataDir: string;
  maxUploadBytes: number;
}

/** Shown inline in the page; anything else is saved, never opened by the browser. */
const INLINE_TYPES = /^(image\/|application\/pdf$)/;

function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Uploads (photos, signatures, attachments) and their download. The upload body is the raw file,
 * streamed to disk under its own size limit rather than the app-wide 1 MiB JSON limit.
 */
export const fileRoutes: FastifyPluginAsyncZod<FileRoutesOptions> = async (app, { dataDir, maxUploadBytes }) => {
  // Any declared type: the bytes are passed on unread, so nothing is received before the auth check,
  // and what the file is gets decided by sniffing them.
  app.addHook('onReady', async () => {
    const removed = await removeAbandonedUploads(dataDir);
    if (removed) app.log.info({ removed }, 'removed abandoned upload temp files');
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/files',
    {
      bodyLimit: maxUploadBytes,
      schema: {
        tags: ['files'],
        summary: 'Upload a file (the raw bytes as the body; its name percent-encoded in X-File-Name)',
        description:
          'The type is sniffed from the content: images, PDF, Office/OpenDocument and UTF-8 text are kept, anything else is 415. ' +
          '`purpose=photo|signature` accepts images only.',
        querystring: z.object({ purpose: FilePurpose.default('file') }),
        headers: z.object({ 'x-file-name': z.string().optional() }),
        response: { 201: FileInfo, ...errors(403, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const name = fileNameFromHeader(request.headers['x-file-name']);
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxUploadBytes) throw new FileTooLargeError(maxUploadBytes);
      const body = (request.body as Readable | undefined) ?? request.raw;
      const info = await storeUpload(app.db, user, { body, name, purpose: request.query.purpose, dataDir, maxBytes: maxUploadBytes });
      return reply.status(201).send(info);
    },
  );

  app.get(
    '/api/files/:fileId/info',
    {
      schema: {
        tags: ['files'],
        summary: "A file's name, size, type, and who uploaded it when",
        params: FileParams,
        response: { 200: FileInfo, ...errors(404) },
      },
    },
    async (request) => {
      const row = await loadReadableFile(app.db, currentUser(request), request.params.fileId);
      return toFileInfo(row, row.created_by_name);
    },
  );

  app.get(
    '/api/files/:fileId',
    {
      schema: {
        tags: ['files'],
        summary: "The file's bytes (images and PDF inline, anything else as a download)",
        params: FileParams,
        response: { 200: z.any().describe('The file'), 304: z.null().describe('Not modified (If-None-Match)'), ...errors(404) },
      },
    },
    async (request, reply) => {
      const row = await loadReadableFile(app.db, currentUser(request), request.params.fileId);
      // A file id always names the same bytes, but who may read it can change: kept by this browser only, briefly.
      reply.header('cache-control', 'private, max-age=3600');
      reply.header('etag', `"${row.sha256}"`);
      if (request.headers['if-none-match'] === `"${row.sha256}"`) return reply.status(304).send(null);
      const kind = INLINE_TYPES.test(row.content_type) ? 'inline' : 'attachment';
      reply.header('content-type', row.content_type);
      reply.header('content-length', String(row.size));
      reply.header('content-disposition', contentDisposition(kind, downloadName(row.name, row.content_type)));
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(fs.createReadStream(blobPath(dataDir, row.sha256)));
    },
  );
};

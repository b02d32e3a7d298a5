import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { BadRequestError } from '../../lib/errors.ts';
import { commitImport, importStatus, previewImport, uploadImport } from '../../services/imports/imports.ts';
import { IMPORT_LIMITS } from '../../services/imports/readFile.ts';
import { errors } from '../common.ts';
import { readRawFile } from './rawFile.ts';
import { ImportCommitAccepted, ImportMappingBody, ImportPreview, ImportState, ImportUpload } from '@formloom/schemas';

const MAX_FILE_NAME = 255;

function fileNameFrom(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) return 'import';
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError('invalid_file_name', 'The x-file-name header must be the file name, percent-encoded (encodeURIComponent).');
  }
  // A name is shown back to people, never used as a path.
  const clean = [...name]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .replace(/^.*[\\/]/, '')
    .trim();
  return (clean || 'import').slice(0, MAX_FILE_NAME);
}

const ImportParams = z.object({ importId: z.string() });

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(async (upload: FastifyInstance) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', readRawFile);
    upload.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/api/forms/:formId/imports',
      {
        bodyLimit: IMPORT_LIMITS.fileBytes + 1,
        schema: {
          tags: ['imports'],
          summary: 'Upload a CSV or XLSX file to import into the form',
          description:
            'The body is the file\'s bytes (send Content-Type: application/octet-stream); x-file-name carries its name, percent-encoded. The type is read from the content. Needs "see all" in the form\'s app.',
          params: z.object({ formId: z.string() }),
          headers: z.object({ 'x-file-name': z.string().max(1024).optional() }),
          response: { 201: ImportUpload, ...errors(403, 404, 409, 413, 422) },
        },
      },
      async (request, reply) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new BadRequestError('file_missing', 'Send the file as the request body.');
        const result = await uploadImport(
          app.database,
          currentUser(request),
          request.params.formId,
          fileNameFrom(request.headers['x-file-name']),
          body,
        );
        return reply.status(201).send(result);
      },
    );
  });

  app.post(
    '/api/imports/:importId/preview',
    {
      schema: {
        tags: ['imports'],
        summary: 'Check every row with a column mapping; nothing is written',
        params: ImportParams,
        body: ImportMappingBody,
        response: { 200: ImportPreview, ...errors(403, 404, 409, 422) },
      },
    },
    async (request) => previewImport(app.database, currentUser(request), request.params.importId, request.body),
  );

  app.post(
    '/api/imports/:importId/commit',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import every row in one transaction, in the background (all or nothing)',
        description: 'Follow it with GET /api/imports/:importId. Rows whose key exists already, or a file imported before, are skipped.',
        params: ImportParams,
        body: ImportMappingBody,
        response: { 202: ImportCommitAccepted, ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await commitImport(app.database, currentUser(request), request.params.importId, request.body, request.log)),
  );

  app.get(
    '/api/imports/:importId',
    {
      schema: {
        tags: ['imports'],
        summary: "An import's progress and result",
        params: ImportParams,
        response: { 200: ImportState, ...errors(403, 404) },
      },
    },
    async (request) => importStatus(app.database, currentUser(request), request.params.importId),
  );
};

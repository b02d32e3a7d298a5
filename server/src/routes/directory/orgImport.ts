import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgImportPreview } from '@formloom/schemas';
import { BadRequestError } from '../../lib/errors.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { IMPORT_LIMITS } from '../../services/imports/readFile.ts';
import { applyOrgImport, previewOrgImport } from '../../services/orgImport/orgImport.ts';
import { errors } from '../common.ts';
import { readRawFile } from '../imports/rawFile.ts';

const fileOf = (request: FastifyRequest): Buffer => {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw new BadRequestError('file_missing', 'Send the CSV file as the request body (Content-Type: text/csv).');
  }
  return request.body;
};

const description =
  'The body is the CSV (or XLSX) file: columns email, name, department (a path such as Operations/Warehouse, created when missing), manager (an email, in the file or existing), positions (;-separated), role (admin/builder/member), locale (en/zh-Hant). Admin only.';

/** Admin-only org-chart import: a preview with per-row errors, then an all-or-nothing import. */
export const orgImportRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(async (upload: FastifyInstance) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', readRawFile);
    const routes = upload.withTypeProvider<ZodTypeProvider>();
    routes.post(
      '/api/org/import/preview',
      {
        bodyLimit: IMPORT_LIMITS.fileBytes + 1,
        schema: {
          tags: ['directory'],
          summary: 'Check an org-chart CSV row by row; nothing is written (admin)',
          description,
          response: { 200: OrgImportPreview, ...errors(403, 413, 422) },
        },
      },
      async (request) => previewOrgImport(app.db, currentUser(request), fileOf(request)),
    );
    routes.post(
      '/api/org/import',
      {
        bodyLimit: IMPORT_LIMITS.fileBytes + 1,
        schema: {
          tags: ['directory'],
          summary: 'Import an org-chart CSV in one transaction; any row error refuses the whole file (admin)',
          description: `${description} 422 import_has_errors carries the preview in details.`,
          response: { 200: OrgImportPreview, ...errors(403, 413, 422) },
        },
      },
      async (request) => applyOrgImport(app.db, currentUser(request), fileOf(request)),
    );
  });
};

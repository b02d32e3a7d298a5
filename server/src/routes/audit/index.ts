import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditExportQuery, AuditListQuery, AuditPage, AuditVerifyResult } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { auditFile } from '../../services/audit/export.ts';
import { auditPage, checkAuditFilter } from '../../services/audit/query.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { verifyAuditChain } from '../../services/audit/verify.ts';
import { errors } from '../common.ts';

/** The audit log for admins: pages, a download, and a check of its hash chain. Nothing here changes or removes an entry. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first, filtered (admins)',
        description:
          'Filters narrow together: from/to (ISO date-time, or a date meaning a whole UTC day), action (a name or a prefix such as "auth."), ' +
          'actorId, targetType + targetId, appId. nextCursor continues with older entries.',
        querystring: AuditListQuery,
        response: { 200: AuditPage, ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'read the audit log');
      const { limit, cursor, ...filter } = request.query;
      return auditPage(app.reader, filter, { limit, cursor });
    },
  );

  app.get(
    '/api/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'Download the matching entries, oldest first, as CSV (UTF-8 with BOM) or Excel (admins); the download is itself logged',
        querystring: AuditExportQuery,
        response: { 200: z.any().describe('The file'), ...errors(403) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, ['admin'], 'export the audit log');
      const { format, ...filter } = request.query;
      checkAuditFilter(filter);
      await recordAudit(app.db, {
        action: 'audit.exported',
        actorId: user.id,
        targetType: 'audit_log',
        ip: request.ip,
        details: { format, filters: filter },
      });
      const file = auditFile(app.reader, filter, format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(file.body));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: "Check the log's hash chain from the first entry to the last (admins)",
        description:
          'ok, or the seq of the first entry whose content changed (content_changed) or whose predecessor changed or went missing (chain_broken).',
        response: { 200: AuditVerifyResult, ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'check the audit log');
      return verifyAuditChain(app.reader);
    },
  );
};

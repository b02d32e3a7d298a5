import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CompleteSignatureBody, PrepareSignatureBody, PreparedSignature, Signature, TrustRoot, VerifyResult } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { verifyPdf } from '../../services/signatures/pdfVerify.ts';
import {
  completeSignature,
  loadSignature,
  prepareFieldSignature,
  prepareTaskSignature,
  requestPdf,
  signaturePdf,
  submissionSignatures,
  toSignature,
} from '../../services/signatures/service.ts';
import { trustRoots } from '../../services/signatures/trustRoots.ts';
import { errors } from '../common.ts';
import { rawBody, uploadedBytes } from './body.ts';

const MAX_PDF_BYTES = 20 * 1024 * 1024;
const MAX_CERT_BYTES = 2 * 1024 * 1024;
const tags = ['signatures'];
const pdfResponse = z.any().describe('application/pdf');

function sendPdf(reply: import('fastify').FastifyReply, pdf: Buffer, name: string) {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `attachment; filename="${name}"`);
  reply.header('cache-control', 'private, no-store');
  reply.header('x-content-type-options', 'nosniff');
  return reply.send(pdf);
}

export const signatureRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { db: app.db, reader: app.reader };

  app.post(
    '/api/signatures/prepare',
    {
      schema: {
        tags,
        summary: 'Prepare a signature: the PDF to sign and the digest the browser signs with your certificate',
        description:
          '{formId, field, data}: a digitalSignature field of a submission about to be made (the data is checked as a submission, 422 as usual; you must be able to fill the form). ' +
          '{taskId}: your own pending approval task at a step with requireSignature; the PDF is the latest signed one, signed on top. Valid for 15 minutes.',
        body: PrepareSignatureBody,
        response: { 201: PreparedSignature, ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const body = request.body;
      const prepared =
        'taskId' in body ? await prepareTaskSignature(deps, user, body.taskId) : await prepareFieldSignature(deps, user, body);
      return reply.status(201).send(prepared);
    },
  );

  app.post(
    '/api/signatures/:signingId/complete',
    {
      schema: {
        tags,
        summary: 'Complete a signature with the CMS the browser made',
        description:
          '422 signature_invalid, certificate_untrusted, certificate_expired, certificate_not_yet_valid, certificate_revoked, certificate_key_usage; 410 signing_expired; 404 for a signing request that is not yours.',
        params: z.object({ signingId: z.string() }),
        body: CompleteSignatureBody,
        response: { 201: Signature, ...errors(404, 409, 410, 422) },
      },
    },
    async (request, reply) => {
      const signature = await completeSignature(deps, currentUser(request), request.params.signingId, request.body.cms, request.ip);
      return reply.status(201).send(signature);
    },
  );

  app.get(
    '/api/signatures/requests/:signingId/pdf',
    {
      schema: {
        tags,
        summary: 'The PDF a prepared signature is for (unsigned), for the signer to read first',
        params: z.object({ signingId: z.string() }),
        response: { 200: pdfResponse, ...errors(404) },
      },
    },
    async (request, reply) => sendPdf(reply, await requestPdf(deps, currentUser(request), request.params.signingId), 'to-sign.pdf'),
  );

  app.get(
    '/api/signatures/trust-roots',
    {
      schema: {
        tags,
        summary: 'Trusted certificate authorities (admins)',
        response: { 200: z.object({ items: z.array(TrustRoot) }), ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'see the trusted certificate authorities');
      return { items: await trustRoots.list(app.reader) };
    },
  );

  app.delete(
    '/api/signatures/trust-roots/:id',
    {
      schema: {
        tags,
        summary: 'Stop trusting a certificate authority (admins)',
        params: z.object({ id: z.string() }),
        response: { 204: z.null(), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      requireRole(user, ['admin'], 'change the trusted certificate authorities');
      await app.db.transaction(async (trx) => {
        const root = await trustRoots.remove(trx, request.params.id);
        await recordAudit(trx, {
          action: 'trust_root.removed',
          actorId: user.id,
          targetType: 'trust_root',
          targetId: root.id,
          ip: request.ip,
          details: { subject: root.subject, fingerprintSha256: root.fingerprintSha256 },
        });
      });
      return reply.status(204).send(null);
    },
  );

  // Certificates, CRLs and PDFs come as files (raw, multipart or JSON text), not as the usual JSON bodies.
  await app.register(async (upload: FastifyInstance) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', rawBody(MAX_PDF_BYTES));
    const routes = upload.withTypeProvider<ZodTypeProvider>();

    routes.post(
      '/api/signatures/trust-roots',
      {
        bodyLimit: MAX_CERT_BYTES,
        schema: {
          tags,
          summary: 'Trust a certificate authority (admins): PEM text or base64 DER as the body, or JSON {certificate}',
          response: { 201: TrustRoot, ...errors(403, 409, 422) },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        requireRole(user, ['admin'], 'change the trusted certificate authorities');
        const bytes = uploadedBytes(request, 'file', ['certificate', 'pem']);
        const root = await app.db.transaction(async (trx) => {
          const added = await trustRoots.add(trx, bytes, user.id);
          await recordAudit(trx, {
            action: 'trust_root.added',
            actorId: user.id,
            targetType: 'trust_root',
            targetId: added.id,
            ip: request.ip,
            details: { subject: added.subject, fingerprintSha256: added.fingerprintSha256, isCa: added.isCa },
          });
          return added;
        });
        return reply.status(201).send(root);
      },
    );

    routes.put(
      '/api/signatures/trust-roots/:id/crl',
      {
        bodyLimit: MAX_PDF_BYTES,
        schema: {
          tags,
          summary: "Replace a certificate authority's CRL (admins): PEM or base64 DER; its signature is checked against that CA",
          params: z.object({ id: z.string() }),
          response: { 200: TrustRoot, ...errors(403, 404, 422) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        requireRole(user, ['admin'], 'change the trusted certificate authorities');
        const bytes = uploadedBytes(request, 'file', ['crl', 'pem']);
        return app.db.transaction(async (trx) => {
          const root = await trustRoots.setCrl(trx, request.params.id, bytes);
          await recordAudit(trx, {
            action: 'trust_crl.updated',
            actorId: user.id,
            targetType: 'trust_root',
            targetId: root.id,
            ip: request.ip,
            details: { thisUpdate: root.crl?.thisUpdate, nextUpdate: root.crl?.nextUpdate, revokedCount: root.crl?.revokedCount },
          });
          return root;
        });
      },
    );

    routes.post(
      '/api/signatures/verify',
      {
        bodyLimit: MAX_PDF_BYTES,
        schema: {
          tags,
          summary: 'Check every signature of a PDF: who signed, when, with which certificate, and whether it changed since',
          description: 'The body is the PDF (application/pdf), or multipart with the PDF in `file`. 422 not_a_pdf / no_signatures.',
          response: { 200: VerifyResult, ...errors(413, 422) },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const pdf = uploadedBytes(request, 'file', ['pdf']);
        const result = await verifyPdf(pdf, await trustRoots.anchors(app.reader));
        await recordAudit(app.db, {
          action: 'signature.verified',
          actorId: user.id,
          targetType: 'pdf',
          ip: request.ip,
          details: {
            valid: result.valid,
            signatures: result.signatures.map((s) => ({ signer: s.signer?.commonName ?? null, intact: s.intact, trusted: s.trusted })),
          },
        });
        return result;
      },
    );
  });

  app.get(
    '/api/signatures/:id',
    {
      schema: {
        tags,
        summary: 'A signature (whoever may see its record may see it)',
        params: z.object({ id: z.string() }),
        response: { 200: Signature, ...errors(404) },
      },
    },
    async (request) => toSignature((await loadSignature(deps, currentUser(request), request.params.id)).row),
  );

  app.get(
    '/api/signatures/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The signed PDF (PAdES; opens with a signature panel in a PDF reader)',
        description: '403 field_hidden when the record has sensitive fields you may not see.',
        params: z.object({ id: z.string() }),
        response: { 200: pdfResponse, ...errors(403, 404) },
      },
    },
    async (request, reply) =>
      sendPdf(reply, await signaturePdf(deps, currentUser(request), request.params.id), `signed-${request.params.id}.pdf`),
  );

  app.get(
    '/api/submissions/:submissionId/signatures',
    {
      schema: {
        tags,
        summary: "A submission's signatures (fields and approvals), oldest first",
        params: z.object({ submissionId: z.string() }),
        response: { 200: z.object({ items: z.array(Signature) }), ...errors(403, 404) },
      },
    },
    async (request) => ({ items: await submissionSignatures(deps, currentUser(request), request.params.submissionId) }),
  );
};

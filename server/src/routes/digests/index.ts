import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Digest, DigestBody, DigestRun, Id } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { mailerSettingsFromEnv, type MailerSettings } from '../../services/notifications/mailer.ts';
import { createDigests, digestIntervalFromEnv, type Digests } from '../../services/digests/service.ts';
import { createDigest, deleteDigest, digestRowFor, getDigest, listDigests, listRuns, updateDigest } from '../../services/digests/store.ts';
import { errors } from '../common.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts due digest runs and sends their emails in the background; tests call `runOnce(now)`. */
    digests: Digests;
  }
}

export interface DigestRoutesOptions {
  /** Mail settings; the notification mailer's (FORMLOOM_SMTP_URL, FORMLOOM_MAIL_FROM, FORMLOOM_PUBLIC_URL) when left out. */
  mail?: Partial<MailerSettings>;
}

const DigestParams = z.object({ digestId: z.string().min(1).max(64) });
const DigestList = z.object({ items: z.array(Digest) });
/** Any part of the body; a part left out stays as it is (so no defaults here: a missing time zone is not reset). */
const DigestPatch = z
  .object({
    target: DigestBody.shape.target.optional(),
    enabled: DigestBody.shape.enabled.optional(),
    frequency: DigestBody.shape.frequency.optional(),
    timezone: DigestBody.shape.timezone.unwrap().optional(),
    recipients: DigestBody.shape.recipients.optional(),
  })
  .strict();

/** Scheduled digests: a dashboard or saved report emailed to people on a schedule; the sender's timer. */
const digestRoutes: FastifyPluginAsyncZod<DigestRoutesOptions> = async (app, options) => {
  const digests = createDigests(app.db, { ...mailerSettingsFromEnv(), ...options.mail }, digestIntervalFromEnv(), app.log);
  app.decorate('digests', digests);
  app.addHook('onReady', async () => digests.start());
  app.addHook('onClose', async () => digests.stop());

  app.get(
    '/api/digests',
    {
      schema: {
        tags: ['digests'],
        summary: 'The digests of a dashboard or report (or of every target you may change)',
        querystring: z.object({ dashboardId: Id.optional(), reportId: Id.optional() }),
        response: { 200: DigestList, ...errors(403, 404) },
      },
    },
    async (request) => ({ items: await listDigests(app.db, currentUser(request), request.query, new Date()) }),
  );

  app.post(
    '/api/digests',
    {
      schema: {
        tags: ['digests'],
        summary: 'Schedule a dashboard or saved report as an email digest; you become its owner (the figures are those you see)',
        description:
          '400 invalid_digest with details [{path, message}]: an unknown time zone, a bad cron pattern, no recipients, an unknown department or user. ' +
          '404 report_not_found / dashboard_not_found; 403 when you may see but not change the target.',
        body: DigestBody,
        response: { 201: Digest, ...errors(403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createDigest(app.db, currentUser(request), request.body, new Date())),
  );

  app.get(
    '/api/digests/:digestId',
    {
      schema: {
        tags: ['digests'],
        summary: 'One digest, with its next three send times and last run',
        params: DigestParams,
        response: { 200: Digest, ...errors(404) },
      },
    },
    async (request) => getDigest(app.db, currentUser(request), request.params.digestId, new Date()),
  );

  app.patch(
    '/api/digests/:digestId',
    {
      schema: {
        tags: ['digests'],
        summary: 'Change a digest (any of its fields); its owner stays',
        params: DigestParams,
        body: DigestPatch,
        response: { 200: Digest, ...errors(403, 404) },
      },
    },
    async (request) => updateDigest(app.db, currentUser(request), request.params.digestId, request.body, new Date()),
  );

  app.delete(
    '/api/digests/:digestId',
    {
      schema: {
        tags: ['digests'],
        summary: 'Remove a digest and its runs',
        params: DigestParams,
        response: { 204: z.null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await deleteDigest(app.db, currentUser(request), request.params.digestId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/digests/:digestId/send-test',
    {
      schema: {
        tags: ['digests'],
        summary: 'Render the digest now and email it to you only (not recorded as a run)',
        description:
          '503 mail_not_configured without an SMTP server; 502 mail_failed when it refuses; 409 digest_unavailable when the owner or target is gone.',
        params: DigestParams,
        response: { 202: z.object({ sentTo: z.string() }), ...errors(404, 409, 502, 503) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await digestRowFor(app.db, user, request.params.digestId);
      return reply.status(202).send({ sentTo: await digests.sendTest(user, row) });
    },
  );

  app.get(
    '/api/digests/:digestId/runs',
    {
      schema: {
        tags: ['digests'],
        summary: 'The digest’s runs, newest first (the latest 50): when, how many recipients, how many failed',
        params: DigestParams,
        response: { 200: z.object({ items: z.array(DigestRun) }), ...errors(404) },
      },
    },
    async (request) => ({ items: await listRuns(app.db, currentUser(request), request.params.digestId) }),
  );
};

// Wrapped so the sender's decorator is visible on the app (tests run a tick with app.digests.runOnce).
export const digestsRoutes = fp(digestRoutes, { name: 'digest-routes', dependencies: ['db'] });

import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SubmissionIntegration, SubmissionIntegrationList } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { createDispatcher, type Dispatcher } from '../../services/dispatcher/index.ts';
import { dispatcherSettingsFromEnv } from '../../services/dispatcher/settings.ts';
import { listSubmissionIntegrations, retryJob } from '../../services/dispatcher/submissionIntegrations.ts';
import { errors } from '../common.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbox dispatcher: webhook deliveries and connector jobs (tests drive it with runOnce). */
    dispatcher: Dispatcher;
  }
}

/**
 * The outbox dispatcher's life (started when the server is ready, stopped on close) and what people
 * see of the connectors' work: a submission's integrations and the retry of a failed job.
 */
const routes: FastifyPluginAsyncZod = async (app) => {
  const dispatcher = createDispatcher(app, dispatcherSettingsFromEnv());
  app.decorate('dispatcher', dispatcher);
  app.addHook('onReady', async () => dispatcher.start());
  app.addHook('onClose', async () => dispatcher.stop());

  app.get(
    '/api/submissions/:submissionId/integrations',
    {
      schema: {
        tags: ['integrations'],
        summary: "What the connectors (Shopify, QuickBooks) made of a submission: each one's latest job and external records",
        params: z.object({ submissionId: z.string() }),
        response: { 200: SubmissionIntegrationList, ...errors(403, 404) },
      },
    },
    async (request) => ({ items: await listSubmissionIntegrations(app.db, currentUser(request), request.params.submissionId) }),
  );

  app.post(
    '/api/integration-jobs/:jobId/retry',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Try a failed or dead connector job again, now, with a fresh run of retries',
        description: '403 without edit permission in the app; 409 job_not_retryable unless the job is failed or dead.',
        params: z.object({ jobId: z.string() }),
        response: { 202: SubmissionIntegration, ...errors(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const item = await retryJob(app.db, currentUser(request), request.params.jobId, new Date());
      app.dispatcher.wake();
      return reply.status(202).send(item);
    },
  );
};

// Wrapped so app.dispatcher is visible on the app: the webhook routes wake it after a replay, tests drive it.
export const integrationRoutes = fp(routes, { name: 'integration-routes', dependencies: ['db', 'integrations'] });

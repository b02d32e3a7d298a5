import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DeliveriesQuery,
  DeliveryPage,
  Id,
  ReplayFailedRequest,
  ReplayResult,
  WebhookCreate,
  WebhookDelivery,
  WebhookList,
  WebhookPatch,
  WebhookPreview,
  WebhookPreviewRequest,
  WebhookSubscription,
  WebhookWithSecret,
} from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { getDelivery, listDeliveries } from '../../services/webhooks/deliveries.ts';
import { previewWebhook } from '../../services/webhooks/preview.ts';
import { replayDelivery, replayFailedSince } from '../../services/webhooks/replay.ts';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  revealSecret,
  updateSubscription,
} from '../../services/webhooks/subscriptions.ts';
import { errors } from '../common.ts';

const WebhookParams = z.object({ id: Id });
const DeliveryParams = z.object({ deliveryId: Id });
const tags = ['webhooks'];

const VALIDATION_CODES =
  '422 webhook_url_not_allowed (the address guard refused the URL; the message says why), invalid_webhook_url, ' +
  'invalid_filter (details [{path, message}]: only field conditions, keys of the form), invalid_template (details {line}), invalid_scope.';

/** Outbound webhook subscriptions, their delivery log and replay, and the payload preview (docs/WEBHOOKS.md). */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events; answers with the signing secret (whsec_…) once',
        description: `Admins may subscribe to every app; app editors must give appId or formId of an app they edit (403 otherwise). ${VALIDATION_CODES}`,
        body: WebhookCreate,
        response: { 201: WebhookWithSecret, ...errors(403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await createSubscription(app, currentUser(request), request.body)),
  );

  app.get(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'The webhooks you may manage, newest first, with counts of the last 24 hours',
        querystring: z.object({ appId: Id.optional(), formId: Id.optional() }),
        response: { 200: WebhookList, ...errors() },
      },
    },
    async (request) => ({ items: await listSubscriptions(app.db, currentUser(request), request.query) }),
  );

  app.post(
    '/api/webhooks/preview',
    {
      schema: {
        tags,
        summary: 'The body a subscription would send for a real submission (given, or the form’s latest), and whether the filter matches',
        description:
          'Nothing is saved. 404 no_submission_to_preview when there is none; 422 invalid_template, invalid_filter, invalid_event, preview_needs_submission.',
        body: WebhookPreviewRequest,
        response: { 200: WebhookPreview, ...errors(403, 404, 422) },
      },
    },
    async (request) => previewWebhook(app.db, currentUser(request), request.body),
  );

  app.get(
    '/api/webhooks/:id',
    {
      schema: { tags, summary: 'One webhook', params: WebhookParams, response: { 200: WebhookSubscription, ...errors(404) } },
    },
    async (request) => getSubscription(app.db, currentUser(request), request.params.id),
  );

  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook; enabled true clears a disabled state; rotateSecret answers with the new secret',
        description: `A new template is a new template version. 409 webhook_changed when someone saved at the same moment. ${VALIDATION_CODES}`,
        params: WebhookParams,
        body: WebhookPatch,
        response: { 200: z.union([WebhookWithSecret, WebhookSubscription]), ...errors(403, 404, 409, 422) },
      },
    },
    async (request) => updateSubscription(app, currentUser(request), request.params.id, request.body),
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove a webhook with its delivery log',
        params: WebhookParams,
        response: { 204: z.null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await deleteSubscription(app, currentUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webhooks/:id/secret',
    {
      schema: {
        tags,
        summary: 'The signing secret (the webhook’s owner or an admin; 403 for other editors, who may rotate it)',
        params: WebhookParams,
        response: { 200: WebhookWithSecret, ...errors(403, 404) },
      },
    },
    async (request) => revealSecret(app, currentUser(request), request.params.id),
  );

  app.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first, each delivery with its latest attempt',
        description: '400 invalid_cursor for a cursor this list did not give out.',
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryPage, ...errors(404) },
      },
    },
    async (request) => listDeliveries(app.db, currentUser(request), request.params.id, request.query),
  );

  app.post(
    '/api/webhooks/:id/replay',
    {
      schema: {
        tags,
        summary: 'Send every failed or dead delivery created since a time again (same webhook-id each)',
        description: '409 webhook_disabled while the webhook is disabled.',
        params: WebhookParams,
        body: ReplayFailedRequest,
        response: { 200: ReplayResult, ...errors(404, 409) },
      },
    },
    async (request) => {
      const replayed = await replayFailedSince(app.db, currentUser(request), request.params.id, request.body.since);
      app.dispatcher.wake(); // due now: no need to wait for the next timer pass
      return { replayed };
    },
  );

  app.get(
    '/api/deliveries/:deliveryId',
    {
      schema: {
        tags,
        summary: 'One delivery with every attempt, newest first',
        params: DeliveryParams,
        response: { 200: WebhookDelivery, ...errors(404) },
      },
    },
    async (request) => getDelivery(app.db, currentUser(request), request.params.deliveryId),
  );

  app.post(
    '/api/deliveries/:deliveryId/replay',
    {
      schema: {
        tags,
        summary: 'Send one delivery again now, under the same webhook-id',
        description: '409 webhook_disabled while the webhook is disabled; 409 delivery_in_progress while an attempt is running.',
        params: DeliveryParams,
        response: { 202: WebhookDelivery, ...errors(404, 409) },
      },
    },
    async (request, reply) => {
      const delivery = await replayDelivery(app.db, currentUser(request), request.params.deliveryId);
      app.dispatcher.wake();
      return reply.status(202).send(delivery);
    },
  );
};

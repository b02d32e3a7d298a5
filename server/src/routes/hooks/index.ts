import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, ZapierSubscribeRequest, ZapierSubscribeResponse } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { zapierFormFor, zapierForms } from '../../services/zapier/access.ts';
import { ZAPIER_EVENTS } from '../../services/zapier/items.ts';
import { pollItems, sampleItems } from '../../services/zapier/poll.ts';
import { requireZapierEvent, subscribe, unsubscribe } from '../../services/zapier/subscriptions.ts';
import { errors } from '../common.ts';

const TriggerQuery = z.object({
  event: z
    .string()
    .max(64)
    .describe(`One of ${ZAPIER_EVENTS.join(', ')}`),
  formId: Id,
});
/** Flat: meta keys (id, event, occurred_at, form_id, …) and the submission's fields by key (docs/ZAPIER.md). */
const ZapierItem = z.record(z.string(), z.unknown());
const ZapierItems = z.array(ZapierItem);
const ZapierFormChoice = z.object({ id: Id, name: z.string(), app: z.string() });
const ZapierMe = z.object({ id: Id, email: z.string(), name: z.string() });

const tags = ['zapier'];

/**
 * What a Zapier app calls (docs/ZAPIER.md): REST hook subscribe/unsubscribe, the polling trigger,
 * sample data, the form dropdown and the connection test. Authenticated like every API route,
 * usually with an API token (`Authorization: Bearer flt_…`).
 */
export const zapierRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/hooks/subscribe',
    {
      schema: {
        tags,
        summary: "Subscribe a Zap's target URL to one event of a form (REST hook)",
        description:
          '422 unknown_event (not a Zapier trigger), 422 webhook_url_not_allowed (a private/loopback or malformed URL), ' +
          '404 form_not_found (unknown, or the caller may not see all of its submissions). Extra fields Zapier sends are ignored.',
        body: ZapierSubscribeRequest,
        response: { 201: ZapierSubscribeResponse, ...errors(404, 422) },
      },
    },
    async (request, reply) => {
      const { targetUrl, event, formId } = request.body;
      const created = await subscribe(app, currentUser(request), { targetUrl, event, formId });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/hooks/:id',
    {
      schema: {
        tags,
        summary: 'Unsubscribe a REST hook (the Zap was turned off or deleted)',
        params: z.object({ id: z.string().max(64) }),
        response: { 204: z.null(), ...errors(404) },
      },
    },
    async (request, reply) => {
      await unsubscribe(app.db, currentUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/hooks/poll',
    {
      schema: {
        tags,
        summary: "A trigger's latest items, newest first (up to 50), each exactly as its REST hook sends it",
        querystring: TriggerQuery,
        response: { 200: ZapierItems, ...errors(404, 422) },
      },
    },
    async (request) => {
      const event = requireZapierEvent(request.query.event);
      const { form, viewer } = await zapierFormFor(app.reader, currentUser(request), request.query.formId);
      return pollItems(app.reader, form, event, viewer);
    },
  );

  app.get(
    '/api/hooks/sample',
    {
      schema: {
        tags,
        summary: 'One item for the Zap editor: the latest real one, else made from the latest submission or from the form fields',
        querystring: TriggerQuery,
        response: { 200: ZapierItems, ...errors(404, 422) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const event = requireZapierEvent(request.query.event);
      const { form, viewer } = await zapierFormFor(app.reader, user, request.query.formId);
      return sampleItems(app.reader, user, form, event, viewer);
    },
  );

  app.get(
    '/api/hooks/forms',
    {
      schema: {
        tags,
        summary: 'Published forms whose submissions the caller may see (the Zap editor dropdown)',
        response: { 200: z.array(ZapierFormChoice), ...errors() },
      },
    },
    async (request) => zapierForms(app.reader, currentUser(request)),
  );

  app.get(
    '/api/hooks/me',
    {
      schema: { tags, summary: "Who the token belongs to (the Zapier connection's test)", response: { 200: ZapierMe, ...errors() } },
    },
    async (request) => {
      const { id, email, name } = currentUser(request);
      return { id, email, name };
    },
  );
};

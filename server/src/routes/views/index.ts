import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateSavedViewBody, SavedView, SavedViewList, UpdateSavedViewBody } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { createView, deleteView, listViews, updateView } from '../../services/savedViews.ts';
import { errors } from '../common.ts';

// The filter is checked by the service against the form, so a bad one answers invalid_filter as the list does.
const FilterAsSent = z.unknown().optional().describe("An array of {field, op, value?}, as the list's filter parameter");
const CreateBody = CreateSavedViewBody.extend({ filter: FilterAsSent });
const UpdateBody = UpdateSavedViewBody.extend({ filter: FilterAsSent });
const ViewParams = z.object({ viewId: z.string() });

/** Saved views of a form's submissions table: your own and the shared ones. */
export const viewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId/views',
    {
      schema: {
        tags: ['views'],
        summary: "Your saved views of this form's submissions and the shared ones, by name",
        params: z.object({ formId: z.string() }),
        response: { 200: SavedViewList, ...errors(404) },
      },
    },
    async (request) => ({ items: await listViews(app.db, currentUser(request), request.params.formId) }),
  );

  app.post(
    '/api/forms/:formId/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Save a view (columns, sort, search, filter); shared: listed for everyone who can open the form',
        params: z.object({ formId: z.string() }),
        body: CreateBody,
        response: { 201: SavedView, ...errors(404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createView(app.db, currentUser(request), request.params.formId, request.body)),
  );

  app.patch(
    '/api/views/:viewId',
    {
      schema: {
        tags: ['views'],
        summary: 'Change a saved view (its owner or an app editor)',
        params: ViewParams,
        body: UpdateBody,
        response: { 200: SavedView, ...errors(403, 404) },
      },
    },
    async (request) => updateView(app.db, currentUser(request), request.params.viewId, request.body),
  );

  app.delete(
    '/api/views/:viewId',
    {
      schema: {
        tags: ['views'],
        summary: 'Delete a saved view (its owner or an app editor)',
        params: ViewParams,
        response: { 204: z.null().describe('Deleted'), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      await deleteView(app.db, currentUser(request), request.params.viewId);
      return reply.status(204).send(null);
    },
  );
};

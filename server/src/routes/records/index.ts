import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LinkableRecordList, LinkableRecordQuery } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { listLinkableRecords } from '../../services/relations.ts';
import { errors } from '../common.ts';

/** Records a relation field can link to: the picker's search list and the labels of chosen values. */
export const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId/records',
    {
      schema: {
        tags: ['records'],
        summary: 'Records of a form to pick in a relation field, newest first, labelled by a display field',
        description:
          'All records with "see all" in the form\'s app, or when the form is a catalogue (uiSchema root ui:options.catalogue); otherwise only your own.',
        params: z.object({ formId: z.string() }),
        querystring: LinkableRecordQuery,
        response: { 200: LinkableRecordList, ...errors(404) },
      },
    },
    async (request) => ({ items: await listLinkableRecords(app.db, currentUser(request), request.params.formId, request.query) }),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LinkableRecordList, LinkableRecordQuery, RECORD_LOOKUP_LIMITS } from '@formloom/schemas';
import { BadRequestError } from '../../lib/errors.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { listLinkableRecords } from '../../services/relations.ts';
import { findRecordsByScan } from '../../services/scanLookup.ts';
import { errors } from '../common.ts';

const RecordsQuery = LinkableRecordQuery.extend({
  scan: z
    .string()
    .trim()
    .min(1)
    .max(RECORD_LOOKUP_LIMITS.maxQuery)
    .optional()
    .describe(
      'A scanned barcode: the records whose top-level barcode field holds it exactly, or its GTIN when it is GS1 data (any GTIN width)',
    ),
});

/** Records a relation field can link to: the picker's search list, the labels of chosen values, and scan lookups. */
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
        querystring: RecordsQuery,
        response: { 200: LinkableRecordList, ...errors(404) },
      },
    },
    async (request) => {
      const { scan, ...query } = request.query;
      const user = currentUser(request);
      if (scan === undefined) return { items: await listLinkableRecords(app.db, user, request.params.formId, query) };
      if (query.q !== undefined || query.ids !== undefined) {
        throw new BadRequestError('invalid_request', 'scan looks records up by barcode on its own; leave out q and ids.');
      }
      return { items: await findRecordsByScan(app.db, user, request.params.formId, { scan, display: query.display, limit: query.limit }) };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { listStock, stockCard, STOCK_CARD_LIMITS } from '../../services/stock/queries.ts';
import { errors } from '../common.ts';
import { StockCard, StockLevelList } from '@formloom/schemas';

const Id = z.string().min(1).max(255);

/** The stock ledger of a movement form (uiSchema root `ui:options.stockLedger`): on-hand, low stock, stock cards. */
export const stockRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId/stock',
    {
      schema: {
        tags: ['stock'],
        summary: 'On-hand per item and zone; with low=1, the items at or below their reorder point',
        params: z.object({ formId: z.string() }),
        querystring: z.object({
          item: Id.optional().describe('Only this item (a record id of the item list)'),
          zone: Id.optional().describe('Only this zone'),
          low: z.enum(['0', '1']).optional().describe('1: per item, all zones together, those at or below their reorder point'),
        }),
        response: { 200: StockLevelList, ...errors(404) },
      },
    },
    async (request) => {
      const { item, zone, low } = request.query;
      return { items: await listStock(app.db, currentUser(request), request.params.formId, { item, zone, low: low === '1' }) };
    },
  );

  app.get(
    '/api/forms/:formId/stock/card',
    {
      schema: {
        tags: ['stock'],
        summary: "An item's stock card: its movements, newest first, with each zone's balance after them",
        description: 'Without "see all" in the app, only your own movements are listed.',
        params: z.object({ formId: z.string() }),
        querystring: z.object({
          item: Id,
          zone: Id.optional(),
          limit: z.coerce.number().int().min(1).max(STOCK_CARD_LIMITS.maxLimit).default(STOCK_CARD_LIMITS.defaultLimit),
          cursor: z
            .string()
            .regex(/^\d{1,18}$/, 'must be the nextCursor of the previous page')
            .optional(),
        }),
        response: { 200: StockCard, ...errors(404) },
      },
    },
    async (request) => stockCard(app.db, currentUser(request), request.params.formId, request.query),
  );
};

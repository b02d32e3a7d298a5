import { z } from 'zod';

/**
 * What the stock ledger's reads answer (GET /api/forms/:formId/stock and /stock/card): the server's
 * route schemas and the runtime's types both come from here.
 */
export const StockItem = z
  .object({
    id: z.string(),
    label: z.string().nullable().describe("The item's name, or null when the caller may not see the item record"),
    sku: z.string().nullable(),
    barcode: z.string().nullable(),
    unit: z.string().nullable(),
    reorderPoint: z.number().nullable(),
  })
  .meta({ id: 'StockItem' });

export const StockZone = z
  .object({
    id: z.string(),
    label: z.string().describe('The English name, else the code, else the id'),
    code: z.string().nullable(),
    name: z.object({ en: z.string().nullable(), 'zh-Hant': z.string().nullable() }),
  })
  .meta({ id: 'StockZone' });

export const StockLevel = z.object({
  item: StockItem,
  zone: StockZone.nullable().describe('null in the low-stock list (all zones)'),
  onHand: z.number(),
});
export const StockLevelList = z.object({ items: z.array(StockLevel) });

export const StockMove = z.object({
  seq: z.string(),
  submissionId: z.string(),
  movementType: z.string().describe('receive, issue, transfer or count'),
  zone: StockZone,
  delta: z.number(),
  balanceAfter: z.number().describe("The zone's on-hand after this movement"),
  reference: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export const StockCard = z.object({
  item: StockItem,
  levels: z.array(z.object({ zone: StockZone, onHand: z.number() })),
  onHand: z.number(),
  items: z.array(StockMove),
  nextCursor: z.string().nullable(),
});

export type StockItem = z.infer<typeof StockItem>;
export type StockZone = z.infer<typeof StockZone>;
export type StockLevel = z.infer<typeof StockLevel>;
export type StockMove = z.infer<typeof StockMove>;
export type StockCard = z.infer<typeof StockCard>;

// The stock ledger's calls (a movement form with ui:options.stockLedger): on-hand, low stock, stock
// cards, and finding an item by the code a scanner read. Built on the HTTP client's `request`.
import type { ApiClient, HttpApiClient } from './client.ts';
import type { LinkableRecord } from './types.ts';
import type { StockCard, StockItem, StockLevel, StockMove, StockZone } from '@formloom/schemas';

export type { StockCard, StockItem, StockLevel, StockMove, StockZone };

export interface StockApi {
  levels(formId: string, query?: { item?: string; zone?: string; low?: boolean }): Promise<StockLevel[]>;
  card(formId: string, item: string, query?: { zone?: string; cursor?: string | null; limit?: number }): Promise<StockCard>;
  /**
   * The item a scanned code names: the one record whose barcode field holds it (the records
   * lookup's `scan`, which also reads GS1 data and GTINs of any width), else the one whose `skuField`
   * is exactly the code (labels printed with the SKU); null when there is none, or no single one.
   */
  findItemByCode(itemFormId: string, skuField: string, code: string): Promise<LinkableRecord | null>;
}

const enc = encodeURIComponent;

export function createStockApi(request: HttpApiClient['request']): StockApi {
  return {
    async levels(formId, { item, zone, low } = {}) {
      const params = new URLSearchParams();
      if (item) params.set('item', item);
      if (zone) params.set('zone', zone);
      if (low) params.set('low', '1');
      return (await request<{ items: StockLevel[] }>('GET', `/api/forms/${enc(formId)}/stock?${params}`)).items;
    },
    card(formId, item, { zone, cursor, limit } = {}) {
      const params = new URLSearchParams({ item });
      if (zone) params.set('zone', zone);
      if (cursor) params.set('cursor', cursor);
      if (limit) params.set('limit', String(limit));
      return request<StockCard>('GET', `/api/forms/${enc(formId)}/stock/card?${params}`);
    },
    async findItemByCode(itemFormId, skuField, code) {
      const records = async (params: Record<string, string>) =>
        (await request<{ items: LinkableRecord[] }>('GET', `/api/forms/${enc(itemFormId)}/records?${new URLSearchParams(params)}`)).items;
      const scanned = await records({ scan: code, limit: '2' });
      if (scanned.length === 1) return scanned[0];
      // A contains search, matched exactly here, so "123" never picks "41234".
      const bySku = (await records({ display: skuField, q: code, limit: '50' })).filter((r) => r.label === code);
      return bySku.length === 1 ? bySku[0] : null;
    },
  };
}

/** The stock calls over the app's API client (the HTTP client in the app; tests pass one with `request`). */
export function stockApiFor(client: ApiClient): StockApi {
  const request = (client as Partial<HttpApiClient>).request;
  if (!request) throw new Error('The stock pages need an API client with request() (createHttpClient).');
  return createStockApi(request);
}

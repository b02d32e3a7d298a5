// The items a scan page can find without a connection: fetched while online, kept on the device
// (offline/snapshots.ts), and searched here the way the server's `records?scan=` does.
import { scanLookupCodes } from '@formloom/schemas';
import type { ApiClient } from '../../api/client.ts';
import type { StockApi, StockItem } from '../../api/stock.ts';
import type { LinkableRecord } from '../../api/types.ts';
import type { LedgerSetting } from './ledger.ts';

/** The snapshot names a stock page keeps, per item or zone list (two movement forms may share them). */
export const itemsSnapshot = (ledger: LedgerSetting) => `stock-items:${ledger.itemForm}`;
export const zonesSnapshot = (zoneForm: string) => `stock-zones:${zoneForm}`;

/** The newest records the records lookup gives at most (docs/API.md, Records). */
const NEWEST_ITEMS = 50;

/** A stock row's item as the record the page works with: its name, SKU and barcode under the list's field keys. */
export function itemFromStock(ledger: LedgerSetting, item: StockItem): LinkableRecord {
  const f = ledger.itemFields;
  const data: Record<string, unknown> = {};
  if (item.label) data[f.name] = item.label;
  if (item.sku) data[f.sku] = item.sku;
  if (item.barcode) data[f.barcode] = item.barcode;
  return { id: item.id, label: item.sku ?? item.label ?? item.id, data };
}

/**
 * Every item this ledger has held (the on-hand list has no page limit), those below their reorder point
 * (never stocked included), and the newest records of the item list (just created, not moved yet).
 * A full record wins over the on-hand list's summary of the same item.
 */
export async function fetchCatalogue(api: ApiClient, stock: StockApi, formId: string, ledger: LedgerSetting): Promise<LinkableRecord[]> {
  const [levels, low, newest] = await Promise.all([
    stock.levels(formId),
    stock.levels(formId, { low: true }),
    api.listRecords(ledger.itemForm, { display: ledger.itemFields.sku, limit: NEWEST_ITEMS }),
  ]);
  return mergeItems(
    [...levels, ...low].map((l) => itemFromStock(ledger, l.item)),
    newest,
  );
}

/** `older` with `newer` added; an item in both takes `newer`'s copy. */
export function mergeItems(older: readonly LinkableRecord[], newer: readonly LinkableRecord[]): LinkableRecord[] {
  const byId = new Map(older.map((r) => [r.id, r]));
  for (const record of newer) byId.set(record.id, record);
  return [...byId.values()];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The one item a scanned code names, by the same rule as the server's lookup (docs/API.md, `scan=`):
 * the one item whose barcode field holds the code, the code's GTIN, or another width of that GTIN; else
 * the one whose SKU is exactly the code; else null.
 */
export function findCachedItem(items: readonly LinkableRecord[], ledger: LedgerSetting, code: string): LinkableRecord | null {
  const wanted = new Set(scanLookupCodes(code));
  const byBarcode = items.filter((r) => wanted.has(text(r.data[ledger.itemFields.barcode])));
  if (byBarcode.length === 1) return byBarcode[0];
  const bySku = items.filter((r) => text(r.data[ledger.itemFields.sku]) === code);
  return bySku.length === 1 ? bySku[0] : null;
}

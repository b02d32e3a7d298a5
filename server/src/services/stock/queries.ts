/**
 * Reading the stock ledger: on-hand per item and zone, the low-stock list and an item's stock card.
 *
 * Who sees what follows submissions: no grant in the movement form's app → 404. On-hand is the
 * app's shared ledger, so anyone with a grant reads it (a picker needs to know what is on the
 * shelf); the stock card lists movements, so without "see all" it lists only the caller's own.
 * Items and zones are described only as far as the caller may see their records.
 */
import type { JsonObject, User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { whereInScope } from '../../repositories/recordScope.ts';
import type { Db } from '../../repositories/types.ts';
import type { AppPermissions } from '@formloom/schemas';
import { loadForm } from '../access.ts';
import { recordScopeOf } from '../recordScope.ts';
import { formVersionsRepo, type FormRow } from '../../repositories/forms.ts';
import { recordAccess, visibleRecordData } from '../relations.ts';
import type { StockItem, StockLevel, StockMove, StockZone } from '@formloom/schemas';
import { fromThousandths, stockLedgerOf, toThousandths, type StockLedger } from './ledger.ts';

interface LedgerAccess {
  form: FormRow;
  permissions: AppPermissions;
  ledger: StockLedger;
}

/** The movement form's ledger, as the caller may read it; 404 for a form they cannot see or one that keeps none. */
async function ledgerAccess(db: Db, user: User, formId: string): Promise<LedgerAccess> {
  const { form, permissions } = await loadForm(db, user, formId);
  const version = form.latest_version === null ? undefined : await formVersionsRepo.find(db, form.id, Number(form.latest_version));
  const ledger = version ? stockLedgerOf(readJson<JsonObject>(version.schema), readJson<JsonObject>(version.ui_schema)) : null;
  if (!ledger) {
    throw new NotFoundError(
      'stock_ledger_not_found',
      'This form keeps no stock ledger: its published version has no ui:options.stockLedger setting.',
    );
  }
  return { form, permissions, ledger };
}

const ID_CHUNK = 500;

/** The records of `formId` the caller may see, by id (all of them when `ids` is null). */
export async function visibleRecords(db: Db, user: User, formId: string | null, ids: string[] | null): Promise<Map<string, JsonObject>> {
  const out = new Map<string, JsonObject>();
  if (!formId) return out;
  const access = await recordAccess(db, user, formId).catch((err) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!access) return out;
  const chunks =
    ids === null ? [null] : Array.from({ length: Math.ceil(ids.length / ID_CHUNK) }, (_, i) => ids.slice(i * ID_CHUNK, (i + 1) * ID_CHUNK));
  for (const chunk of chunks) {
    const q = db('submissions').select('id', 'data', 'created_by').where('form_id', access.form.id).whereNull('deleted_at');
    whereInScope(q, 'created_by', access.onlyCreatedBy);
    if (chunk) q.whereIn('id', chunk);
    for (const row of (await q) as { id: string; data: unknown; created_by: string | null }[])
      out.set(row.id, visibleRecordData(access, row));
  }
  return out;
}

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;

export function describeItem(ledger: StockLedger, id: string, data: JsonObject | undefined): StockItem {
  const f = ledger.itemFields;
  const reorderPoint = data?.[f.reorderPoint];
  return {
    id,
    label: textOf(data?.[f.name]),
    sku: textOf(data?.[f.sku]),
    barcode: textOf(data?.[f.barcode]),
    unit: textOf(data?.[f.unit]),
    reorderPoint: typeof reorderPoint === 'number' && Number.isFinite(reorderPoint) ? reorderPoint : null,
  };
}

export function describeZone(ledger: StockLedger, id: string, data: JsonObject | undefined): StockZone {
  const f = ledger.zoneFields;
  const en = textOf(data?.[f.name]);
  const code = textOf(data?.[f.code]);
  // A zone that is a plain value (no zone list) is its own label.
  return { id, label: en ?? code ?? id, code, name: { en, 'zh-Hant': textOf(data?.[f.nameZh]) } };
}

const byText = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');

export interface StockQuery {
  item?: string;
  zone?: string;
  low?: boolean;
}

/**
 * `GET /api/forms/:formId/stock`: on-hand per item and zone (one row per pair that has had stock),
 * or with `low`, per item: every item of the item list whose on-hand in all zones together is at
 * or below its reorder point, items never stocked included (on-hand 0), most short first.
 */
export async function listStock(db: Db, user: User, formId: string, query: StockQuery): Promise<StockLevel[]> {
  const { form, ledger } = await ledgerAccess(db, user, formId);
  if (query.low) return lowStock(db, user, form, ledger, query.item);
  const levels = db('stock_levels').select('item_id', 'zone_id', 'on_hand').where('form_id', form.id);
  if (query.item) levels.where('item_id', query.item);
  if (query.zone) levels.where('zone_id', query.zone);
  const rows = (await levels) as { item_id: string; zone_id: string; on_hand: unknown }[];
  const items = await visibleRecords(db, user, ledger.itemForm, [...new Set(rows.map((r) => r.item_id))]);
  const zones = await visibleRecords(db, user, ledger.zoneForm, [...new Set(rows.map((r) => r.zone_id))]);
  return rows
    .map((r) => ({
      item: describeItem(ledger, r.item_id, items.get(r.item_id)),
      zone: describeZone(ledger, r.zone_id, zones.get(r.zone_id)),
      onHand: fromThousandths(r.on_hand as number),
    }))
    .sort((a, b) => byText(a.item.label, b.item.label) || a.item.id.localeCompare(b.item.id) || byText(a.zone.label, b.zone.label));
}

async function lowStock(db: Db, user: User, form: FormRow, ledger: StockLedger, onlyItem: string | undefined): Promise<StockLevel[]> {
  const totals = db('stock_levels').select('item_id').sum({ total: 'on_hand' }).where('form_id', form.id).groupBy('item_id');
  if (onlyItem) totals.where('item_id', onlyItem);
  const onHand = new Map<string, number>(
    ((await totals) as { item_id: string; total: unknown }[]).map((r) => [r.item_id, Number(r.total)]),
  );
  const items = await visibleRecords(db, user, ledger.itemForm, onlyItem ? [onlyItem] : null);
  const out: StockLevel[] = [];
  for (const [id, data] of items) {
    const item = describeItem(ledger, id, data);
    const point = item.reorderPoint === null ? null : toThousandths(item.reorderPoint);
    const total = onHand.get(id) ?? 0;
    if (point !== null && total <= point) out.push({ item, zone: null, onHand: fromThousandths(total) });
  }
  const shortfall = (l: StockLevel) => l.onHand - (l.item.reorderPoint ?? 0);
  return out.sort((a, b) => shortfall(a) - shortfall(b) || byText(a.item.label, b.item.label));
}

export const STOCK_CARD_LIMITS = { defaultLimit: 100, maxLimit: 500 } as const;

export interface StockCard {
  item: StockItem;
  /** On-hand now in each zone that has had the item (all movements, whoever made them). */
  levels: { zone: StockZone; onHand: number }[];
  onHand: number;
  items: StockMove[];
  nextCursor: string | null;
}

/**
 * `GET /api/forms/:formId/stock/card?item=`: the item's movements, newest first, each with the
 * zone's balance after it, who and when; `zone` narrows to one zone. `cursor` is the last `seq` seen.
 */
export async function stockCard(
  db: Db,
  user: User,
  formId: string,
  query: { item: string; zone?: string; limit: number; cursor?: string },
): Promise<StockCard> {
  const { form, ledger, permissions } = await ledgerAccess(db, user, formId);
  const moves = db('stock_moves as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select('m.*', 'u.name as created_by_name')
    .where({ 'm.form_id': form.id, 'm.item_id': query.item });
  if (query.zone) moves.where('m.zone_id', query.zone);
  whereInScope(moves, 'm.created_by', recordScopeOf(user, permissions));
  if (query.cursor) moves.where('m.seq', '<', query.cursor);
  const rows = (await moves.orderBy('m.seq', 'desc').limit(query.limit + 1)) as Record<string, unknown>[];
  const page = rows.slice(0, query.limit);
  const levelRows = (await db('stock_levels').select('zone_id', 'on_hand').where({ form_id: form.id, item_id: query.item })) as {
    zone_id: string;
    on_hand: unknown;
  }[];
  const zoneIds = [...new Set([...levelRows.map((r) => r.zone_id), ...page.map((r) => String(r.zone_id))])];
  const zones = await visibleRecords(db, user, ledger.zoneForm, zoneIds);
  const items = await visibleRecords(db, user, ledger.itemForm, [query.item]);
  const zone = (id: string) => describeZone(ledger, id, zones.get(id));
  return {
    item: describeItem(ledger, query.item, items.get(query.item)),
    levels: levelRows
      .map((r) => ({ zone: zone(r.zone_id), onHand: fromThousandths(r.on_hand as number) }))
      .sort((a, b) => byText(a.zone.label, b.zone.label)),
    onHand: fromThousandths(levelRows.reduce((sum, r) => sum + Number(r.on_hand), 0)),
    items: page.map((r) => ({
      seq: String(r.seq),
      submissionId: String(r.submission_id),
      movementType: String(r.movement_type),
      zone: zone(String(r.zone_id)),
      delta: fromThousandths(r.delta as number),
      balanceAfter: fromThousandths(r.balance_after as number),
      reference: (r.reference as string | null) ?? null,
      createdAt: String(r.created_at),
      createdBy: (r.created_by as string | null) ?? null,
      createdByName: (r.created_by_name as string | null) ?? null,
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1].seq) : null,
  };
}

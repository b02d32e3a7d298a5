/**
 * The inventory report of a movement form's stock ledger: on-hand per item and zone with its value,
 * the low-stock list, movements per day of the last 30 days, and the stock value in total and per
 * zone. Quantities stay integer thousandths and prices integer cents until the end, so a value is
 * exact (thousandths × cents in BigInt, rounded to the cent once). Anyone with a grant reads it
 * (the ledger is the app's shared on-hand); items and zones are named as far as the caller may see them.
 */
import type { Knex } from 'knex';
import type { InventoryReport, JsonObject, User } from '@formloom/schemas';
import { readInt } from '../../db/dialect.ts';
import { fromThousandths, stockLedgerOf, toThousandths } from '../stock/ledger.ts';
import { describeItem, describeZone, visibleRecords } from '../stock/queries.ts';
import { notAvailable, publishedForm, rootOptions } from './access.ts';
import { daysTable, localDateOf, localDays } from './days.ts';

const TIMEZONE = 'Asia/Hong_Kong';
export const MOVEMENT_DAYS = 30;

/** The item's unit price in whole cents (money fields hold decimals with at most two places), or null. */
function centsOf(value: unknown): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return BigInt(Math.round(value * 100));
}

/** thousandths × cents → cents, rounded half away from zero, as a decimal number of dollars. */
function money(milliCents: bigint): number {
  const sign = milliCents < 0n ? -1n : 1n;
  const cents = (milliCents * sign + 500n) / 1000n;
  return Number(cents * sign) / 100;
}

const byText = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');

export async function inventoryReport(db: Knex, user: User, formId: string, now = new Date()): Promise<InventoryReport> {
  const { form, schema, uiSchema } = await publishedForm(db, user, formId, null);
  const ledger = stockLedgerOf(schema, uiSchema);
  if (!ledger) throw notAvailable('inventory', 'its published version keeps no stock ledger (ui:options.stockLedger).');
  const ledgerOptions = rootOptions(uiSchema).stockLedger as JsonObject;
  const configured = (ledgerOptions.itemFields as JsonObject | undefined)?.unitPrice;
  const priceField = typeof configured === 'string' ? configured : 'unitPrice';

  const levelRows = (await db('stock_levels').select('item_id', 'zone_id', 'on_hand').where('form_id', form.id)) as {
    item_id: string;
    zone_id: string;
    on_hand: unknown;
  }[];
  const items = await visibleRecords(db, user, ledger.itemForm, null);
  const zones = await visibleRecords(db, user, ledger.zoneForm, [...new Set(levelRows.map((r) => r.zone_id))]);

  let total = 0n;
  let unpriced = 0;
  const zoneValue = new Map<string, bigint>();
  const onHandByItem = new Map<string, bigint>();
  const levels = levelRows
    .map((r) => {
      const onHand = BigInt(readInt(r.on_hand));
      onHandByItem.set(r.item_id, (onHandByItem.get(r.item_id) ?? 0n) + onHand);
      const data = items.get(r.item_id);
      const cents = centsOf(data?.[priceField]);
      let value: number | null = null;
      if (cents === null) {
        if (onHand !== 0n) unpriced++;
      } else {
        const milli = onHand * cents;
        total += milli;
        zoneValue.set(r.zone_id, (zoneValue.get(r.zone_id) ?? 0n) + milli);
        value = money(milli);
      }
      return {
        item: describeItem(ledger, r.item_id, data),
        zone: describeZone(ledger, r.zone_id, zones.get(r.zone_id)),
        onHand: fromThousandths(onHand),
        unitPrice: cents === null ? null : Number(cents) / 100,
        value,
      };
    })
    .sort((a, b) => byText(a.item.label, b.item.label) || a.item.id.localeCompare(b.item.id) || byText(a.zone.label, b.zone.label));

  const lowStock: InventoryReport['lowStock'] = [];
  for (const [id, data] of items) {
    const item = describeItem(ledger, id, data);
    const point = item.reorderPoint === null ? null : toThousandths(item.reorderPoint);
    const onHand = onHandByItem.get(id) ?? 0n;
    if (point !== null && onHand <= BigInt(point))
      lowStock.push({ item, onHand: fromThousandths(onHand), reorderPoint: item.reorderPoint! });
  }
  lowStock.sort((a, b) => a.onHand - a.reorderPoint - (b.onHand - b.reorderPoint) || byText(a.item.label, b.item.label));

  const days = localDays(localDateOf(now, TIMEZONE), MOVEMENT_DAYS, TIMEZONE);
  const table = daysTable(db, days).toSQL();
  const result = await db.raw(
    `WITH ${table.sql} SELECT days.day AS day, m.movement_type AS movement_type, COUNT(DISTINCT m.submission_id) AS movements, ` +
      `SUM(CASE WHEN m.delta > 0 THEN m.delta ELSE 0 END) AS quantity_in, SUM(CASE WHEN m.delta < 0 THEN -m.delta ELSE 0 END) AS quantity_out ` +
      `FROM stock_moves m JOIN days ON m.created_at >= days.start_at AND m.created_at < days.end_at ` +
      `WHERE m.form_id = ? AND m.created_at >= ? AND m.created_at < ? GROUP BY days.day, m.movement_type ORDER BY days.day, m.movement_type`,
    [...table.bindings, form.id, days[0].start, days[days.length - 1].end],
  );
  const moveRows = (Array.isArray(result) ? result : result.rows) as Record<string, unknown>[];

  return {
    formId: form.id,
    timezone: TIMEZONE,
    levels,
    lowStock,
    movements: moveRows.map((r) => ({
      date: String(r.day),
      movementType: String(r.movement_type),
      movements: readInt(r.movements),
      quantityIn: fromThousandths(String(r.quantity_in ?? 0)),
      quantityOut: fromThousandths(String(r.quantity_out ?? 0)),
    })),
    value: {
      total: money(total),
      byZone: [...zoneValue.entries()]
        .map(([zoneId, milli]) => ({ zone: describeZone(ledger, zoneId, zones.get(zoneId)), value: money(milli) }))
        .sort((a, b) => byText(a.zone.label, b.zone.label)),
      unpriced,
    },
    computedAt: now.toISOString(),
  };
}

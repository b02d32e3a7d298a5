/**
 * Applying a movement to `stock_levels` and writing its stock card rows and `stock.moved` event,
 * inside the transaction that stores the movement's submission (migrations/007_inventory.ts).
 *
 * Every change to a level is one atomic statement that reads and writes the row together, so two
 * movements at once cannot both read the same old value: PostgreSQL locks the row for the first
 * and re-checks the second's condition against the committed value; SQLite has one writer. A count
 * must know the old value to record its difference, so it reads it under the row lock first.
 */
import type { Knex } from 'knex';
import type { JsonObject, User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { ConflictError } from '../../lib/errors.ts';
import { appendEvent } from '../../repositories/events.ts';
import { fromThousandths, type Leg, type Movement, type StockLedger } from './ledger.ts';

export interface LevelKey {
  formId: string;
  itemId: string;
  zoneId: string;
}

const where = (key: LevelKey) => ({ form_id: key.formId, item_id: key.itemId, zone_id: key.zoneId });
const isPostgres = (db: Knex) => db.client.config.client === 'pg';

/** Adds `delta` and returns the new on-hand; null (nothing changed) when that would go below zero and must not. */
async function addToLevel(
  trx: Knex.Transaction,
  key: LevelKey,
  delta: number,
  allowNegative: boolean,
  now: string,
): Promise<number | null> {
  if (delta < 0 && !allowNegative) {
    const rows = await trx('stock_levels')
      .where(where(key))
      .andWhereRaw('?? + ? >= 0', ['on_hand', delta])
      .update({ on_hand: trx.raw('?? + ?', ['on_hand', delta]), updated_at: now })
      .returning('on_hand');
    return rows.length ? Number(rows[0].on_hand) : null;
  }
  const [row] = await trx('stock_levels')
    .insert({ ...where(key), on_hand: delta, updated_at: now })
    .onConflict(['form_id', 'item_id', 'zone_id'])
    .merge({ on_hand: trx.raw('?? + ?', ['stock_levels.on_hand', delta]), updated_at: now })
    .returning('on_hand');
  return Number(row.on_hand);
}

/** Sets the level to `counted`; returns the difference from what it held. */
async function setLevel(trx: Knex.Transaction, key: LevelKey, counted: number, now: string): Promise<number> {
  await trx('stock_levels')
    .insert({ ...where(key), on_hand: 0, updated_at: now })
    .onConflict(['form_id', 'item_id', 'zone_id'])
    .ignore();
  const read = trx('stock_levels').where(where(key)).first('on_hand');
  // SQLite has one writer, so nothing can change the row between this read and the update.
  const before = Number((await (isPostgres(trx) ? read.forUpdate() : read)).on_hand);
  await trx('stock_levels').where(where(key)).update({ on_hand: counted, updated_at: now });
  return counted - before;
}

async function currentLevel(trx: Knex.Transaction, key: LevelKey): Promise<number> {
  const row = await trx('stock_levels').where(where(key)).first('on_hand');
  return row ? Number(row.on_hand) : 0;
}

/** A record's display text for a message: "Lemon tea (TEA-0042)", or its id when it has none. */
async function recordName(trx: Knex.Transaction, id: string, fields: string[]): Promise<string> {
  const row = await trx('submissions').where({ id }).first('data');
  const data = row ? readJson<JsonObject>(row.data) : {};
  const [main, ...more] = fields.map((f) => data[f]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (!main) return id;
  return more.length ? `${main} (${more.join(', ')})` : main;
}

async function insufficientStock(trx: Knex.Transaction, ledger: StockLedger, key: LevelKey, requested: number): Promise<ConflictError> {
  const onHand = fromThousandths(await currentLevel(trx, key));
  const wanted = fromThousandths(requested);
  const item = await recordName(trx, key.itemId, [ledger.itemFields.name, ledger.itemFields.sku]);
  const zone = ledger.zoneForm ? await recordName(trx, key.zoneId, [ledger.zoneFields.name, ledger.zoneFields.code]) : key.zoneId;
  return new ConflictError(
    'insufficient_stock',
    `Not enough stock: ${zone} holds ${onHand} of ${item}, and this movement takes ${wanted}. ` +
      'Check the quantity and the zone, or record the goods received (or a stock count) first.',
    { item: key.itemId, zone: key.zoneId, onHand, requested: wanted },
  );
}

export interface AppliedLeg {
  zone: string;
  /** Thousandths. */
  delta: number;
  balanceAfter: number;
}

export interface MovementWrite {
  ledger: StockLedger;
  movement: Movement;
  form: { id: string; appId: string };
  submissionId: string;
  user: User;
  now: string;
}

/**
 * Applies the movement's legs, refusing with 409 `insufficient_stock` (the caller's transaction
 * then rolls back the submission too), and writes one stock card row per leg and one event.
 */
export async function applyMovement(trx: Knex.Transaction, write: MovementWrite): Promise<AppliedLeg[]> {
  const { ledger, movement, form, now } = write;
  // Rows are locked in one order (by zone), so two transfers in opposite directions cannot deadlock.
  const legs = [...movement.legs].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  const applied: AppliedLeg[] = [];
  for (const leg of legs) {
    const key: LevelKey = { formId: form.id, itemId: movement.item, zoneId: leg.zone };
    const done = await applyLeg(trx, key, leg, ledger.allowNegativeStock, now);
    if (done === null) throw await insufficientStock(trx, ledger, key, -leg.delta!);
    applied.push({ zone: leg.zone, ...done });
    // After the level's lock, so `seq` follows the order the zone's moves were applied in.
    await trx('stock_moves').insert({
      form_id: form.id,
      submission_id: write.submissionId,
      item_id: movement.item,
      zone_id: leg.zone,
      movement_type: movement.kind,
      delta: done.delta,
      balance_after: done.balanceAfter,
      reference: movement.reference,
      created_by: write.user.id,
      created_at: now,
    });
  }
  const inOrder = movement.legs.map((leg) => applied.find((a) => a.zone === leg.zone)!);
  await appendEvent(trx, {
    type: 'stock.moved',
    appId: form.appId,
    formId: form.id,
    actorId: write.user.id,
    payload: {
      submissionId: write.submissionId,
      movementType: movement.kind,
      item: movement.item,
      quantity: fromThousandths(movement.quantity),
      reference: movement.reference,
      zones: inOrder.map((a) => ({ zone: a.zone, delta: fromThousandths(a.delta), onHand: fromThousandths(a.balanceAfter) })),
    },
  });
  return inOrder;
}

async function applyLeg(
  trx: Knex.Transaction,
  key: LevelKey,
  leg: Leg,
  allowNegative: boolean,
  now: string,
): Promise<{ delta: number; balanceAfter: number } | null> {
  if (leg.setTo !== undefined) return { delta: await setLevel(trx, key, leg.setTo, now), balanceAfter: leg.setTo };
  const balanceAfter = await addToLevel(trx, key, leg.delta, allowNegative, now);
  return balanceAfter === null ? null : { delta: leg.delta, balanceAfter };
}

/** Whether any stock card row comes from this submission (it then cannot be edited or deleted). */
export async function hasStockMoves(db: Knex | Knex.Transaction, submissionId: string): Promise<boolean> {
  return Boolean(await db('stock_moves').where({ submission_id: submissionId }).first('seq'));
}

import type { Knex } from 'knex';
import type { RowWrite } from './groupCommit.ts';
import { readInt } from './dialect.ts';

/** One counter of an auto-number field: see migrations/002_number_sequences.ts. */
export interface SequenceKey {
  formId: string;
  /** JSON Pointer of the field in the submission data, e.g. `/ref`. */
  field: string;
  /** '' for a counter that never resets, else the period it counts in ('2026', '2026-03'). */
  period: string;
}

/**
 * A write whose rows depend on numbers taken from counters: `build` gets the next value of each
 * counter (in the order of `sequences`) and returns the rows, claim included, to store with them.
 */
export interface NumberedWrite {
  sequences: SequenceKey[];
  build(values: number[]): RowWrite;
  /**
   * Runs in the same transaction after the rows are inserted (stock on-hand updates, say); a throw
   * rolls everything back, claim and counters included. Writes that need it go this way even
   * without counters (`sequences: []`).
   */
  after?(trx: Knex.Transaction): Promise<void>;
}

export function isNumberedWrite(write: RowWrite | NumberedWrite): write is NumberedWrite {
  return 'sequences' in write;
}

/**
 * Increments a counter and returns its new value, creating it at 1. Both databases run this as one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING`; on PostgreSQL the row stays locked until the
 * transaction ends, so a concurrent writer of the same counter waits and then sees the committed
 * value (or the old one again if this transaction rolled back).
 */
export async function nextSequenceValue(trx: Knex.Transaction, key: SequenceKey): Promise<number> {
  const [row] = await trx('number_sequences')
    .insert({ form_id: key.formId, field: key.field, period: key.period, last_value: 1 })
    .onConflict(['form_id', 'field', 'period'])
    .merge({ last_value: trx.raw('?? + 1', ['number_sequences.last_value']) })
    .returning('last_value');
  return readInt((row as { last_value: unknown }).last_value);
}

const keyOrder = (a: SequenceKey, b: SequenceKey) =>
  a.formId.localeCompare(b.formId) || a.field.localeCompare(b.field) || a.period.localeCompare(b.period);

/**
 * Numbered writes do not take the fast paths (group commit, one-statement CTE): the rows can only
 * be built once the numbers are known, and a number must be given back if anything after it fails.
 * So: one ordinary transaction — take the numbers, build the rows, insert the claim and the rows —
 * all or nothing. A claim that exists already fails its insert (a unique violation, as on the fast
 * path), which rolls the counters back too. Counters are taken in a fixed order so two writers that
 * need the same ones cannot deadlock. On SQLite this queues on the one writer connection with the
 * group commits, so writers stay serialized.
 */
export async function writeNumbered(knex: Knex, write: NumberedWrite): Promise<void> {
  await knex.transaction(async (trx) => {
    const order = write.sequences.map((key, i) => ({ key, i })).sort((a, b) => keyOrder(a.key, b.key));
    const values = new Array<number>(write.sequences.length);
    for (const { key, i } of order) values[i] = await nextSequenceValue(trx, key);
    const { claim, rows } = write.build(values);
    if (claim) await trx(claim.table).insert(claim.row);
    for (const [table, row] of rows) await trx(table).insert(row);
    await write.after?.(trx);
  });
}

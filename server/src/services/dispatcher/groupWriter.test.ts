import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupWriter } from './groupWriter.ts';

describe('group writer', () => {
  let db: Knex;
  let transactions = 0;
  beforeAll(async () => {
    db = knexFactory({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
    await db.schema.createTable('rows', (t) => {
      t.string('id').primary();
    });
    db.on('query', (q: { sql: string }) => {
      if (/^begin/i.test(q.sql)) transactions++;
    });
  });
  afterAll(() => db.destroy());

  it('writes what is queued together in one transaction and answers each caller', async () => {
    const writer = createGroupWriter(db);
    transactions = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        writer.write(async (trx) => {
          await trx('rows').insert({ id: `a${i}` });
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(await db('rows').count({ n: '*' })).toEqual([{ n: 10 }]);
    // The first write starts a transaction at once; the nine queued behind it share the next.
    expect(transactions).toBeGreaterThanOrEqual(1);
    expect(transactions).toBeLessThanOrEqual(2);
  });

  it('keeps the good writes of a group when one fails, and fails only that one', async () => {
    const writer = createGroupWriter(db);
    const outcomes = await Promise.allSettled([
      writer.write((trx) => trx('rows').insert({ id: 'b1' })),
      writer.write((trx) => trx('rows').insert({ id: 'a0' })), // taken: unique violation
      writer.write((trx) => trx('rows').insert({ id: 'b2' })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db('rows').whereIn('id', ['b1', 'b2']).select('id')).map((r) => r.id).sort()).toEqual(['b1', 'b2']);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from './connect.ts';

/**
 * Two servers (or a server and a CLI) on one SQLite file: a transaction that reads, then writes after
 * the other wrote, used to fail at once with SQLITE_BUSY; its write lock is now taken at BEGIN, so the
 * other writer waits its turn (busy_timeout) and both land.
 */
describe('SQLite write transactions across connections to one file', () => {
  let dir: string;
  let first: Database;
  let second: Database;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-immediate-'));
    first = connectDatabase({ databaseUrl: null, dataDir: dir });
    second = connectDatabase({ databaseUrl: null, dataDir: dir });
    await first.knex.schema.createTable('entries', (t) => t.integer('n'));
  });
  afterEach(async () => {
    await first.close();
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a read-then-write transaction and another connection’s write both commit', async () => {
    let otherWrite: Promise<unknown> | null = null;
    await first.knex.transaction(async (trx) => {
      const before = await trx('entries').count({ n: '*' }).first();
      expect(Number(before!.n)).toBe(0);
      otherWrite = second
        .knex('entries')
        .insert({ n: 2 })
        .then(() => 'written'); // started now, not when awaited
      await new Promise((resolve) => setTimeout(resolve, 100));
      await trx('entries').insert({ n: 1 });
    });
    expect(await otherWrite).toBe('written');
    const rows = await first.knex('entries').orderBy('n').pluck('n');
    expect(rows).toEqual([1, 2]);
  });

  it('readers still read while a write transaction is open', async () => {
    await first.knex('entries').insert({ n: 7 });
    await first.knex.transaction(async (trx) => {
      await trx('entries').insert({ n: 8 });
      expect(await second.reader('entries').pluck('n')).toEqual([7]);
    });
  });
});

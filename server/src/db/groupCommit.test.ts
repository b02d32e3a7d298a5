import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from './connect.ts';
import { ClaimTakenError } from './groupCommit.ts';

describe('SQLite group commit', () => {
  let db: Database;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-gc-'));
    db = connectDatabase({ databaseUrl: null, dataDir: dir });
    await db.knex.schema.createTable('parents', (t) => t.string('id').primary());
    await db.knex.schema.createTable('claims', (t) => {
      t.string('owner');
      t.string('key');
      t.primary(['owner', 'key']);
    });
    await db.knex.schema.createTable('rows', (t) => {
      t.string('id').primary();
      t.string('parent_id').references('parents.id');
    });
    await db.knex('parents').insert({ id: 'p' });
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: string) => Number((await db.knex(table).count({ n: '*' }).first())!.n);
  const claim = (key: string) => ({ table: 'claims', key: ['owner', 'key'], row: { owner: 'u', key } });

  it('commits concurrent writes, all of them, and each one once', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => db.writeRows({ rows: [['rows', { id: `r${i}`, parent_id: 'p' }]], claim: claim(`k${i}`) })),
    );
    expect(await count('rows')).toBe(200);
    expect(await count('claims')).toBe(200);
  });

  it('lets exactly one of many same-key writes win, in one group or across groups', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => db.writeRows({ rows: [['rows', { id: `dup${i}`, parent_id: 'p' }]], claim: claim('same') })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ClaimTakenError);
    expect(await count('rows')).toBe(1);
  });

  it('isolates a failing write: the others in its group still commit, it leaves nothing', async () => {
    const writes = Array.from({ length: 10 }, (_, i) =>
      db.writeRows({ rows: [['rows', { id: `w${i}`, parent_id: i === 4 ? 'missing-parent' : 'p' }]], claim: claim(`c${i}`) }),
    );
    const results = await Promise.allSettled(writes);
    expect(results[4].status).toBe('rejected');
    expect(String((results[4] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
    expect(await count('rows')).toBe(9);
    expect(await db.knex('claims').where({ key: 'c4' }).first()).toBeUndefined();
  });

  it('reads go to a pool that refuses writes', async () => {
    await expect(db.reader('parents').insert({ id: 'x' })).rejects.toThrow(/readonly|query_only|attempt to write/i);
    expect(await db.reader('parents').count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('uses WAL with synchronous=FULL and a busy timeout', async () => {
    expect((await db.knex.raw('PRAGMA journal_mode'))[0].journal_mode).toBe('wal');
    expect((await db.knex.raw('PRAGMA synchronous'))[0].synchronous).toBe(2); // FULL
    expect((await db.knex.raw('PRAGMA busy_timeout'))[0].timeout).toBeGreaterThanOrEqual(5000);
    expect((await db.knex.raw('PRAGMA foreign_keys'))[0].foreign_keys).toBe(1);
  });
});

/**
 * knex's SQLite client with write transactions that start with BEGIN IMMEDIATE.
 *
 * knex begins with a plain (deferred) BEGIN. A deferred transaction that reads before it writes — an
 * audit entry reading the chain's last hash, an upsert after a check — must upgrade its read lock
 * when it first writes; if another connection (a second server or a CLI on the same file) wrote
 * meanwhile, SQLite answers SQLITE_BUSY at once, without waiting busy_timeout, because waiting could
 * deadlock. BEGIN IMMEDIATE takes the write lock up front, where busy_timeout does wait, so writers
 * queue instead of failing. (In one process the single writer connection already serializes them.)
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);
// Internal modules of knex 3 (no exports map): the stock client and its transaction, to extend.
const Sqlite3Client = require('knex/lib/dialects/sqlite3/index.js') as new (config: Knex.Config) => object;
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as new (...args: unknown[]) => {
  query(conn: unknown, sql: string): Promise<unknown>;
};

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown) {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class ImmediateSqlite3Client extends Sqlite3Client {
  transaction(...args: unknown[]) {
    return new ImmediateTransaction(this, ...args);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { GroupCommitter, type RowWrite } from './groupCommit.ts';
import { ImmediateSqlite3Client } from './sqliteImmediate.ts';
import { insertRowsInOneStatement } from './dialect.ts';
import { isNumberedWrite, writeNumbered, type NumberedWrite } from './sequences.ts';

export type Dialect = 'sqlite' | 'postgres';
export interface Database {
  knex: Knex;
  /**
   * For hot-path reads. On SQLite a separate read-only pool: WAL lets readers run beside the one
   * writer, so lookups of the next requests are not queued behind the current commit's fsync.
   */
  reader: Knex;
  dialect: Dialect;
  /**
   * Inserts rows all-or-nothing, durably, in as few round trips as the database allows (one
   * statement on PostgreSQL, group commit on SQLite). When the claim row exists already, nothing
   * is written and it throws (ClaimTakenError, or a unique violation on PostgreSQL).
   * A NumberedWrite (auto-number fields) goes through one ordinary transaction instead, on both
   * databases (see sequences.ts); a taken claim throws a unique violation there.
   */
  writeRows(write: RowWrite | NumberedWrite): Promise<void>;
  close(): Promise<void>;
}

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;
export const SQLITE_READERS = 3;

/**
 * SQLite: WAL with synchronous=FULL so a commit acknowledged to the client is on disk before the
 * 201 leaves (NORMAL would survive a process crash but not a power loss). One pooled connection
 * per process serializes writers in-process; busy_timeout covers other processes (its transactions
 * begin IMMEDIATE, so a read-then-write transaction waits its turn instead of failing with SQLITE_BUSY).
 */
export function connectDatabase(opts: { databaseUrl: string | null; dataDir: string }): Database {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pg = knex({ client: 'pg', connection: opts.databaseUrl, pool: { min: 0, max: 10 } });
    return {
      dialect: 'postgres',
      knex: pg,
      reader: pg,
      writeRows: (write) =>
        isNumberedWrite(write)
          ? writeNumbered(pg, write)
          : insertRowsInOneStatement(pg, write.claim ? [[write.claim.table, write.claim.row], ...write.rows] : write.rows),
      close: () => pg.destroy(),
    };
  }
  if (opts.databaseUrl && !opts.databaseUrl.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got ${opts.databaseUrl.split(':')[0]}:)`);
  }
  const filename = opts.databaseUrl ? opts.databaseUrl.replace(/^sqlite:(\/\/)?/, '') : path.join(opts.dataDir, 'formloom.sqlite');
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const pragmas = `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`;
  const sqliteKnex = (poolSize: number, client: string | typeof Knex.Client, extraPragmas = '') =>
    knex({
      client,
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: poolSize,
        afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          conn.exec(pragmas + extraPragmas, (err) => done(err, conn));
        },
      },
    });
  // One writer connection (SQLite has one writer anyway); readers refuse writes by construction.
  // Its transactions take the write lock when they begin (see sqliteImmediate.ts).
  const sqlite = sqliteKnex(1, ImmediateSqlite3Client as unknown as typeof Knex.Client);
  const reader = sqliteKnex(SQLITE_READERS, 'sqlite3', ' PRAGMA query_only = ON;');
  const committer = new GroupCommitter(sqlite);
  return {
    dialect: 'sqlite',
    knex: sqlite,
    reader,
    writeRows: (write) => (isNumberedWrite(write) ? writeNumbered(sqlite, write) : committer.write(write)),
    close: async () => {
      await reader.destroy();
      await sqlite.destroy();
    },
  };
}

/** Any constant: the PostgreSQL advisory lock that serializes servers starting at the same time. */
const STARTUP_LOCK_KEY = 0x466f726d; // "Form"

/**
 * Several servers sharing one PostgreSQL database may start at once (a rolling deploy): migrations
 * and first-start set-up run under a transaction-scoped advisory lock, one server after another.
 * SQLite is one server's file; there the work simply runs.
 */
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.dialect !== 'postgres') return work();
  return database.knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [STARTUP_LOCK_KEY]);
    return work();
  });
}

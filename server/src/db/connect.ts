import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';
export interface Database {
  knex: Knex;
  dialect: Dialect;
}

export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite: WAL with synchronous=FULL so a commit acknowledged to the client is on disk before the
 * 201 leaves (NORMAL would survive a process crash but not a power loss). One pooled connection
 * per process serializes writers in-process; busy_timeout covers other processes.
 */
export function connectDatabase(opts: { databaseUrl: string | null; dataDir: string }): Database {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    return {
      dialect: 'postgres',
      knex: knex({ client: 'pg', connection: opts.databaseUrl, pool: { min: 0, max: 10 } }),
    };
  }
  if (opts.databaseUrl && !opts.databaseUrl.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with postgres:// or sqlite: (got ${opts.databaseUrl.split(':')[0]}:)`);
  }
  const filename = opts.databaseUrl
    ? opts.databaseUrl.replace(/^sqlite:(\/\/)?/, '')
    : path.join(opts.dataDir, 'formloom.sqlite');
  fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return {
    dialect: 'sqlite',
    knex: knex({
      client: 'sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
          conn.exec(
            `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`,
            (err) => done(err, conn),
          );
        },
      },
    }),
  };
}

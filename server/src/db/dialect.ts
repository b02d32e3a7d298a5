import type { Knex } from 'knex';
import type { Dialect } from './connect.ts';

/** Everything that differs between SQLite and PostgreSQL lives here. */

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/.test(e.message ?? ''));
}

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
export function readJson<T = Record<string, unknown>>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function readInt(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function dialectLabel(d: Dialect): 'sqlite' | 'postgres' {
  return d;
}

export type RowInsert = readonly [table: string, row: Record<string, unknown>];

/**
 * PostgreSQL: several rows all-or-nothing in ONE statement (data-modifying CTEs), so a hot write
 * costs one round trip instead of BEGIN + n INSERTs + COMMIT. The claim row goes first; if it
 * exists already the statement fails with a unique violation and nothing is written.
 */
export async function insertRowsInOneStatement(db: Knex, rows: RowInsert[]): Promise<void> {
  if (rows.length === 1) {
    await db(rows[0][0]).insert(rows[0][1]);
    return;
  }
  const parts = rows.map(([table, row]) => db(table).insert(row).toSQL());
  const last = parts.pop()!;
  const sql = `WITH ${parts.map((p, i) => `w${i} AS (${p.sql})`).join(', ')} ${last.sql}`;
  await db.raw(sql, [...parts.flatMap((p) => p.bindings), ...last.bindings] as Knex.RawBinding[]);
}

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

const isPostgres = (db: Knex) => db.client.config.client === 'pg';

/** `\`, `%` and `_` match themselves in a LIKE pattern written with ESCAPE '\'. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Narrows `query` to rows whose JSON `column` has a top-level `key` containing `needle`, ignoring
 * case: json_extract + LIKE on SQLite (which folds ASCII letters only), ->> + ILIKE on PostgreSQL
 * (which folds every alphabet). Numbers match by their text (`12.5`); Chinese has no case.
 */
export function whereJsonFieldContains<Q extends Knex.QueryBuilder>(db: Knex, query: Q, column: string, key: string, needle: string): Q {
  const pattern = `%${likeLiteral(needle)}%`;
  if (isPostgres(db)) return query.whereRaw(`(?? ->> ?) ILIKE ? ESCAPE '\\'`, [column, key, pattern]) as Q;
  // A JSON path label cannot hold a double quote or control characters; such a key matches nothing.
  if ([...key].some((c) => c === '"' || c.charCodeAt(0) < 0x20)) return query.whereRaw('1 = 0') as Q;
  return query.whereRaw(`json_extract(??, ?) LIKE ? ESCAPE '\\'`, [column, `$."${key}"`, pattern]) as Q;
}

/**
 * The text of a top-level `key` of the JSON `column`, for exact comparisons: a string as it is, a
 * number or boolean as written (`12.5`, `true`), anything else (object, array, null, absent) NULL.
 * PostgreSQL's ->> already gives that text; SQLite's json_extract gives SQL values (true → 1), so
 * its booleans are spelled out.
 */
export function jsonFieldText(db: Knex, column: string, key: string): Knex.Raw {
  if (isPostgres(db)) {
    return db.raw(`CASE WHEN jsonb_typeof(?? -> ?) IN ('string', 'number', 'boolean') THEN ?? ->> ? END`, [column, key, column, key]);
  }
  if ([...key].some((c) => c === '"' || c.charCodeAt(0) < 0x20)) return db.raw('NULL');
  const path = `$."${key}"`;
  return db.raw(
    `CASE json_type(??, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'text' THEN json_extract(??, ?) ` +
      `WHEN 'integer' THEN CAST(json_extract(??, ?) AS TEXT) WHEN 'real' THEN CAST(json_extract(??, ?) AS TEXT) END`,
    [column, path, column, path, column, path, column, path],
  );
}

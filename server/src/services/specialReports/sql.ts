/**
 * The JSON predicates the special reports group by, on both databases: `s.data` is jsonb on
 * PostgreSQL and JSON text on SQLite. Field keys are bound (never spliced) and checked against the
 * form's schema before they get here; SQLite paths cannot carry a double quote, so such a key is refused.
 */
import type { Knex } from 'knex';

export const isPostgres = (db: Knex) => db.client.config.client === 'pg';

export interface SqlPart {
  sql: string;
  bindings: Knex.RawBinding[];
}

const sqlitePath = (key: string) => {
  if ([...key].some((c) => c === '"' || c.charCodeAt(0) < 0x20)) throw new Error(`unusable field key ${JSON.stringify(key)}`);
  return `$."${key}"`;
};

/** The submission's number at `key` is at or above `threshold` (false for a missing or non-number value). */
export function numberAtLeast(db: Knex, key: string, threshold: number): SqlPart {
  if (isPostgres(db)) {
    return { sql: `(jsonb_typeof(s.data -> ?) = 'number' AND (s.data ->> ?)::numeric >= ?)`, bindings: [key, key, threshold] };
  }
  const path = sqlitePath(key);
  return { sql: `(json_type(s.data, ?) IN ('integer', 'real') AND json_extract(s.data, ?) >= ?)`, bindings: [path, path, threshold] };
}

/**
 * The submission's choice(s) at `key` hold anything but `none`: for a multi-select any element
 * other than it, for a single choice a value other than it; false when missing or empty.
 */
export function anyChoiceBut(db: Knex, key: string, none: string): SqlPart {
  if (isPostgres(db)) {
    return {
      sql:
        `(CASE jsonb_typeof(s.data -> ?) WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(s.data -> ?) AS e(v) WHERE e.v <> ?) ` +
        `WHEN 'string' THEN (s.data ->> ?) <> ? ELSE false END)`,
      bindings: [key, key, none, key, none],
    };
  }
  const path = sqlitePath(key);
  return {
    sql:
      `(CASE json_type(s.data, ?) WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(s.data, ?) AS e WHERE e.value <> ?) ` +
      `WHEN 'text' THEN json_extract(s.data, ?) <> ? ELSE 0 END)`,
    bindings: [path, path, none, path, none],
  };
}

/** Hours between two ISO timestamp columns (text), as a double. */
export function hoursBetween(db: Knex, fromColumn: string, toColumn: string): string {
  return isPostgres(db)
    ? `(EXTRACT(EPOCH FROM (CAST(${toColumn} AS timestamptz) - CAST(${fromColumn} AS timestamptz))) / 3600.0)`
    : `((julianday(${toColumn}) - julianday(${fromColumn})) * 24.0)`;
}

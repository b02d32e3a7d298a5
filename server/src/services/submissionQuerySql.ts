/**
 * The SQL a data view compiles to, for SQLite and PostgreSQL side by side (the JSON functions are
 * where the two differ most). Each piece is `[sql, bindings]` for knex's whereRaw / orderByRaw;
 * values and field keys are always bindings. Queries alias submissions as `s` and the submitter as `u`.
 */
import type { Knex } from 'knex';
import type { FieldKind, FilterOp, SUBMISSION_META_FIELDS } from '@formloom/schemas';

type Bindings = readonly Knex.Value[];
export type SqlPiece = [sql: string, bindings: Bindings];

/** A value to compare or sort by. Container kinds (list, table, object) have no scalar `sql`; only their key. */
export interface ValueSql {
  kind: FieldKind;
  sql: string;
  bindings: Bindings;
  /** Meta columns (created, updated) always hold a value; fields and the submitter's name may not. */
  nullable: boolean;
  key?: string;
  /** The raw expression for a select list. */
  expr: Knex.Raw;
}

/** Top-level keys a search leaves out, except in the rows `unlessCreatedBy` submitted. */
export interface SearchSkip {
  keys: readonly string[];
  unlessCreatedBy: string;
}

interface Condition {
  op: FilterOp;
  value?: unknown;
}

const ESCAPE = `ESCAPE '\\'`;
/** `\`, `%` and `_` match themselves in a LIKE pattern written with ESCAPE '\'. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface DialectSql {
  like: 'LIKE' | 'ILIKE';
  scalar(key: string, kind: FieldKind): SqlPiece;
  listContains(key: string, value: unknown): SqlPiece;
  arrayEmpty(key: string): SqlPiece;
  objectEmpty(key: string): SqlPiece;
  /** Some text or number anywhere in `data` (an expression for the row's data) contains `text`, ignoring case (values, not keys). */
  dataContains(text: string, data: SqlPiece): SqlPiece;
  /** The row's data without the top-level `keys`. */
  dataWithout(keys: readonly string[]): SqlPiece;
  /** Keeps the planner from inlining a subquery (and so working out its expressions again per use). */
  fence: string;
}

const postgres: DialectSql = {
  like: 'ILIKE',
  scalar: (key, kind) =>
    kind === 'number'
      ? [`(CASE WHEN jsonb_typeof(s.data -> ?) = 'number' THEN (s.data ->> ?)::numeric END)`, [key, key]]
      : [`(CASE WHEN jsonb_typeof(s.data -> ?) IN ('string', 'number', 'boolean') THEN s.data ->> ? END)`, [key, key]],
  listContains: (key, value) => [`COALESCE((s.data -> ?) @> ?::jsonb, false)`, [key, JSON.stringify([value])]],
  arrayEmpty: (key) => [
    `COALESCE(jsonb_array_length(CASE WHEN jsonb_typeof(s.data -> ?) = 'array' THEN s.data -> ? END), 0) = 0`,
    [key, key],
  ],
  objectEmpty: (key) => [`COALESCE(s.data -> ?, 'null'::jsonb) IN ('null'::jsonb, '{}'::jsonb)`, [key]],
  // One jsonpath walk with a literal ("q"), case-blind ("i") regex over the strings; the search text is a
  // JSON string literal inside the bound path, never SQL. Numbers have no text in jsonpath (before
  // PostgreSQL 17), so they are looked at only when the search could be part of a number.
  dataContains: (text, [data, dataBindings]) => {
    const strings = `strict $.** ? (@.type() == "string" && @ like_regex ${JSON.stringify(text)} flag "iq")`;
    if (!NUMBER_PART.test(text)) return [`jsonb_path_exists(${data}, ?::jsonpath)`, [...dataBindings, strings]];
    return [
      `(jsonb_path_exists(${data}, ?::jsonpath) OR EXISTS (SELECT 1 FROM jsonb_path_query(${data}, ?::jsonpath) AS v(x) WHERE x::text LIKE ?))`,
      [...dataBindings, strings, ...dataBindings, 'strict $.** ? (@.type() == "number")', containsPattern(text)],
    ];
  },
  dataWithout: (keys) => [`(s.data${keys.map(() => ' - ?::text').join('')})`, keys],
  fence: 'OFFSET 0',
};

/** Text that can be part of a number as JSON writes it (12.5, -3, 1e21). */
const NUMBER_PART = /^[-+.\deE]+$/;

/** SQLite addresses a key through a JSON path label, `$."key"`. */
const path = (key: string) => `$."${key}"`;

const sqlite: DialectSql = {
  // SQLite's LIKE folds ASCII letters only; Chinese has no case, so search still works for it.
  like: 'LIKE',
  scalar: (key, kind) =>
    kind === 'number'
      ? [`(CASE WHEN json_type(s.data, ?) IN ('integer', 'real') THEN json_extract(s.data, ?) END)`, [path(key), path(key)]]
      : [
          `(CASE json_type(s.data, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'text' THEN json_extract(s.data, ?) ` +
            `WHEN 'integer' THEN CAST(json_extract(s.data, ?) AS TEXT) WHEN 'real' THEN CAST(json_extract(s.data, ?) AS TEXT) END)`,
          [path(key), path(key), path(key), path(key)],
        ],
  listContains: (key, value) => [
    `EXISTS (SELECT 1 FROM json_each(s.data, ?) AS e WHERE e.type NOT IN ('object', 'array') AND e.value = ?)`,
    [path(key), typeof value === 'boolean' ? Number(value) : (value as Knex.Value)],
  ],
  arrayEmpty: (key) => [`COALESCE(json_array_length(s.data, ?), 0) = 0`, [path(key)]],
  objectEmpty: (key) => [`(COALESCE(json_type(s.data, ?), 'null') = 'null' OR json_extract(s.data, ?) = '{}')`, [path(key), path(key)]],
  dataContains: (text, [data, dataBindings]) => [
    `EXISTS (SELECT 1 FROM json_tree(${data}) AS t WHERE t.type IN ('text', 'integer', 'real') AND t.atom LIKE ? ${ESCAPE})`,
    [...dataBindings, containsPattern(text)],
  ],
  dataWithout: (keys) => [`json_remove(s.data, ${keys.map(() => '?').join(', ')})`, keys.map(path)],
  fence: 'LIMIT -1',
};

const META_SQL: Record<keyof typeof SUBMISSION_META_FIELDS, { sql: string; nullable: boolean; kind: FieldKind }> = {
  createdAt: { sql: 's.created_at', nullable: false, kind: 'datetime' },
  updatedAt: { sql: 's.updated_at', nullable: false, kind: 'datetime' },
  // The submitter's account may be gone (SET NULL), so the name may be missing.
  createdBy: { sql: 'u.name', nullable: true, kind: 'text' },
  status: { sql: 's.status', nullable: false, kind: 'text' },
};

const COMPARE: Partial<Record<FilterOp, string>> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function forDialect(db: Knex) {
  const d = db.client.config.client === 'pg' ? postgres : sqlite;
  const value = (kind: FieldKind, [sql, bindings]: SqlPiece, nullable: boolean, key?: string): ValueSql => ({
    kind,
    sql,
    bindings,
    nullable,
    key,
    expr: db.raw(sql, bindings as Knex.Value[]),
  });

  function emptyTest(v: ValueSql): SqlPiece {
    if (v.kind === 'list' || v.kind === 'table') return d.arrayEmpty(v.key!);
    if (v.kind === 'object') return d.objectEmpty(v.key!);
    if (v.kind === 'number') return [`${v.sql} IS NULL`, v.bindings];
    return [`(${v.sql} IS NULL OR ${v.sql} = '')`, [...v.bindings, ...v.bindings]];
  }

  return {
    metaValue(name: keyof typeof META_SQL): ValueSql {
      const meta = META_SQL[name];
      return value(meta.kind, [meta.sql, []], meta.nullable);
    },
    dataValue(key: string, kind: FieldKind): ValueSql {
      const scalar = kind === 'list' || kind === 'table' || kind === 'object' ? (['NULL', []] as SqlPiece) : d.scalar(key, kind);
      return value(kind, scalar, true, key);
    },

    /**
     * Any value of the data, or the submitter's name, contains `text` (ignoring case). With `skip`, the
     * sensitive fields the caller may not see are taken out of the data before it is searched (except in
     * their own records), so a value there never makes a row match.
     */
    search(text: string, skip?: SearchSkip): SqlPiece {
      const data: SqlPiece = skip?.keys.length
        ? (() => {
            const [without, withoutBindings] = d.dataWithout(skip.keys);
            return [`(CASE WHEN s.created_by = ? THEN s.data ELSE ${without} END)`, [skip.unlessCreatedBy, ...withoutBindings]];
          })()
        : ['s.data', []];
      const [dataSql, dataBindings] = d.dataContains(text, data);
      return [`(${dataSql} OR u.name ${d.like} ? ${ESCAPE})`, [...dataBindings, containsPattern(text)]];
    },

    /**
     * `query` (which selects `sort_value`) as a subquery `r`, so the sort value is worked out once
     * per row rather than again in the ORDER BY and each term of the keyset WHERE.
     */
    sortedOnce(query: Knex.QueryBuilder, v: ValueSql): { from: Knex.Raw; value: ValueSql; id: string } {
      const inner = query.toSQL();
      return {
        from: db.raw(`(${inner.sql} ${d.fence}) as r`, inner.bindings as Knex.Value[]),
        value: { ...v, sql: 'r.sort_value', bindings: [], expr: db.raw('r.sort_value') },
        id: 'r.id',
      };
    },

    /** A checked filter condition (ops already fit the kind, values normalized). */
    condition(v: ValueSql, { op, value: operand }: Condition): SqlPiece {
      const b = v.bindings;
      switch (op) {
        case 'empty':
          return emptyTest(v);
        case 'notEmpty': {
          const [sql, bindings] = emptyTest(v);
          return [`NOT (${sql})`, bindings];
        }
        case 'contains':
          if (v.kind === 'list') return d.listContains(v.key!, operand);
          return [`${v.sql} ${d.like} ? ${ESCAPE}`, [...b, containsPattern(String(operand))]];
        case 'ne':
          // "Not X" includes the rows with no value at all, as a person reading the table expects.
          return [`(${v.sql} IS NULL OR ${v.sql} <> ?)`, [...b, ...b, operand as Knex.Value]];
        case 'between': {
          const [low, high] = operand as Knex.Value[];
          return [`(${v.sql} >= ? AND ${v.sql} <= ?)`, [...b, low, ...b, high]];
        }
        case 'in': {
          const values = operand as Knex.Value[];
          return [`${v.sql} IN (${values.map(() => '?').join(', ')})`, [...b, ...values]];
        }
        default:
          return [`${v.sql} ${COMPARE[op]} ?`, [...b, operand as Knex.Value]];
      }
    },

    /** Missing values sort last in both directions; ties by id in the same direction. */
    orderBy(v: ValueSql, descending: boolean, idColumn = 's.id'): SqlPiece {
      const dir = descending ? 'DESC' : 'ASC';
      if (!v.nullable) return [`${v.sql} ${dir}, ${idColumn} ${dir}`, v.bindings];
      return [`(${v.sql} IS NULL) ASC, ${v.sql} ${dir}, ${idColumn} ${dir}`, [...v.bindings, ...v.bindings]];
    },

    /** Rows after (value, id) in the order orderBy gives. */
    after(v: ValueSql, descending: boolean, last: Knex.Value | null, id: string, idColumn = 's.id'): SqlPiece {
      const op = descending ? '<' : '>';
      const b = v.bindings;
      // Row values let both databases walk the (form_id, created_at, id) index.
      if (!v.nullable) return [`(${v.sql}, ${idColumn}) ${op} (?, ?)`, [...b, last, id]];
      if (last === null) return [`(${v.sql} IS NULL AND ${idColumn} ${op} ?)`, [...b, id]];
      return [`(${v.sql} IS NULL OR ${v.sql} ${op} ? OR (${v.sql} = ? AND ${idColumn} ${op} ?))`, [...b, ...b, last, ...b, last, id]];
    },
  };
}

export const submissionSql = {
  for: forDialect,
  /** SQLite's JSON path labels cannot hold a double quote or control characters. */
  addressable: (key: string) => ![...key].some((c) => c === '"' || c.charCodeAt(0) < 0x20),
};

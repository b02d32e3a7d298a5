/**
 * Report columns: for the fields reports read, SQLite gets generated columns with a covering index
 * and PostgreSQL jsonb expression indexes, made when a form version is published, so aggregation
 * reads an index instead of parsing every submission's JSON.
 *
 * The query compiler (./query) asks `reportColumnsOf` for a form and uses `sqlFor(key, kind)`
 * instead of its own json_extract expression when it returns one. Each column holds exactly the
 * value of submissionQuerySql's `scalar(key, kind)`, so a report reads the same with or without them.
 *
 * SQLite: a VIRTUAL generated column per distinct (key, kind), shared by every form that has it
 * (adding one rewrites no rows), and per form ONE partial index (form_id, its columns…, created_at,
 * created_by, status, deleted_at) WHERE form_id = '<id>', from which a grouped count/sum/avg is
 * answered without reading the table. Partial, so an insert updates its own form's index only (a full
 * index per form made every insert update every form's index). SQLite matches a partial index only
 * against a literal `form_id = '<id>'`, not the compiler's bound `form_id = ?`, so `formCondition`
 * hands the compiler that literal (the id read from the forms table and checked to be [A-Za-z0-9_-]).
 * Table scans of other kinds are unaffected.
 * PostgreSQL: a partial expression index per grouped/filtered field (`WHERE form_id = '<id>'`, so
 * only the form's own rows pay for it; numbers and free text get none) plus expression statistics
 * (how many groups to expect, which decides hash vs sort); its planner matches the compiler's expression itself (parameters are
 * constants in the custom plan of an unnamed statement), so `sqlFor` answers undefined there.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { fieldKindOf } from '@formloom/schemas';
import { nowIso, readJson } from '../../db/dialect.ts';
import type { Db } from '../../repositories/types.ts';

export interface ReportColumnSet {
  /** SQL (on the alias `s` for submissions) reading the stored value of a top-level field, or undefined to extract it from the JSON. */
  sqlFor(key: string, kind: 'number' | 'text'): string | undefined;
  /** SQLite: the literal `s.form_id = '<id>'` that lets the planner use the form's partial report index. */
  formCondition?: string;
}

export type ReportColumnKind = 'number' | 'text';
export interface ReportField {
  key: string;
  kind: ReportColumnKind;
  /** Reports group and filter by these; numbers are mostly added up, which an index of their own does not speed. */
  filtered: boolean;
}

export const REPORT_COLUMN_LIMITS = {
  /** Fields of one form that get a column / an index (choices and numbers first). */
  perForm: 16,
  /** Generated columns of `submissions` in all (SQLite); a new field past this is read from the JSON. */
  columns: 400,
  /** Forms with a covering index (SQLite): partial, so an insert updates only its own form's, but each is planned and stored. */
  sqliteIndexes: 256,
  /**
   * Expression indexes per form (PostgreSQL), grouped/filtered fields only: each insert opens and checks
   * every index on the table, measured at about half the submission rate with 66 (11 forms × 6 fields).
   */
  postgresPerForm: 8,
} as const;

/** Submission columns the SQLite covering index carries after the fields: date buckets, "own only", status, live rows. */
const META_COLUMNS = ['created_at', 'created_by', 'status', 'deleted_at'];

const NONE: ReportColumnSet = { sqlFor: () => undefined };
const isPostgres = (db: Knex | Db) => db.client.config.client === 'pg';
const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);
const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Keys that can be written into DDL as a string literal (DDL takes no bindings) and addressed by a JSON path. */
const usableKey = (key: string) => key.length > 0 && key.length <= 200 && ![...key].some((c) => c === '"' || c.charCodeAt(0) < 0x20);
/** Our ids are UUIDv7; anything else is never written into DDL. */
const usableFormId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

// ---------------------------------------------------------------------------------------------
// Which fields get a column.

/** Field types whose values reports group, filter or add up, most useful first; long text, files and ids are left out. */
const PRIORITY: Record<string, number> = {
  select: 0,
  radio: 0,
  yesno: 0,
  checkbox: 0,
  rating: 0,
  money: 1,
  number: 1,
  calculated: 1,
  date: 2,
  datetime: 2,
  submitTime: 2,
  department: 3,
  person: 3,
  currentUser: 3,
  relation: 4,
  text: 5,
};

/** A field without ui:fieldType (an imported schema) counts by its JSON Schema: a text with choices is a choice. */
function rankByKind(kind: string, fieldSchema: unknown): number {
  const hasChoices = (s: { enum?: unknown; oneOf?: unknown } | null) => Array.isArray(s?.enum) || Array.isArray(s?.oneOf);
  if (kind === 'boolean' || hasChoices(fieldSchema as { enum?: unknown } | null)) return PRIORITY.select;
  if (kind === 'number') return PRIORITY.number;
  if (kind === 'date' || kind === 'datetime') return PRIORITY.date;
  return PRIORITY.text;
}

/** The form's top-level fields worth a report column, in priority then schema order, capped. */
export function reportFieldsOf(schema: unknown, uiSchema: unknown): ReportField[] {
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties ?? {};
  const ui = (uiSchema ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const ranked: { field: ReportField; rank: number; order: number }[] = [];
  Object.entries(properties).forEach(([key, fieldSchema], order) => {
    if (!usableKey(key)) return;
    const kind = fieldKindOf(fieldSchema);
    if (kind === 'list' || kind === 'table' || kind === 'object') return;
    if ((fieldSchema as { type?: unknown } | null)?.type === 'null') return; // static text
    const fieldType = ui[key]?.['ui:fieldType'];
    const rank = typeof fieldType === 'string' ? PRIORITY[fieldType] : rankByKind(kind, fieldSchema);
    if (rank === undefined) return;
    const filtered = kind !== 'number' && rank !== PRIORITY.text;
    ranked.push({ field: { key, kind: kind === 'number' ? 'number' : 'text', filtered }, rank, order });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return ranked.slice(0, REPORT_COLUMN_LIMITS.perForm).map((r) => r.field);
}

/**
 * The value of `scalar(key, kind)` in submissionQuerySql.ts over the column `data`, with the key as
 * a literal: the generated column's definition (SQLite) or the index expression (PostgreSQL).
 */
export function reportValueExpression(dialect: 'sqlite' | 'postgres', { key, kind }: Pick<ReportField, 'key' | 'kind'>): string {
  if (dialect === 'postgres') {
    const k = sqlString(key);
    return kind === 'number'
      ? `(CASE WHEN jsonb_typeof(data -> ${k}) = 'number' THEN (data ->> ${k})::numeric END)`
      : `(CASE WHEN jsonb_typeof(data -> ${k}) IN ('string', 'number', 'boolean') THEN data ->> ${k} END)`;
  }
  const p = sqlString(`$."${key}"`);
  return kind === 'number'
    ? `(CASE WHEN json_type(data, ${p}) IN ('integer', 'real') THEN json_extract(data, ${p}) END)`
    : `(CASE json_type(data, ${p}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'text' THEN json_extract(data, ${p}) ` +
        `WHEN 'integer' THEN CAST(json_extract(data, ${p}) AS TEXT) WHEN 'real' THEN CAST(json_extract(data, ${p}) AS TEXT) END)`;
}

// ---------------------------------------------------------------------------------------------
// Reading: which column holds a field (SQLite).

/**
 * (key, kind) → column name and the forms with an index, per database file (the writer and the readers
 * share it; tests and the benchmark run several databases in one process). Columns are only ever added,
 * so a stale map merely misses a new one for a few seconds.
 */
interface ColumnMap {
  at: number;
  byField: Map<string, string>;
  indexedForms: Set<string>;
}
const columnMaps = new Map<string, ColumnMap>();
const COLUMN_MAP_TTL_MS = 5000;
const fieldId = (key: string, kind: string) => `${kind}\u0000${key}`;
const databaseFile = (db: Db) => String((db.client.config.connection as { filename?: string } | undefined)?.filename);

async function loadColumnMap(db: Db): Promise<ColumnMap> {
  const file = databaseFile(db);
  const cached = columnMaps.get(file);
  if (cached && Date.now() - cached.at < COLUMN_MAP_TTL_MS) return cached;
  const rows: { name: string; field_key: string; kind: string }[] = await db('report_columns').select('name', 'field_key', 'kind');
  const indexed: { form_id: string }[] = await db('report_indexes').distinct('form_id');
  const map: ColumnMap = {
    at: Date.now(),
    byField: new Map(rows.map((r) => [fieldId(r.field_key, r.kind), r.name])),
    indexedForms: new Set(indexed.map((r) => r.form_id)),
  };
  if (columnMaps.size > 100) columnMaps.clear();
  columnMaps.set(file, map);
  return map;
}

/** Turns report columns off in this process (the benchmark's naive baseline); reports then read the JSON. */
export function setReportColumnsEnabled(enabled: boolean): void {
  disabled = !enabled;
}
let disabled = false;

export async function reportColumnsOf(db: Db, formId: string): Promise<ReportColumnSet> {
  if (disabled || isPostgres(db)) return NONE;
  const { byField, indexedForms } = await loadColumnMap(db);
  if (byField.size === 0) return NONE;
  return {
    sqlFor: (key, kind) => {
      const name = byField.get(fieldId(key, kind));
      return name ? `s.${name}` : undefined;
    },
    formCondition: indexedForms.has(formId) && usableFormId(formId) ? `s.form_id = ${sqlString(formId)}` : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Making them: after each publish commit, and at start for forms published before.

interface Logger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** One ensure at a time per database in this process (two publishes at once queue up). */
const queues = new WeakMap<Knex, Promise<unknown>>();

/**
 * Makes the form's report columns and indexes for its latest published version. Idempotent; never
 * throws (a publish has committed already; reports fall back to the JSON), failures are logged.
 */
export async function ensureReportColumns(db: Knex, formId: string, log?: Logger): Promise<void> {
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(async () => {
    try {
      const fields = await latestReportFields(db, formId);
      if (!fields || !usableFormId(formId)) return;
      if (isPostgres(db)) await ensurePostgres(db, formId, fields.filter((f) => f.filtered).slice(0, REPORT_COLUMN_LIMITS.postgresPerForm));
      else await ensureSqlite(db, formId, fields, log);
    } catch (err) {
      (log ?? console).warn({ err, formId }, 'making report columns failed; reports read the JSON instead');
    }
  });
  queues.set(db, run);
  await run;
}

async function latestReportFields(db: Knex, formId: string): Promise<ReportField[] | null> {
  const form = await db('forms').where({ id: formId }).first('latest_version');
  if (!form?.latest_version) return null;
  const version = await db('form_versions').where({ form_id: formId, version: form.latest_version }).first('schema', 'ui_schema');
  if (!version) return null;
  return reportFieldsOf(readJson(version.schema), readJson(version.ui_schema));
}

/** The bookkeeping row of an index, or none: the index itself is made first, so a row means it exists. */
const recordIndex = (db: Db, name: string, formId: string, fields: readonly Pick<ReportField, 'key' | 'kind'>[]) =>
  db('report_indexes')
    .insert({ name, form_id: formId, fields: JSON.stringify(fields.map((f) => [f.key, f.kind])), created_at: nowIso() })
    .onConflict('name')
    .ignore();

async function ensureSqlite(db: Knex, formId: string, fields: ReportField[], log?: Logger): Promise<void> {
  // Columns: new (key, kind) pairs get the next rc_<n>; the ALTER and its row commit together.
  const columns: string[] = [];
  await db.transaction(async (trx) => {
    const existing: { name: string; field_key: string; kind: string }[] = await trx('report_columns').select('name', 'field_key', 'kind');
    const byField = new Map(existing.map((r) => [fieldId(r.field_key, r.kind), r.name]));
    let next = Math.max(0, ...existing.map((r) => Number(r.name.slice(3)))) + 1;
    for (const field of fields) {
      let name = byField.get(fieldId(field.key, field.kind));
      if (!name) {
        if (byField.size >= REPORT_COLUMN_LIMITS.columns) continue;
        name = `rc_${next++}`;
        await trx.raw(`ALTER TABLE submissions ADD COLUMN ${name} GENERATED ALWAYS AS ${reportValueExpression('sqlite', field)} VIRTUAL`);
        await trx('report_columns').insert({ name, field_key: field.key, kind: field.kind, created_at: nowIso() });
        byField.set(fieldId(field.key, field.kind), name);
      }
      columns.push(name);
    }
  });
  columnMaps.delete(databaseFile(db));
  if (columns.length === 0) return;

  // The form's covering index, named after its column list: a changed list is a new index, the old one goes.
  const indexColumns = ['form_id', ...columns, ...META_COLUMNS];
  const name = `rx_${hash(formId, 16)}_${hash(`partial:${indexColumns.join(',')}`, 8)}`;
  await db.transaction(async (trx) => {
    const mine: { name: string }[] = await trx('report_indexes').where({ form_id: formId }).select('name');
    if (mine.some((r) => r.name === name)) return;
    const others = await trx('report_indexes').whereNot({ form_id: formId }).countDistinct({ n: 'form_id' }).first();
    if (mine.length === 0 && Number(others?.n ?? 0) >= REPORT_COLUMN_LIMITS.sqliteIndexes) {
      log?.info?.({ formId }, 'report index limit reached; this form is reported from the JSON');
      return;
    }
    await trx.raw(`CREATE INDEX IF NOT EXISTS ${name} ON submissions (${indexColumns.join(', ')}) WHERE form_id = ${sqlString(formId)}`);
    for (const old of mine) await trx.raw(`DROP INDEX IF EXISTS ${old.name}`);
    await trx('report_indexes').where({ form_id: formId }).delete();
    await recordIndex(trx, name, formId, fields.slice(0, columns.length));
  });
}

/**
 * PostgreSQL: CREATE INDEX CONCURRENTLY (submissions keep coming in while it builds) runs outside a
 * transaction, so a session advisory lock per form on one pinned connection keeps two servers
 * publishing the same form from building the same index at once. A build that failed half-way
 * leaves an INVALID index, which IF NOT EXISTS would keep forever: it is dropped and built again.
 */
async function ensurePostgres(db: Knex, formId: string, fields: ReportField[]): Promise<void> {
  const connection = await db.client.acquireConnection();
  const on = (sql: string, bindings: Knex.RawBinding[] = []) => db.raw(sql, bindings).connection(connection);
  const lockKey = `formloom.report_indexes.${formId}`;
  try {
    await on('SELECT pg_advisory_lock(hashtext(?))', [lockKey]);
    let analyze = false;
    try {
      for (const field of fields) {
        const name = `rx_${hash(formId, 16)}_${hash(fieldId(field.key, field.kind), 12)}`;
        const ddl = `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON submissions (${reportValueExpression('postgres', field)}) WHERE form_id = ${sqlString(formId)}`;
        const valid = async () =>
          (await on(`SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ?`, [name])).rows[0]
            ?.indisvalid as boolean | undefined;
        if ((await valid()) === false) await on(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
        if ((await valid()) === undefined) await on(ddl);
        await recordIndex(db, name, formId, [field]);
        if (await ensureStatistics(on, field)) analyze = true;
      }
      if (analyze) await on('ANALYZE submissions');
    } finally {
      await on('SELECT pg_advisory_unlock(hashtext(?))', [lockKey]);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * The planner takes no statistics from a partial index, so without these it guesses a grouped field
 * has rows/10 distinct values and sorts a million rows on disk (or walks the index through the heap)
 * instead of hashing eight groups. One statistics object per (key, kind) over the whole table, shared
 * by every form with that field; a race with another server on the same name is harmless.
 */
async function ensureStatistics(on: (sql: string, bindings?: Knex.RawBinding[]) => Knex.Raw, field: ReportField): Promise<boolean> {
  const name = `rs_${hash(fieldId(field.key, field.kind), 16)}`;
  const found = await on('SELECT 1 FROM pg_statistic_ext WHERE stxname = ?', [name]);
  if (found.rows.length) return false;
  try {
    await on(`CREATE STATISTICS IF NOT EXISTS ${name} ON (${reportValueExpression('postgres', field)}) FROM submissions`);
  } catch (err) {
    if (!['23505', '42710'].includes((err as { code?: string }).code ?? '')) throw err;
  }
  return true;
}

/** Every published form's columns, oldest first: the start-up catch-up for forms published before this existed. */
export async function ensureAllReportColumns(db: Knex, log?: Logger, stopped: () => boolean = () => false): Promise<number> {
  const forms: { id: string }[] = await db('forms').whereNotNull('latest_version').orderBy('created_at').select('id');
  let done = 0;
  for (const form of forms) {
    if (stopped()) break;
    const has = await db('report_indexes').where({ form_id: form.id }).first('name');
    if (has) continue;
    await ensureReportColumns(db, form.id, log);
    done++;
  }
  return done;
}

/**
 * The rows of a data view: sort, search and filter over one form's submissions, compiled to SQL on
 * SQLite and PostgreSQL, with keyset paging that stays stable under any sort.
 *
 * Everything user-supplied reaches the database as a bound parameter: field keys are first checked
 * against the top-level fields of the form's published versions, and the SQL text itself comes only
 * from this file.
 */
import type { Knex } from 'knex';
import {
  FILTER_OPS_BY_KIND,
  SORTABLE_KINDS,
  SUBMISSION_META_FIELDS,
  SUBMISSION_QUERY_LIMITS,
  SubmissionFilter,
  fieldKindOf,
  type FieldKind,
  type FilterCondition,
  type FilterOp,
} from '@formloom/schemas';
import { readJson } from '../db/dialect.ts';
import { BadRequestError } from '../lib/errors.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { submissionsRepo, type SubmissionListRow } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import type { RecordScope } from '../repositories/recordScope.ts';
import { requireVisibleFields } from './fieldAccess.ts';
import { submissionSql, type SearchSkip, type ValueSql } from './submissionQuerySql.ts';

export type ViewFilterInput = string | unknown[] | undefined | null;
export interface ViewInput {
  sort?: string | null;
  q?: string | null;
  filter?: ViewFilterInput;
}

/** A column a view can sort or filter by: a meta column or a top-level field of the data. */
export interface QueryField {
  name: string;
  kind: FieldKind;
  /** The data key, for `data.<key>` fields. */
  key?: string;
}

export interface CheckedCondition {
  field: QueryField;
  op: FilterOp;
  /** Normalized: numbers as numbers, booleans as 'true'/'false', arrays for between/in. */
  value?: unknown;
}

export interface SubmissionView {
  sort: { text: string; field: QueryField; descending: boolean };
  search: string | null;
  conditions: CheckedCondition[];
  /** Sensitive fields the search must not look into (services/fieldAccess.ts). */
  searchSkip?: SearchSkip;
}

export interface ViewScope {
  formId: string;
  /** The caller's record scope (services/recordScope.ts): undefined for every record. */
  onlyCreatedBy?: RecordScope;
}

/** Who looks at the view: the sensitive fields they may not see (empty for admins) and their id. */
export interface ViewReader {
  userId: string;
  hidden: ReadonlySet<string>;
}

export const DEFAULT_SORT = '-createdAt';

const invalidFilter = (message: string) => new BadRequestError('invalid_filter', message);
const invalidSort = (message: string) => new BadRequestError('invalid_sort', message);
const invalidCursor = () =>
  new BadRequestError('invalid_cursor', 'The cursor is not one this list gave out for this sort; start again from the first page.');

// ---------------------------------------------------------------------------------------------
// Which fields a form's views may name.

/** Published versions never change, so a form's fields are worked out once per latest version. */
const fieldsCache = new Map<string, Map<string, QueryField>>();

/** Top-level fields over every published version (a field dropped later still has data); the newest version decides the kind. */
export async function queryFieldsOf(db: Db, form: FormRow): Promise<Map<string, QueryField>> {
  const cacheKey = `${form.id}@${form.latest_version ?? 0}`;
  const cached = fieldsCache.get(cacheKey);
  if (cached) return cached;
  const fields = new Map<string, QueryField>();
  for (const [name, kind] of Object.entries(SUBMISSION_META_FIELDS)) fields.set(name, { name, kind });
  for (const version of await formVersionsRepo.list(db, form.id)) {
    const properties = readJson<{ properties?: Record<string, unknown> }>(version.schema).properties ?? {};
    for (const [key, schema] of Object.entries(properties)) {
      if (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'null') continue; // static text
      fields.set(`data.${key}`, { name: `data.${key}`, kind: fieldKindOf(schema), key });
    }
  }
  if (fieldsCache.size > 1000) fieldsCache.clear();
  fieldsCache.set(cacheKey, fields);
  return fields;
}

function fieldNamed(fields: Map<string, QueryField>, name: unknown, fail: (message: string) => Error): QueryField {
  const field = typeof name === 'string' ? fields.get(name) : undefined;
  if (!field) {
    throw fail(
      `"${String(name)}" is not a field of this form: use createdAt, updatedAt, createdBy, status or data.<key> with the key of a top-level field.`,
    );
  }
  return field;
}

// ---------------------------------------------------------------------------------------------
// Parsing and checking sort, search and filter.

export function parseSort(text: string | null | undefined, fields: Map<string, QueryField>): SubmissionView['sort'] {
  const sort = text || DEFAULT_SORT;
  const descending = sort.startsWith('-');
  const field = fieldNamed(fields, descending ? sort.slice(1) : sort, invalidSort);
  if (!SORTABLE_KINDS.has(field.kind)) throw invalidSort(`${field.name} holds a ${field.kind}; sort by a field holding one value.`);
  if (field.key !== undefined && !submissionSql.addressable(field.key)) {
    throw invalidSort(`The key "${field.key}" holds a quote or control character and cannot be sorted by.`);
  }
  return { text: sort, field, descending };
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** One comparison value for a field of `kind`, normalized; throws invalid_filter naming what is wrong. */
function scalarFor(kind: FieldKind, value: unknown, where: string): unknown {
  const wrong = (expected: string) => invalidFilter(`${where}: expected ${expected}, got ${JSON.stringify(value) ?? 'nothing'}.`);
  switch (kind) {
    case 'number': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && NUMBER_TEXT.test(value)) return Number(value);
      throw wrong('a number');
    }
    case 'date':
    case 'datetime':
      if (typeof value === 'string' && DATE_TEXT.test(value)) return value;
      throw wrong('an ISO date such as "2026-03-15" or date-time such as "2026-03-15T08:30:00Z"');
    case 'boolean':
      if (value === true || value === 'true') return 'true';
      if (value === false || value === 'false') return 'false';
      throw wrong('true or false');
    case 'list':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && value.length <= SUBMISSION_QUERY_LIMITS.maxValueLength) return value;
      throw wrong(`one value (a text up to ${SUBMISSION_QUERY_LIMITS.maxValueLength} characters, a number or true/false)`);
    default:
      if (typeof value === 'string' && value.length <= SUBMISSION_QUERY_LIMITS.maxValueLength) return value;
      throw wrong(`a text of at most ${SUBMISSION_QUERY_LIMITS.maxValueLength} characters`);
  }
}

export function checkCondition(condition: FilterCondition, index: number, fields: Map<string, QueryField>): CheckedCondition {
  const field = fieldNamed(fields, condition.field, (m) => invalidFilter(`Filter ${index + 1}: ${m}`));
  const { op, value } = condition;
  const where = `Filter ${index + 1} (${field.name} ${op})`;
  if (!FILTER_OPS_BY_KIND[field.kind].includes(op)) {
    throw invalidFilter(`${where}: a ${field.kind} field takes only ${FILTER_OPS_BY_KIND[field.kind].join(', ')}.`);
  }
  if (field.key !== undefined && !submissionSql.addressable(field.key)) {
    throw invalidFilter(`${where}: the key "${field.key}" holds a quote or control character and cannot be filtered.`);
  }
  if (op === 'empty' || op === 'notEmpty') return { field, op };
  if (op === 'contains' && field.kind !== 'list' && (typeof value !== 'string' || value === '')) {
    throw invalidFilter(`${where}: expected a non-empty text to look for.`);
  }
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) throw invalidFilter(`${where}: expected [low, high].`);
    const [low, high] = value.map((v) => scalarFor(field.kind, v, where)) as [number | string, number | string];
    if (low > high) throw invalidFilter(`${where}: the low end ${JSON.stringify(low)} is above the high end ${JSON.stringify(high)}.`);
    return { field, op, value: [low, high] };
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > SUBMISSION_QUERY_LIMITS.maxInValues) {
      throw invalidFilter(`${where}: expected a list of 1 to ${SUBMISSION_QUERY_LIMITS.maxInValues} values.`);
    }
    return { field, op, value: value.map((v) => scalarFor(field.kind, v, where)) };
  }
  return { field, op, value: scalarFor(field.kind, value, where) };
}

/** A filter from the query string (JSON text) or a saved view (an array); throws 400 invalid_filter. */
export function parseFilter(input: ViewFilterInput, fields: Map<string, QueryField>): CheckedCondition[] {
  if (input === undefined || input === null || input === '') return [];
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw invalidFilter('The filter is not valid JSON: send a JSON array of {field, op, value}.');
    }
  }
  const parsed = SubmissionFilter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? ` at ${issue.path.map((p, i) => (i === 0 ? `filter ${Number(p) + 1}` : String(p))).join('.')}` : '';
    throw invalidFilter(
      `The filter must be an array of at most ${SUBMISSION_QUERY_LIMITS.maxConditions} {field, op, value} objects${at}: ${issue.message}.`,
    );
  }
  return parsed.data.map((c, i) => checkCondition(c, i, fields));
}

/**
 * Checks a view's sort, search and filter against the form; throws 400 invalid_sort / invalid_filter,
 * and with a `reader`, 403 field_hidden for a sort or filter on a sensitive field they may not see
 * (whose search then skips those fields).
 */
export async function resolveView(db: Db, form: FormRow, input: ViewInput, reader?: ViewReader): Promise<SubmissionView> {
  const fields = await queryFieldsOf(db, form);
  const search = input.q?.trim() ? input.q.trim() : null;
  const view: SubmissionView = { sort: parseSort(input.sort, fields), search, conditions: parseFilter(input.filter, fields) };
  if (reader && reader.hidden.size > 0) {
    const named = [view.sort.field, ...view.conditions.map((c) => c.field)].flatMap((f) => (f.key === undefined ? [] : [f.key]));
    requireVisibleFields(named, reader.hidden);
    // SQLite cannot address a key holding a quote in a JSON path; such a field cannot be a sensitive one (the rules refuse it).
    const keys = [...reader.hidden].filter(submissionSql.addressable);
    view.searchSkip = { keys, unlessCreatedBy: reader.userId };
  }
  return view;
}

// ---------------------------------------------------------------------------------------------
// Compiling to SQL.

function valueSql(db: Knex, field: QueryField): ValueSql {
  const sql = submissionSql.for(db);
  if (field.key === undefined) return sql.metaValue(field.name as keyof typeof SUBMISSION_META_FIELDS);
  return sql.dataValue(field.key, field.kind);
}

/** The rows of the view (not deleted, in scope, searched and filtered), unordered. */
function filteredRows(db: Knex, view: SubmissionView, scope: ViewScope): Knex.QueryBuilder {
  const sql = submissionSql.for(db);
  const query = submissionsRepo.visibleInForm(db, scope.formId, scope.onlyCreatedBy);
  if (view.search) query.whereRaw(...sql.search(view.search, view.searchSkip));
  for (const condition of view.conditions) query.whereRaw(...sql.condition(valueSql(db, condition.field), condition));
  return query;
}

interface Cursor {
  sort: string;
  id: string;
  /** The last row's sort value; absent when it was too long to carry (read back by id). */
  value?: string | number | null;
}

const CURSOR_VALUE_MAX = 300;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.id, ...('value' in cursor ? [cursor.value] : [])])).toString('base64url');
}

function decodeCursor(text: string, view: SubmissionView): Cursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3 || raw[0] !== view.sort.text || typeof raw[1] !== 'string') {
    throw invalidCursor();
  }
  if (raw.length === 2) return { sort: raw[0], id: raw[1] };
  const value: unknown = raw[2];
  const fits =
    value === null ||
    (view.sort.field.kind === 'number'
      ? typeof value === 'number' || (typeof value === 'string' && NUMBER_TEXT.test(value))
      : typeof value === 'string');
  if (!fits) throw invalidCursor();
  return { sort: raw[0], id: raw[1], value: value as Cursor['value'] };
}

export interface ViewPage {
  rows: SubmissionListRow[];
  nextCursor: string | null;
}

/**
 * One page of the view in its order, after `cursor` or from row `offset` (a jump; the caller allows one
 * of the two); ties are broken by id, so no row is lost or repeated across pages, and an offset counts
 * in exactly the order the cursors follow.
 */
export async function viewPage(
  db: Knex,
  view: SubmissionView,
  scope: ViewScope,
  opts: { limit: number; cursor?: string; offset?: number },
): Promise<ViewPage> {
  const sql = submissionSql.for(db);
  const sortValue = valueSql(db, view.sort.field);
  // Only ids and sort values go through the sort, so a jump deep into a large view sorts narrow rows; the
  // page's full rows are read by id afterwards.
  const keys = filteredRows(db, view, scope).select({ id: 's.id', sort_value: sortValue.expr });
  // Meta columns page straight off their index; values inside the JSON are worked out once per row.
  const sorted = sortValue.nullable ? sql.sortedOnce(keys, sortValue) : null;
  const query: Knex.QueryBuilder = sorted ? db.select('r.id', 'r.sort_value').from(sorted.from) : keys;
  const by = sorted?.value ?? sortValue;
  const idColumn = sorted?.id ?? 's.id';
  if (opts.cursor) {
    const cursor = decodeCursor(opts.cursor, view);
    if (!('value' in cursor)) {
      const row = await submissionsRepo.joinedById(db, cursor.id).select({ sort_value: sortValue.expr }).first();
      if (!row) throw invalidCursor();
      cursor.value = row.sort_value;
    }
    query.whereRaw(...sql.after(by, view.sort.descending, cursor.value ?? null, cursor.id, idColumn));
  }
  query.orderByRaw(...sql.orderBy(by, view.sort.descending, idColumn)).limit(opts.limit + 1);
  if (opts.offset) query.offset(opts.offset);
  const found: { id: string; sort_value: string | number | null }[] = await query;
  const page = found.slice(0, opts.limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (found.length > opts.limit) {
    const value = last.sort_value ?? null;
    const carry = value === null || JSON.stringify(value).length <= CURSOR_VALUE_MAX;
    nextCursor = encodeCursor(carry ? { sort: view.sort.text, id: last.id, value } : { sort: view.sort.text, id: last.id });
  }
  return { rows: await rowsInOrder(db, scope, page), nextCursor };
}

/** The full rows of `page`'s ids, in its order; one deleted in between is left out. */
async function rowsInOrder(db: Knex, scope: ViewScope, page: { id: string }[]): Promise<SubmissionListRow[]> {
  if (page.length === 0) return [];
  const ids = page.map((k) => k.id);
  const rows: SubmissionListRow[] = await submissionsRepo
    .withPeople(submissionsRepo.visibleInForm(db, scope.formId, scope.onlyCreatedBy))
    .whereIn('s.id', ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many rows the view has over all pages. */
export async function viewTotal(db: Knex, view: SubmissionView, scope: ViewScope): Promise<number> {
  const row = await filteredRows(db, view, scope).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Every row of the view in order, fetched page by page so a large form never sits in memory. */
export async function* viewRows(db: Knex, view: SubmissionView, scope: ViewScope, batch = 500): AsyncGenerator<SubmissionListRow> {
  let cursor: string | undefined;
  do {
    const page = await viewPage(db, view, scope, { limit: batch, cursor });
    yield* page.rows;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

import { z } from 'zod';
import { Id, JsonObject, Timestamp } from './common.ts';
import { SubmissionStatus } from './workflow.ts';

export const Submission = z
  .object({
    id: Id,
    formId: Id,
    formVersion: z.number().int().positive(),
    data: JsonObject,
    createdAt: Timestamp,
    createdBy: Id.nullable(),
    createdByName: z.string().nullable(),
    /** Set when a check marked the submission instead of refusing it, e.g. `{geofence: {...}}`. */
    flags: JsonObject.optional(),
    /** The last change (the creation time until someone edits it). */
    updatedAt: Timestamp.optional(),
    updatedBy: Id.nullable().optional().describe('Who made the last edit; null until someone edits it'),
    updatedByName: z.string().nullable().optional(),
    /** `submitted` when the form has no approval flow; otherwise where its flow stands. */
    status: SubmissionStatus.optional(),
  })
  .meta({ id: 'Submission' });
export type Submission = z.infer<typeof Submission>;

/** One submission as its record page reads it: with what the caller may do to it. */
export const SubmissionDetail = Submission.extend({ canEdit: z.boolean(), canDelete: z.boolean() }).meta({ id: 'SubmissionDetail' });
export type SubmissionDetail = z.infer<typeof SubmissionDetail>;

export const CreateSubmissionBody = z.object({ data: JsonObject });
export const UpdateSubmissionBody = z.object({ data: JsonObject.describe('The full new data (not a patch)') });

// ---------------------------------------------------------------------------------------------
// Querying submissions: sort, filter, search. The server compiles these to SQL; the runtime builds
// its column filters from the same kinds and operators.

export const SUBMISSION_QUERY_LIMITS = {
  maxLimit: 500,
  defaultLimit: 50,
  maxQuery: 200,
  maxFilterText: 4000,
  maxConditions: 20,
  maxInValues: 100,
  maxValueLength: 200,
  /** A jump deeper than this is better served by a filter; the database still walks every row before it. */
  maxOffset: 1_000_000,
} as const;

export const FILTER_OPS = ['eq', 'ne', 'contains', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'empty', 'notEmpty'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/**
 * How a column compares, from its field's JSON Schema: `list` is an array of plain values (a
 * multi-select), `table` an array of rows (a sub-table), `object` a group of values (a location).
 */
export type FieldKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'list' | 'table' | 'object';

const ORDERED: readonly FilterOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'empty', 'notEmpty'];
export const FILTER_OPS_BY_KIND: Readonly<Record<FieldKind, readonly FilterOp[]>> = {
  text: ['eq', 'ne', 'contains', 'in', 'empty', 'notEmpty'],
  number: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  boolean: ['eq', 'ne', 'empty', 'notEmpty'],
  list: ['contains', 'empty', 'notEmpty'],
  table: ['empty', 'notEmpty'],
  object: ['empty', 'notEmpty'],
};
export const SORTABLE_KINDS: ReadonlySet<FieldKind> = new Set(['text', 'number', 'date', 'datetime', 'boolean']);

/**
 * Columns every submission has, by the names sort and filter use (`createdBy` is the submitter's name,
 * `status` where its approval flow stands: submitted, pending, approved, …).
 */
export const SUBMISSION_META_FIELDS: Readonly<Record<'createdAt' | 'updatedAt' | 'createdBy' | 'status', FieldKind>> = {
  createdAt: 'datetime',
  updatedAt: 'datetime',
  createdBy: 'text',
  status: 'text',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of a field from its JSON Schema (`type`, `format`, `items`); anything unusual compares as text. */
export function fieldKindOf(schema: unknown): FieldKind {
  if (!isRecord(schema)) return 'text';
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  const type = types[0];
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array')
    return isRecord(schema.items) && (schema.items.type === 'object' || isRecord(schema.items.properties)) ? 'table' : 'list';
  if (type === 'object') return 'object';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'datetime';
  return 'text';
}

export const FilterCondition = z
  .object({
    field: z.string().min(1).max(210).describe('createdAt, updatedAt, createdBy or data.<top-level field key>'),
    op: z.enum(FILTER_OPS),
    value: z.unknown().optional().describe('between: [low, high]; in: [values]; empty and notEmpty: none'),
  })
  .strict()
  .meta({ id: 'FilterCondition' });
export type FilterCondition = z.infer<typeof FilterCondition>;
export const SubmissionFilter = z.array(FilterCondition).max(SUBMISSION_QUERY_LIMITS.maxConditions);
export type SubmissionFilter = z.infer<typeof SubmissionFilter>;

const SortParam = z.string().max(220).describe('createdAt, updatedAt, createdBy or data.<key>; a leading "-" sorts descending');
const SearchParam = z
  .string()
  .max(SUBMISSION_QUERY_LIMITS.maxQuery)
  .describe("Case-insensitive text in any value of the data, or in the submitter's name");
const FilterParam = z
  .string()
  .max(SUBMISSION_QUERY_LIMITS.maxFilterText)
  .describe('JSON array of {field, op, value?}; every condition must hold');

/** What selects and orders the rows of a view: the list, the export and a saved view share it. */
export const SubmissionViewQuery = z.object({ sort: SortParam.optional(), q: SearchParam.optional(), filter: FilterParam.optional() });

export const SubmissionListQuery = SubmissionViewQuery.extend({
  limit: z.coerce.number().int().min(1).max(SUBMISSION_QUERY_LIMITS.maxLimit).default(SUBMISSION_QUERY_LIMITS.defaultLimit),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page, with the same sort'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(SUBMISSION_QUERY_LIMITS.maxOffset)
    .optional()
    .describe('Start this many rows into the order (a jump in a long table); not with cursor. nextCursor continues from there'),
});

export const SubmissionPage = z.object({
  items: z.array(Submission),
  nextCursor: z.string().nullable(),
  total: z.number().int().nonnegative().describe('How many submissions match, over all pages'),
  hiddenFields: z
    .array(z.string())
    .optional()
    .describe("The form's sensitive fields you may not see (absent when none): not in others' records here, not to sort or filter by"),
});

export const ExportFormat = z.enum(['csv', 'xlsx']);
export const ExportQuery = SubmissionViewQuery.extend({
  format: ExportFormat.default('csv'),
  columns: z
    .string()
    .max(8000)
    .optional()
    .describe('Comma-separated field keys to export, in this order; the fixed columns always come first'),
});

// ---------------------------------------------------------------------------------------------
// Edit history.

export const FieldChange = z.object({
  path: z.string().describe('JSON Pointer of the changed value in data (/items/0/qty)'),
  before: z.unknown().describe('null when the value was absent'),
  after: z.unknown().describe('null when the value was removed'),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const SubmissionHistoryEntry = z.object({
  revision: z.number().int().positive(),
  action: z.enum(['created', 'updated', 'deleted']),
  at: Timestamp,
  by: Id.nullable(),
  byName: z.string().nullable(),
  changes: z.array(FieldChange),
});
export const SubmissionHistory = z.object({ items: z.array(SubmissionHistoryEntry) }).meta({ id: 'SubmissionHistory' });
export type SubmissionHistory = z.infer<typeof SubmissionHistory>;

// ---------------------------------------------------------------------------------------------
// Saved views: a named set of columns, sort, search and filter over one form's submissions.

export const SAVED_VIEW_LIMITS = { name: 100, columns: 500 } as const;

export const SavedView = z
  .object({
    id: Id,
    formId: Id,
    name: z.string(),
    columns: z.array(z.string()),
    sort: z.string().nullable(),
    q: z.string().nullable(),
    filter: SubmissionFilter,
    shared: z.boolean().describe('Listed for everyone who can open the form'),
    ownerId: Id.nullable(),
    ownerName: z.string().nullable(),
    canEdit: z.boolean(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedView>;

export const CreateSavedViewBody = z
  .object({
    name: z.string().trim().min(1).max(SAVED_VIEW_LIMITS.name),
    columns: z.array(z.string().min(1).max(220)).max(SAVED_VIEW_LIMITS.columns),
    sort: SortParam.nullable().optional(),
    q: SearchParam.nullable().optional(),
    filter: SubmissionFilter.optional(),
    shared: z.boolean().optional(),
  })
  .strict();
export type CreateSavedViewBody = z.infer<typeof CreateSavedViewBody>;
export const UpdateSavedViewBody = CreateSavedViewBody.partial();
export type UpdateSavedViewBody = z.infer<typeof UpdateSavedViewBody>;
export const SavedViewList = z.object({ items: z.array(SavedView) });

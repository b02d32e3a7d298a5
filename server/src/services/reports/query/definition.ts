/**
 * Checking a report definition against its form before anything runs: the zod model, the caller's
 * access, every field name against the form's fields, each op against its field's kind, column ids
 * and sort, the time zone. Everything that reaches SQL afterwards is either from this module's
 * checked structures or a bound value.
 */
import {
  ReportDefinition,
  type AppPermissions,
  type DateBucket,
  type FilterCondition,
  type FilterOp,
  type MeasureOp,
  type ReportLabel,
  type User,
} from '@formloom/schemas';
import type { z } from 'zod';
import { AppError, BadRequestError } from '../../../lib/errors.ts';
import type { FormRow } from '../../../repositories/forms.ts';
import type { Db } from '../../../repositories/types.ts';
import { loadForm, requirePermission } from '../../access.ts';
import { hiddenFieldsFor, requireVisibleFields } from '../../fieldAccess.ts';
import { recordScopeOf, type RecordScope } from '../../recordScope.ts';
import { checkCondition, queryFieldsOf, type CheckedCondition } from '../../submissionQuery.ts';
import { submissionSql } from '../../submissionQuerySql.ts';
import { reportableFieldsOf, type ReportableField } from './fields.ts';
import { isIanaZone } from './timezone.ts';

export interface CheckedDimension {
  id: string;
  field: ReportableField;
  bucket?: DateBucket;
  label?: ReportLabel;
}

export interface CheckedMeasure {
  id: string;
  op: MeasureOp;
  /** Absent for a plain count of submissions. */
  field?: ReportableField;
  label?: ReportLabel;
}

/** A `department` filter: the submitter's department now, by department id. */
export interface DepartmentCondition {
  op: Extract<FilterOp, 'eq' | 'ne' | 'in' | 'empty' | 'notEmpty'>;
  values: string[];
}

export interface CheckedReport {
  /** The definition with defaults applied and every column's id filled in. */
  definition: ReportDefinition;
  form: FormRow;
  permissions: AppPermissions;
  /** The submissions the caller's view scope reaches (services/recordScope.ts): undefined for all. */
  scope: RecordScope | undefined;
  dimensions: CheckedDimension[];
  measures: CheckedMeasure[];
  /** The data views' conditions, checked by their own rules (createdBy compares the submitter's id here). */
  conditions: CheckedCondition[];
  departmentConditions: DepartmentCondition[];
}

export const invalidReport = (message: string) => new BadRequestError('invalid_report', message);

const SCALAR_KINDS = new Set(['text', 'number', 'date', 'datetime', 'boolean']);
const DEPARTMENT_OPS: readonly string[] = ['eq', 'ne', 'in', 'empty', 'notEmpty'];

function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  return `The report definition is not valid${at}: ${issue.message}.`;
}

function fieldOf(fields: Map<string, ReportableField>, name: string, where: string): ReportableField {
  const field = fields.get(name);
  if (!field) {
    throw invalidReport(
      `${where}: ${JSON.stringify(name)} is not a field of this form. Use createdAt, updatedAt, createdBy, department, status ` +
        'or data.<key> with the key of a top-level field of a published version.',
    );
  }
  if (field.key !== undefined && !submissionSql.addressable(field.key)) {
    throw invalidReport(`${where}: the key ${JSON.stringify(field.key)} holds a quote or control character and cannot be reported on.`);
  }
  return field;
}

function checkDimension(
  dimension: ReportDefinition['dimensions'][number],
  index: number,
  fields: Map<string, ReportableField>,
): CheckedDimension {
  const where = `Dimension ${index + 1}`;
  const field = fieldOf(fields, dimension.field, where);
  if (field.kind === 'table' || field.kind === 'object') {
    throw invalidReport(
      `${where}: ${field.name} holds a ${field.kind === 'table' ? 'sub-table' : 'group of values'}; group by a field holding one value or a multi-select.`,
    );
  }
  if (dimension.bucket && field.kind !== 'date' && field.kind !== 'datetime') {
    throw invalidReport(
      `${where}: a ${dimension.bucket} bucket needs a date or date-time field (or createdAt, updatedAt); ${field.name} holds ${field.kind}.`,
    );
  }
  return { id: dimension.id ?? `d${index}`, field, bucket: dimension.bucket, label: dimension.label };
}

function checkMeasure(measure: ReportDefinition['measures'][number], index: number, fields: Map<string, ReportableField>): CheckedMeasure {
  const where = `Measure ${index + 1} (${measure.op})`;
  const id = measure.id ?? `m${index}`;
  if (measure.field === undefined) {
    if (measure.op !== 'count') throw invalidReport(`${where}: name the field to ${measure.op}, e.g. "data.amount".`);
    return { id, op: measure.op, label: measure.label };
  }
  const field = fieldOf(fields, measure.field, where);
  const fits: Record<MeasureOp, boolean> = {
    count: true,
    sum: field.kind === 'number',
    avg: field.kind === 'number',
    min: field.kind === 'number' || field.kind === 'date' || field.kind === 'datetime',
    max: field.kind === 'number' || field.kind === 'date' || field.kind === 'datetime',
    countDistinct: SCALAR_KINDS.has(field.kind),
  };
  if (!fits[measure.op]) {
    const needs = {
      count: '',
      sum: 'a number field',
      avg: 'a number field',
      min: 'a number, date or date-time field',
      max: 'a number, date or date-time field',
      countDistinct: 'a field holding one value (not a multi-select, sub-table or group); use count for those',
    }[measure.op];
    throw invalidReport(`${where}: ${measure.op} needs ${needs}; ${field.name} holds ${field.kind}.`);
  }
  return { id, op: measure.op, field, label: measure.label };
}

function checkDepartmentCondition(condition: FilterCondition, index: number): DepartmentCondition {
  const where = `Filter ${index + 1} (department ${condition.op})`;
  if (!DEPARTMENT_OPS.includes(condition.op)) throw invalidReport(`${where}: department takes only ${DEPARTMENT_OPS.join(', ')}.`);
  const op = condition.op as DepartmentCondition['op'];
  if (op === 'empty' || op === 'notEmpty') return { op, values: [] };
  const values = op === 'in' ? condition.value : [condition.value];
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    values.length > 100 ||
    !values.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 64)
  ) {
    throw invalidReport(`${where}: expected ${op === 'in' ? 'a list of 1 to 100 department ids' : 'a department id'}.`);
  }
  return { op, values: values as string[] };
}

/** Data view filter errors (invalid_filter) become this route's invalid_report, message kept. */
function asReportProblem<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 400) throw invalidReport(error.message);
    throw error;
  }
}

export interface ReportUse {
  /** The rows leave as a file: the caller needs the app's export permission (403 otherwise). */
  forExport?: boolean;
}

/** Parses and checks `input` for the caller; 400 invalid_report naming the problem, 404 form_not_found, 403 field_hidden. */
export async function checkReport(db: Db, user: User, input: unknown, use: ReportUse = {}): Promise<CheckedReport> {
  const parsed = ReportDefinition.safeParse(input);
  if (!parsed.success) throw invalidReport(zodProblem(parsed.error));
  const definition = parsed.data;
  const { form, permissions } = await loadForm(db, user, definition.formId);
  if (use.forExport) requirePermission(permissions, 'canExport', 'export report rows');
  const fields = await reportableFieldsOf(db, form);

  const dimensions = definition.dimensions.map((d, i) => checkDimension(d, i, fields));
  const measures = definition.measures.map((m, i) => checkMeasure(m, i, fields));
  const ids = [...dimensions, ...measures].map((c) => c.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated)
    throw invalidReport(
      `Two columns share the id "${repeated}"; give each dimension and measure its own id (defaults are d0, d1… and m0, m1…).`,
    );
  definition.sort.forEach((s, i) => {
    if (!ids.includes(s.column))
      throw invalidReport(`Sort ${i + 1}: "${s.column}" is not a column of this report; use one of ${ids.join(', ')}.`);
  });
  if (!isIanaZone(definition.timezone)) {
    throw invalidReport(`"${definition.timezone}" is not a time zone name; use an IANA name such as "Asia/Hong_Kong" or "UTC".`);
  }

  const viewFields = await queryFieldsOf(db, form);
  const conditions: CheckedCondition[] = [];
  const departmentConditions: DepartmentCondition[] = [];
  definition.filters.forEach((condition, i) => {
    if (condition.field === 'department') departmentConditions.push(checkDepartmentCondition(condition, i));
    else conditions.push(asReportProblem(() => checkCondition(condition, i, viewFields)));
  });

  const scope = recordScopeOf(user, permissions);
  // Sensitive fields may not be grouped, measured or filtered on by someone who may not see them in
  // others' records (a count per HKID would list them). Over one's own records only, they are one's own.
  const ownOnly = typeof scope === 'string';
  if (!ownOnly) {
    const named = [...dimensions, ...measures].map((c) => c.field?.key).concat(conditions.map((c) => c.field.key));
    requireVisibleFields(
      named.filter((key): key is string => key !== undefined),
      await hiddenFieldsFor(db, user, form.id),
    );
  }

  dimensions.forEach((d, i) => (definition.dimensions[i].id = d.id));
  measures.forEach((m, i) => (definition.measures[i].id = m.id));
  return { definition, form, permissions, scope, dimensions, measures, conditions, departmentConditions };
}

/** The checked definition (ids filled in) and its form, for callers that store or schedule a definition. */
export async function checkReportDefinition(db: Db, user: User, input: unknown): Promise<{ definition: ReportDefinition; form: FormRow }> {
  const { definition, form } = await checkReport(db, user, input);
  return { definition, form };
}

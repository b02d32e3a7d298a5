/**
 * A checked report compiled to one parameterized SQL query: the form's live submissions in the
 * caller's scope, filtered, grouped by the dimensions, aggregated by the measures, sorted and cut at
 * limit + 1 (the extra row says "truncated"). Result columns are aliased c0, c1… by position, so no
 * id a caller chose ever reaches the SQL text.
 */
import type { Knex } from 'knex';
import { submissionsRepo } from '../../../repositories/submissions.ts';
import type { Db } from '../../../repositories/types.ts';
import type { CheckedCondition } from '../../submissionQuery.ts';
import { submissionSql, type ValueSql } from '../../submissionQuerySql.ts';
import { reportColumnsOf } from '../columns.ts';
import type { CheckedDimension, CheckedMeasure, CheckedReport, DepartmentCondition } from './definition.ts';
import type { MetaName, ReportableField } from './fields.ts';
import { reportDialect, wrap, type SqlPiece } from './sql.ts';
import { utcOffsetMinutes } from './timezone.ts';

const META_SQL: Record<MetaName, string> = {
  createdAt: 's.created_at',
  updatedAt: 's.updated_at',
  createdBy: 's.created_by',
  department: 'u.department_id',
  status: 's.status',
};

export interface CompiledReport {
  query: Knex.QueryBuilder;
  /** Column position → alias in the query's rows. */
  aliases: string[];
}

/** Reads each field's value: a meta column, the [indexes] helper's stored column, or the JSON expression. */
async function valueReader(db: Knex, formId: string) {
  const stored = await reportColumnsOf(db, formId);
  const sql = submissionSql.for(db);
  return Object.assign(
    (field: Pick<ReportableField, 'name' | 'kind' | 'key'>): ValueSql => {
      if (field.key === undefined) {
        const meta = META_SQL[field.name as MetaName];
        // Reports read the submitter's id where the data views read the name; both may be missing (account gone).
        const nullable = field.name === 'createdBy' || field.name === 'department';
        return { kind: field.kind, sql: meta, bindings: [], nullable, expr: db.raw(meta) };
      }
      const value = sql.dataValue(field.key, field.kind);
      const column = value.sql === 'NULL' ? undefined : stored.sqlFor(field.key, field.kind === 'number' ? 'number' : 'text');
      return column === undefined ? value : { ...value, sql: column, bindings: [], expr: db.raw(column) };
    },
    { formCondition: stored.formCondition },
  );
}

const piece = (v: ValueSql): SqlPiece => [v.sql, v.bindings];

function departmentCondition({ op, values }: DepartmentCondition): SqlPiece {
  switch (op) {
    case 'empty':
      return ['u.department_id IS NULL', []];
    case 'notEmpty':
      return ['u.department_id IS NOT NULL', []];
    case 'ne':
      return ['(u.department_id IS NULL OR u.department_id <> ?)', [values[0]]];
    case 'eq':
      return ['u.department_id = ?', [values[0]]];
    default:
      return [`u.department_id IN (${values.map(() => '?').join(', ')})`, values];
  }
}

export async function compileReport(db: Db, report: CheckedReport): Promise<CompiledReport> {
  const knex = db as Knex;
  const sql = submissionSql.for(knex);
  const dialect = reportDialect(knex);
  const valueOf = await valueReader(knex, report.form.id);
  const { definition } = report;
  const zone = { name: definition.timezone, offsetMinutes: utcOffsetMinutes(definition.timezone) };

  const inner = submissionsRepo.visibleInForm(knex, report.form.id, report.scope);
  // The form's partial report index is matched only by a literal form id (see columns.ts).
  if (valueOf.formCondition) inner.whereRaw(valueOf.formCondition);
  for (const condition of report.conditions) inner.whereRaw(...conditionSql(condition));
  for (const condition of report.departmentConditions) inner.whereRaw(...departmentCondition(condition));

  function conditionSql(condition: CheckedCondition): SqlPiece {
    return sql.condition(valueOf(condition.field), condition);
  }

  function dimensionSql(dimension: CheckedDimension, index: number): SqlPiece {
    const { field, bucket } = dimension;
    if (field.kind === 'list') {
      const alias = `j${index}`;
      const [join, joinBindings] = dialect.listJoin(alias, field.key!);
      inner.joinRaw(join, [...joinBindings]);
      return [dialect.listValue(alias), []];
    }
    const value = piece(valueOf(field));
    if (bucket && (field.kind === 'date' || field.kind === 'datetime'))
      return dialect.bucket(value, field.kind, bucket, { ...zone, trusted: field.meta !== undefined });
    return value;
  }

  function measureSql(measure: CheckedMeasure): SqlPiece {
    const { field, op } = measure;
    if (!field) return ['COUNT(*)', []];
    const v = valueOf(field);
    const value = piece(v);
    const money = field.valueType === 'money';
    switch (op) {
      case 'count':
        return wrap('COALESCE(SUM(CASE WHEN # THEN 1 ELSE 0 END), 0)', sql.condition(v, { op: 'notEmpty' }));
      case 'countDistinct':
        return wrap('COUNT(DISTINCT #)', value);
      case 'sum':
        return wrap('COALESCE(SUM(#), 0)', money ? dialect.cents(value) : value);
      case 'avg':
        // Money averages in cents, rounded to the cent in the database (half away from zero on both).
        return money ? wrap('ROUND(AVG(#))', dialect.cents(value)) : wrap('AVG(#)', value);
      case 'min':
        return wrap('MIN(#)', money ? dialect.cents(value) : value);
      case 'max':
        return wrap('MAX(#)', money ? dialect.cents(value) : value);
    }
  }

  const columns = [...report.dimensions.map(dimensionSql), ...report.measures.map(measureSql)];
  const aliases = columns.map((_, i) => `c${i}`);
  columns.forEach(([text, bindings], i) => inner.select(knex.raw(`${text} AS ${aliases[i]}`, bindings as Knex.Value[])));
  // Grouping by position: the same expression twice would carry its bindings twice, and PostgreSQL does
  // not see two differently numbered parameters as the same grouping expression.
  if (report.dimensions.length) inner.groupByRaw(report.dimensions.map((_, i) => String(i + 1)).join(', '));

  const ids = [...report.dimensions, ...report.measures].map((c) => c.id);
  const order = [...definition.sort];
  for (const dimension of report.dimensions)
    if (!order.some((s) => s.column === dimension.id)) order.push({ column: dimension.id, descending: false });
  const query = knex.select('*').from(inner.as('r'));
  // Missing values last in either direction, as the data views sort.
  const orderBy = order.map(({ column, descending }) => {
    const alias = `r.${aliases[ids.indexOf(column)]}`;
    return `(${alias} IS NULL) ASC, ${alias} ${descending ? 'DESC' : 'ASC'}`;
  });
  if (orderBy.length) query.orderByRaw(orderBy.join(', '));
  query.limit(definition.limit + 1);
  return { query, aliases };
}

// What a report can group by and measure on one form: its published version's top-level fields by kind,
// and the submission's own facts (when, who, department, approval status). The server checks the same
// rules (field keys against the schema, ops against kinds); offering only what fits keeps people from
// building a definition it will refuse.
import { localizeForm, type ChartType, type MeasureOp, type ReportDefinition } from '@formloom/schemas';
import type { TFunction } from 'i18next';
import type { Form } from '../../../api/types.ts';
import type { Locale } from '../../../i18n/locale.ts';

export type ReportFieldKind =
  'choice' | 'multiChoice' | 'boolean' | 'number' | 'money' | 'date' | 'datetime' | 'text' | 'person' | 'department' | 'status';

export interface ReportField {
  /** What a definition calls it: `data.<key>`, createdAt, createdBy, department, status. */
  id: string;
  label: string;
  kind: ReportFieldKind;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasChoices = (s: JsonObject) => Array.isArray(s.enum) || Array.isArray(s.oneOf) || Array.isArray(s.anyOf);

/** The report kind of one field, or null for what a report cannot use (files, sub-tables, locations, sections). */
export function reportKindOf(schema: JsonObject, ui: JsonObject): ReportFieldKind | null {
  const fieldType = typeof ui['ui:fieldType'] === 'string' ? ui['ui:fieldType'] : undefined;
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  const type = types[0];
  if (fieldType === 'photo' || fieldType === 'file' || fieldType === 'signature') return null;
  if (fieldType === 'money') return 'money';
  if (fieldType === 'person') return 'person';
  if (fieldType === 'department') return 'department';
  if (type === 'array') return isObject(schema.items) && hasChoices(schema.items) ? 'multiChoice' : null;
  if (hasChoices(schema)) return 'choice';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'string' && schema.format === 'date') return 'date';
  if (type === 'string' && schema.format === 'date-time') return 'datetime';
  if (type === 'string') return 'text';
  return null;
}

/** The fields of the form's published version (labels in `locale`), then the submission's own facts. */
export function reportFieldsOf(form: Form, locale: Locale, t: TFunction): ReportField[] {
  const own: ReportField[] = [];
  if (form.published) {
    const { schema, uiSchema } = localizeForm(form.published.schema, form.published.uiSchema, locale);
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [key, prop] of Object.entries(properties)) {
      if (!isObject(prop)) continue;
      const kind = reportKindOf(prop, isObject(uiSchema[key]) ? uiSchema[key] : {});
      if (kind) own.push({ id: `data.${key}`, label: typeof prop.title === 'string' && prop.title ? prop.title : key, kind });
    }
  }
  const meta: ReportField[] = [
    { id: 'createdAt', label: t('reportBuilder.meta.createdAt'), kind: 'datetime' },
    { id: 'createdBy', label: t('reportBuilder.meta.createdBy'), kind: 'person' },
    { id: 'department', label: t('reportBuilder.meta.department'), kind: 'department' },
  ];
  if (form.published?.workflow) meta.push({ id: 'status', label: t('reportBuilder.meta.status'), kind: 'status' });
  return [...own, ...meta];
}

export const isDateKind = (kind: ReportFieldKind) => kind === 'date' || kind === 'datetime';

/** Numbers group into too many values to be a useful dimension; everything else groups. */
export const canGroupBy = (kind: ReportFieldKind) => kind !== 'number' && kind !== 'money';

/** Whether `op` accepts a field of `kind` (count takes none). */
export function opAccepts(op: MeasureOp, kind: ReportFieldKind): boolean {
  switch (op) {
    case 'count':
      return false;
    case 'sum':
    case 'avg':
      return kind === 'number' || kind === 'money';
    case 'min':
    case 'max':
      return kind === 'number' || kind === 'money' || isDateKind(kind);
    case 'countDistinct':
      return kind !== 'multiChoice';
  }
}

/** Whether a chart type can draw the definition's shape (how many dimensions, a calendar for a heat map). */
export function chartFits(type: ChartType, definition: Pick<ReportDefinition, 'dimensions' | 'measures'>, fields: ReportField[]): boolean {
  const dims = definition.dimensions.length;
  switch (type) {
    case 'table':
      return true;
    case 'number':
      return dims === 0;
    case 'bar':
    case 'line':
      return dims >= 1 && dims <= 2;
    case 'pie':
      return dims === 1 && definition.measures.length === 1;
    case 'pivot':
      return dims === 2;
    case 'heatmap': {
      if (dims === 2) return definition.measures.length === 1;
      const only = definition.dimensions[0];
      const kind = fields.find((f) => f.id === only?.field)?.kind;
      return dims === 1 && !!kind && isDateKind(kind) && only?.bucket === 'day';
    }
  }
}

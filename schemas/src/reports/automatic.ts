/**
 * The automatic report of a form, worked out from its schema alone: submissions over time, a breakdown
 * per choice field, figures and a distribution per number or money field, a calendar per date field, and
 * counts by department and by submitter. Each section is an ordinary ReportDefinition, so the page runs it
 * through `POST /api/reports/query` like any other report and "Open in report builder" can start from it.
 */
import { localizeForm } from '../i18n/localize.ts';
import type { Localized } from '../i18n/locales.ts';
import type { ReportDefinition, ReportLabel, ReportMeasure } from '../models/reports.ts';
import { fieldKindOf } from '../models/submission.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the automatic report treats a top-level field. */
export type ReportFieldRole = 'choice' | 'multiChoice' | 'yesNo' | 'number' | 'money' | 'date' | 'datetime' | 'person' | 'department';

export interface ReportFieldOption {
  value: string | boolean;
  label: ReportLabel;
}

export interface ReportableField {
  key: string;
  role: ReportFieldRole;
  title: ReportLabel;
  /** Choice, multi-choice and yes/no fields: the options in the schema's order. */
  options: ReportFieldOption[];
}

export type AutomaticSectionKind =
  'total' | 'overTime' | 'breakdown' | 'figures' | 'distribution' | 'calendar' | 'department' | 'submitter';

export interface AutomaticSection {
  /** Stable within a form: the kind and, for field sections, the field key. */
  id: string;
  kind: AutomaticSectionKind;
  title: ReportLabel;
  /** The field a field section is about. */
  field?: string;
  definition: ReportDefinition;
}

/** Most groups a breakdown or distribution shows; more come back `truncated` and the card says so. */
export const AUTOMATIC_GROUP_LIMIT = 50;
const PEOPLE_LIMIT = 20;

const COUNT: ReportMeasure = { id: 'count', op: 'count', label: { en: 'Submissions', 'zh-Hant': '提交數目' } };

/** Field types the builder places (`ui:fieldType`) that the automatic report has a section for. */
const ROLE_BY_FIELD_TYPE: Record<string, ReportFieldRole> = {
  select: 'choice',
  radio: 'choice',
  multiselect: 'multiChoice',
  yesno: 'yesNo',
  number: 'number',
  rating: 'number',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  person: 'person',
  department: 'department',
};
/** Types that look reportable by their JSON type but say nothing a section would add. */
const SKIPPED_FIELD_TYPES = new Set(['autonumber', 'submitTime', 'currentUser', 'checkbox', 'static', 'location', 'time']);

function optionsOf(en: JsonObject, zh: JsonObject): ReportFieldOption[] {
  const [enList, zhList] = isObject(en.items) ? [en.items, isObject(zh.items) ? zh.items : en.items] : [en, zh];
  if (Array.isArray(enList.oneOf)) {
    return enList.oneOf.flatMap((option, i): ReportFieldOption[] => {
      if (!isObject(option) || !('const' in option)) return [];
      const value = option.const;
      if (typeof value !== 'string' && typeof value !== 'boolean') return [];
      const title = typeof option.title === 'string' ? option.title : String(value);
      const zhOption = Array.isArray(zhList.oneOf) ? zhList.oneOf[i] : undefined;
      const zhTitle = isObject(zhOption) && typeof zhOption.title === 'string' ? zhOption.title : title;
      return [{ value, label: { en: title, 'zh-Hant': zhTitle } }];
    });
  }
  if (Array.isArray(enList.enum)) {
    return enList.enum.filter((v) => typeof v === 'string').map((v) => ({ value: v, label: { en: v, 'zh-Hant': v } }));
  }
  return [];
}

/** A field's role from its `ui:fieldType`, else from its JSON Schema (forms imported from elsewhere). */
function roleOf(schema: JsonObject, fieldType: unknown): ReportFieldRole | null {
  if (typeof fieldType === 'string') {
    if (SKIPPED_FIELD_TYPES.has(fieldType)) return null;
    const role = ROLE_BY_FIELD_TYPE[fieldType];
    if (role) return role;
  }
  const kind = fieldKindOf(schema);
  const items = isObject(schema.items) ? schema.items : null;
  if (kind === 'number') return 'number';
  if (kind === 'date') return 'date';
  if (kind === 'datetime') return 'datetime';
  if (kind === 'boolean') return Array.isArray(schema.oneOf) ? 'yesNo' : null;
  if (kind === 'list' && items && (Array.isArray(items.oneOf) || Array.isArray(items.enum))) return 'multiChoice';
  if (kind === 'text' && (Array.isArray(schema.oneOf) || Array.isArray(schema.enum))) return 'choice';
  return null;
}

/** The top-level fields a report can say something about, in the form's order, titled in both languages. */
export function reportableFields(schema: JsonObject, uiSchema: JsonObject): ReportableField[] {
  const zh = localizeForm(schema, uiSchema, 'zh-Hant').schema;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const zhProperties = isObject(zh.properties) ? zh.properties : {};
  const order = Array.isArray(uiSchema['ui:order'])
    ? uiSchema['ui:order'].filter((k): k is string => typeof k === 'string' && k in properties)
    : [];
  const keys = [...new Set([...order, ...Object.keys(properties)])];
  return keys.flatMap((key): ReportableField[] => {
    const en = properties[key];
    if (!isObject(en)) return [];
    const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
    const role = roleOf(en, ui['ui:fieldType']);
    if (!role) return [];
    const zhSchema = isObject(zhProperties[key]) ? zhProperties[key] : en;
    const enTitle = typeof en.title === 'string' && en.title ? en.title : key;
    const zhTitle = typeof zhSchema.title === 'string' && zhSchema.title ? zhSchema.title : enTitle;
    let options = optionsOf(en, zhSchema);
    if (role === 'yesNo' && options.length === 0) {
      options = [
        { value: true, label: { en: 'Yes', 'zh-Hant': '是' } },
        { value: false, label: { en: 'No', 'zh-Hant': '否' } },
      ];
    }
    return [{ key, role, title: { en: enTitle, 'zh-Hant': zhTitle }, options }];
  });
}

/** "<field>: <what>" in both languages. */
function titled(field: ReportLabel, what: Localized): ReportLabel {
  return { en: `${field.en}: ${what.en}`, 'zh-Hant': `${field['zh-Hant']}：${what['zh-Hant']}` };
}

function definition(
  formId: string,
  title: ReportLabel,
  rest: Pick<ReportDefinition, 'dimensions' | 'measures' | 'chart'> & Partial<ReportDefinition>,
): ReportDefinition {
  return { formId, title, filters: [], sort: [], limit: AUTOMATIC_GROUP_LIMIT, timezone: 'Asia/Hong_Kong', ...rest };
}

const byCountDescending = [{ column: 'count', descending: true }];

function fieldSections(formId: string, field: ReportableField): AutomaticSection[] {
  const data = `data.${field.key}`;
  const base = { field: field.key, title: field.title };
  switch (field.role) {
    case 'choice':
    case 'multiChoice':
    case 'yesNo':
    case 'person':
    case 'department': {
      // A few options read best as shares of a whole; a multi-select's counts do not add up to the whole.
      const pie = field.role !== 'multiChoice' && field.options.length > 0 && field.options.length <= 6;
      return [
        {
          ...base,
          id: `breakdown-${field.key}`,
          kind: 'breakdown',
          definition: definition(formId, field.title, {
            dimensions: [{ id: 'value', field: data }],
            measures: [COUNT],
            sort: byCountDescending,
            chart: { type: pie ? 'pie' : 'bar' },
          }),
        },
      ];
    }
    case 'number':
    case 'money': {
      const measures: ReportMeasure[] = [
        { id: 'sum', op: 'sum', field: data, label: { en: 'Sum', 'zh-Hant': '總和' } },
        { id: 'avg', op: 'avg', field: data, label: { en: 'Average', 'zh-Hant': '平均' } },
        { id: 'min', op: 'min', field: data, label: { en: 'Minimum', 'zh-Hant': '最小' } },
        { id: 'max', op: 'max', field: data, label: { en: 'Maximum', 'zh-Hant': '最大' } },
      ];
      return [
        {
          ...base,
          id: `figures-${field.key}`,
          kind: 'figures',
          definition: definition(formId, titled(field.title, { en: 'figures', 'zh-Hant': '數字' }), {
            dimensions: [],
            measures,
            limit: 1,
            chart: { type: 'table' },
          }),
        },
        {
          // The model has no value buckets: the distribution is a count per distinct value, honestly
          // labelled, capped at AUTOMATIC_GROUP_LIMIT values (the card says when there are more).
          ...base,
          id: `distribution-${field.key}`,
          kind: 'distribution',
          definition: definition(formId, titled(field.title, { en: 'count by value', 'zh-Hant': '按數值統計' }), {
            dimensions: [{ id: 'value', field: data }],
            measures: [COUNT],
            sort: [{ column: 'value', descending: false }],
            chart: { type: 'bar' },
          }),
        },
      ];
    }
    case 'date':
    case 'datetime':
      return [
        {
          ...base,
          id: `calendar-${field.key}`,
          kind: 'calendar',
          definition: definition(formId, titled(field.title, { en: 'by day', 'zh-Hant': '按日' }), {
            dimensions: [{ id: 'day', field: data, bucket: 'day' }],
            measures: [COUNT],
            limit: 1000,
            chart: { type: 'heatmap' },
          }),
        },
      ];
  }
}

/**
 * The automatic report's sections for a form's published schema and uiSchema. Dates and the range are
 * left to the caller: the page adds its filters (and may change the over-time bucket) to each definition.
 * `hidden`: the form's sensitive fields the viewer may not see (a submission page's `hiddenFields`); they
 * get no section, as the server would refuse one naming them (403 field_hidden).
 */
export function automaticReport(
  schema: JsonObject,
  uiSchema: JsonObject,
  formId: string,
  hidden: readonly string[] = [],
): AutomaticSection[] {
  const total: AutomaticSection = {
    id: 'total',
    kind: 'total',
    title: { en: 'Submissions', 'zh-Hant': '提交數目' },
    definition: definition(
      formId,
      { en: 'Submissions', 'zh-Hant': '提交數目' },
      { dimensions: [], measures: [COUNT], limit: 1, chart: { type: 'number' } },
    ),
  };
  const overTime: AutomaticSection = {
    id: 'over-time',
    kind: 'overTime',
    title: { en: 'Submissions over time', 'zh-Hant': '提交數目走勢' },
    definition: definition(
      formId,
      { en: 'Submissions over time', 'zh-Hant': '提交數目走勢' },
      { dimensions: [{ id: 'period', field: 'createdAt', bucket: 'day' }], measures: [COUNT], limit: 1000, chart: { type: 'line' } },
    ),
  };
  const people = (id: 'department' | 'submitter', field: 'department' | 'createdBy', title: ReportLabel): AutomaticSection => ({
    id,
    kind: id,
    title,
    definition: definition(formId, title, {
      dimensions: [{ id: 'who', field }],
      measures: [COUNT],
      sort: byCountDescending,
      limit: PEOPLE_LIMIT,
      chart: { type: 'bar' },
    }),
  });
  return [
    total,
    overTime,
    ...reportableFields(schema, uiSchema)
      .filter((field) => !hidden.includes(field.key))
      .flatMap((field) => fieldSections(formId, field)),
    people('department', 'department', { en: 'By department', 'zh-Hant': '按部門' }),
    people('submitter', 'createdBy', { en: 'By submitter', 'zh-Hant': '按提交人' }),
  ];
}

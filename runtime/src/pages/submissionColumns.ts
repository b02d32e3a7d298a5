import type { TFunction } from 'i18next';
import type { Submission } from '../api/types.ts';
import type { Locale } from '../i18n/locale.ts';
import { orderedFieldKeys } from '@formloom/schemas';

type JsonObject = Record<string, unknown>;

/** How a column can be narrowed down: picks the filter editor and the operators it sends. */
export type FilterKind = 'text' | 'number' | 'date' | 'datetime' | 'choice' | 'presence';

export interface Choice {
  value: unknown;
  label: string;
}

export interface Column {
  /** What the API calls it in `sort`, `filter` and `columns`: `createdAt`, `createdBy`, `data.<key>`. */
  id: string;
  title: string;
  fieldType?: string;
  /** Null: cannot be filtered (a section, a sub-table). */
  filterKind: FilterKind | null;
  /** The options of a choice or yes/no field, labelled in the UI language. */
  choices?: Choice[];
  /** Holds an array of choices (multi-select): the filter matches records holding any of them. */
  multiple?: boolean;
  sortable: boolean;
  /** Numbers and money line up on the right. */
  numeric?: boolean;
  /** Grid track width in rem: dates and numbers need less than free text. */
  width: number;
  value: (submission: Submission) => unknown;
  /** The cell text, compact: one line, however nested the value. */
  format: (value: unknown) => string;
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const intlLocale = (locale: Locale) => (locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK');

/** `const` → title of a `oneOf`/`anyOf` choice list, for showing labels instead of stored codes. */
function choiceLabels(schema: JsonObject): Map<unknown, string> | undefined {
  const options = (schema.oneOf ?? schema.anyOf) as unknown;
  const labels = new Map<unknown, string>();
  if (Array.isArray(options)) {
    for (const option of options) {
      if (isObject(option) && 'const' in option)
        labels.set(option.const, typeof option.title === 'string' ? option.title : String(option.const));
    }
  } else if (Array.isArray(schema.enum)) {
    for (const value of schema.enum) labels.set(value, String(value));
  }
  return labels.size ? labels : undefined;
}

/** The money formatter of a field, or undefined when it is not money. */
export function moneyFormat(schema: JsonObject, ui: JsonObject, locale: Locale): Intl.NumberFormat | undefined {
  const fieldType = ui['ui:fieldType'];
  const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
  const isMoney =
    fieldType === 'money' || (fieldType === 'calculated' && (typeof options.currency === 'string' || schema.multipleOf === 0.01));
  if (!isMoney) return undefined;
  const currency = typeof options.currency === 'string' ? options.currency : 'HKD';
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency });
  } catch {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'HKD' }); // a currency code Intl does not know
  }
}

/** A calendar date (`2025-03-01`) shown in the locale, without the time zone moving it a day. */
export function dateFormat(locale: Locale): (value: string) => string {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' });
  return (value) => {
    const at = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(at) ? value : format.format(at);
  };
}

/** `short` for table cells (25/11/2026, 5:35 pm); `medium` where there is room (25 Nov 2026, 5:35 pm). */
export function dateTimeFormat(locale: Locale, dateStyle: 'short' | 'medium' = 'medium'): (value: string) => string {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle, timeStyle: 'short' });
  return (value) => {
    const at = Date.parse(value);
    return Number.isNaN(at) ? value : format.format(at);
  };
}

/**
 * A formatter for values of `schema` (already localized), with `ui` the field's uiSchema. Arrays of rows
 * show as a count ("3 rows"), objects as `label: value` pairs, choices by label, booleans as Yes/No.
 */
/** What formatting needs from outside the schema: names for person values (stored as user ids). */
export interface FormatContext {
  personName?: (id: string) => string | undefined;
}

export function formatterFor(
  schema: JsonObject,
  ui: JsonObject,
  t: TFunction,
  locale: Locale,
  context: FormatContext = {},
): (value: unknown) => string {
  const fieldType = ui['ui:fieldType'];
  const labels = choiceLabels(schema);
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 10 });
  const money = moneyFormat(schema, ui, locale);
  const dateTime = dateTimeFormat(locale);
  const date = dateFormat(locale);
  const listSeparator = locale === 'zh-Hant' ? '、' : ', '; // 咳嗽、頭痛

  const items = isObject(schema.items) ? schema.items : {};
  const itemUi = isObject(ui.items) ? ui.items : {};
  const itemFormat = schema.type === 'array' ? formatterFor(items, itemUi, t, locale, context) : undefined;
  const props = isObject(schema.properties) ? schema.properties : {};

  return function format(value: unknown): string {
    if (value === undefined || value === null || value === '') return '';
    if (labels?.has(value)) return labels.get(value)!;
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number') return money ? money.format(value) : number.format(value);
    if (typeof value === 'string') {
      if (fieldType === 'photo' || fieldType === 'file' || fieldType === 'signature' || value.startsWith('data:'))
        return t('submissions.attachment');
      if (fieldType === 'person') return context.personName?.(value) ?? value;
      if (schema.format === 'date-time') return dateTime(value);
      if (schema.format === 'date') return date(value);
      return value;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return '';
      if (value.every((v) => !isObject(v) && !Array.isArray(v))) return value.map((v) => (itemFormat ?? String)(v)).join(listSeparator);
      return t('submissions.rows', { count: value.length });
    }
    if (isObject(value)) {
      // A digital signature's value is only the id of the signature: the record page shows who signed.
      if (fieldType === 'digitalSignature') return t('signatures.summary.badge');
      if (fieldType === 'location' && typeof value.lat === 'number' && typeof value.lng === 'number') {
        return `${value.lat.toFixed(5)}, ${value.lng.toFixed(5)}`;
      }
      return Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => {
          const sub = isObject(props[k]) ? props[k] : {};
          const title = typeof sub.title === 'string' ? sub.title : k;
          return `${title}: ${formatterFor(sub, isObject(ui[k]) ? ui[k] : {}, t, locale, context)(v)}`;
        })
        .join('; ');
    }
    return String(value);
  };
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'hkid', 'barcode', 'autonumber', 'person', 'department', 'time']);
const FILE_TYPES = new Set(['photo', 'file', 'signature']);

/** What a field offers for filtering and sorting, from its schema and registry type. */
function fieldTraits(schema: JsonObject, ui: JsonObject, t: TFunction) {
  const fieldType = typeof ui['ui:fieldType'] === 'string' ? ui['ui:fieldType'] : undefined;
  const type = schema.type;
  const itemSchema = isObject(schema.items) ? schema.items : undefined;
  const own = choiceLabels(schema);
  const ofItems = type === 'array' && itemSchema ? choiceLabels(itemSchema) : undefined;
  const labels =
    own ??
    ofItems ??
    (type === 'boolean'
      ? new Map<unknown, string>([
          [true, t('common.yes')],
          [false, t('common.no')],
        ])
      : undefined);
  const choices = labels ? [...labels].map(([value, label]) => ({ value, label })) : undefined;

  if (fieldType && FILE_TYPES.has(fieldType)) return { filterKind: 'presence' as const, sortable: false, width: 9 };
  if (choices) return { filterKind: 'choice' as const, choices, multiple: Boolean(ofItems && !own), sortable: !ofItems, width: 9 };
  if (type === 'number' || type === 'integer') return { filterKind: 'number' as const, sortable: true, numeric: true, width: 8 };
  if (type === 'string' && schema.format === 'date') return { filterKind: 'date' as const, sortable: true, width: 9 };
  if (type === 'string' && schema.format === 'date-time') return { filterKind: 'datetime' as const, sortable: true, width: 12.5 };
  if (type === 'string' || (fieldType && TEXT_TYPES.has(fieldType))) {
    return { filterKind: 'text' as const, sortable: true, width: fieldType === 'textarea' ? 16 : 12 };
  }
  // Tables, lists without options, locations and sections: only "has a value" or not.
  if (type === 'array' || type === 'object') return { filterKind: 'presence' as const, sortable: false, width: type === 'array' ? 8 : 14 };
  return { filterKind: null, sortable: false, width: 14 };
}

/** The top-level keys of a (localized) schema in `ui:order`, static text left out (one rule: schemas' orderedFieldKeys). */
export const orderedKeys = orderedFieldKeys;

/** A column per top-level field of the (localized) schema, in uiSchema `ui:order` when given. */
export function columnsFor(schema: JsonObject, uiSchema: JsonObject, t: TFunction, locale: Locale, context: FormatContext = {}): Column[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  return orderedKeys(schema, uiSchema).map((key) => {
    const prop = properties[key] as JsonObject;
    const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
    return {
      id: `data.${key}`,
      title: typeof prop.title === 'string' && prop.title ? prop.title : key,
      fieldType: typeof ui['ui:fieldType'] === 'string' ? ui['ui:fieldType'] : undefined,
      ...fieldTraits(prop, ui, t),
      value: (s: Submission) => s.data[key],
      format: formatterFor(prop, ui, t, locale, context),
    };
  });
}

/** Who and when, before the form's own fields; "Last edited" is offered but hidden until chosen. */
const FLOW_STATUSES = ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const;

/** Where a submission's approval flow stands, for forms that have one (filterable by status). */
function statusColumn(t: TFunction): Column {
  const label = (v: unknown) => (typeof v === 'string' ? t(`inbox.status.submission.${v}`, { defaultValue: v }) : '');
  return {
    id: 'status',
    title: t('submissions.status'),
    filterKind: 'text',
    choices: FLOW_STATUSES.map((value) => ({ value, label: label(value) })),
    sortable: true,
    width: 9,
    value: (s) => s.status ?? 'submitted',
    format: label,
  };
}

export function systemColumns(t: TFunction, locale: Locale, options: { approvalFlow?: boolean } = {}): Column[] {
  const when = dateTimeFormat(locale, 'short');
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return [
    ...(options.approvalFlow ? [statusColumn(t)] : []),
    {
      id: 'createdAt',
      title: t('submissions.submittedAt'),
      filterKind: 'datetime',
      sortable: true,
      width: 12.5,
      value: (s) => s.createdAt,
      format: (v) => (typeof v === 'string' ? when(v) : ''),
    },
    {
      id: 'createdBy',
      title: t('submissions.submittedBy'),
      filterKind: 'text', // by the submitter's name
      sortable: true,
      width: 9,
      value: (s) => s.createdByName ?? t('submissions.anonymous'),
      format: text,
    },
    {
      id: 'updatedAt',
      title: t('records.updatedAt'),
      filterKind: 'datetime',
      sortable: true,
      width: 12.5,
      value: (s) => (s as Submission & { updatedAt?: string | null }).updatedAt,
      format: (v) => (typeof v === 'string' ? when(v) : ''),
    },
  ];
}

/** The columns a table starts with when no view chose: everything but "Last edited". */
export const defaultColumnIds = (all: Column[]) => all.filter((c) => c.id !== 'updatedAt').map((c) => c.id);

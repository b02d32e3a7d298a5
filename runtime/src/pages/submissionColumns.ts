import type { TFunction } from 'i18next';
import type { Locale } from '../i18n/locale.ts';

type JsonObject = Record<string, unknown>;

export interface Column {
  key: string;
  title: string;
  /** The cell text, compact: one line, however nested the value. */
  format: (value: unknown) => string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const intlLocale = (locale: Locale) => (locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK');

/** `const` → title of a `oneOf`/`anyOf` choice list, for showing labels instead of stored codes. */
function choiceLabels(schema: JsonObject): Map<unknown, string> | undefined {
  const options = (schema.oneOf ?? schema.anyOf) as unknown;
  if (!Array.isArray(options)) return undefined;
  const labels = new Map<unknown, string>();
  for (const option of options) {
    if (isObject(option) && 'const' in option)
      labels.set(option.const, typeof option.title === 'string' ? option.title : String(option.const));
  }
  return labels.size ? labels : undefined;
}

/**
 * A formatter for values of `schema` (already localized), with `ui` the field's uiSchema. Arrays of rows
 * show as a count ("3 rows"), objects as `label: value` pairs, choices by label, booleans as Yes/No.
 */
export function formatterFor(schema: JsonObject, ui: JsonObject, t: TFunction, locale: Locale): (value: unknown) => string {
  const fieldType = ui['ui:fieldType'];
  const labels = choiceLabels(schema);
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 10 });
  const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
  const money =
    fieldType === 'money' || (fieldType === 'calculated' && (typeof options.currency === 'string' || schema.multipleOf === 0.01))
      ? new Intl.NumberFormat(intlLocale(locale), {
          style: 'currency',
          currency: typeof options.currency === 'string' ? options.currency : 'HKD',
        })
      : undefined;
  const dateTime = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' });
  const listSeparator = locale === 'zh-Hant' ? '、' : ', '; // 咳嗽、頭痛

  const items = isObject(schema.items) ? schema.items : {};
  const itemUi = isObject(ui.items) ? ui.items : {};
  const itemFormat = schema.type === 'array' ? formatterFor(items, itemUi, t, locale) : undefined;
  const props = isObject(schema.properties) ? schema.properties : {};

  return function format(value: unknown): string {
    if (value === undefined || value === null || value === '') return '';
    if (labels?.has(value)) return labels.get(value)!;
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number') return money ? money.format(value) : number.format(value);
    if (typeof value === 'string') {
      if (schema.format === 'date-time' && !Number.isNaN(Date.parse(value))) return dateTime.format(new Date(value));
      if (value.startsWith('data:')) return t('submissions.attachment');
      return value;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return '';
      if (value.every((v) => !isObject(v) && !Array.isArray(v))) return value.map((v) => (itemFormat ?? String)(v)).join(listSeparator);
      return t('submissions.rows', { count: value.length });
    }
    if (isObject(value)) {
      return Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => {
          const sub = isObject(props[k]) ? (props[k] as JsonObject) : {};
          const title = typeof sub.title === 'string' ? sub.title : k;
          return `${title}: ${formatterFor(sub, isObject(ui[k]) ? (ui[k] as JsonObject) : {}, t, locale)(v)}`;
        })
        .join('; ');
    }
    return String(value);
  };
}

/** A column per top-level property of the (localized) schema, in uiSchema `ui:order` when given. */
export function columnsFor(schema: JsonObject, uiSchema: JsonObject, t: TFunction, locale: Locale): Column[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  let keys = Object.keys(properties);
  const order = uiSchema['ui:order'];
  if (Array.isArray(order)) {
    const rest = keys.filter((k) => !order.includes(k));
    keys = order.flatMap((k) => (k === '*' ? rest : keys.includes(k) ? [k] : []));
    if (!order.includes('*')) keys.push(...rest);
  }
  return keys.flatMap((key) => {
    const prop = properties[key];
    if (!isObject(prop) || prop.type === 'null') return []; // static text stores nothing
    const ui = isObject(uiSchema[key]) ? (uiSchema[key] as JsonObject) : {};
    return [{ key, title: typeof prop.title === 'string' && prop.title ? prop.title : key, format: formatterFor(prop, ui, t, locale) }];
  });
}

/**
 * Submission values as people read them in the canonical PDF: choices by label, money as HK$, dates in
 * words, yes/no, sub-tables and groups line by line — the rules of the record page
 * (runtime/src/pages/submissionColumns.ts formatterFor), in both languages at once for fixed words.
 */
import { isSignatureValue } from '@formloom/schemas/signatures';
import { orderedFieldKeys } from '@formloom/schemas';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PdfLine {
  label: string;
  value: string;
  /** Nesting depth (fields of a group or a sub-table row). */
  depth: number;
}

export interface ValueContext {
  personName(id: string): string | undefined;
  signerName(signatureId: string): string | undefined;
}

function choiceLabels(schema: JsonObject): Map<unknown, string> | undefined {
  const options = (schema.oneOf ?? schema.anyOf) as unknown;
  const labels = new Map<unknown, string>();
  if (Array.isArray(options)) {
    for (const option of options) {
      if (isObject(option) && 'const' in option)
        labels.set(option.const, typeof option.title === 'string' ? option.title : String(option.const));
    }
  }
  return labels.size ? labels : undefined;
}

const money = (currency: string) => {
  try {
    return new Intl.NumberFormat('en-HK', { style: 'currency', currency });
  } catch {
    return new Intl.NumberFormat('en-HK', { style: 'currency', currency: 'HKD' });
  }
};
const dateTime = new Intl.DateTimeFormat('en-HK', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' });
const dateOnly = new Intl.DateTimeFormat('en-HK', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatInstant(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${dateTime.format(at)} (HKT)`;
}

function formatScalar(schema: JsonObject, ui: JsonObject, value: unknown, ctx: ValueContext): string {
  const fieldType = ui['ui:fieldType'];
  const labels = choiceLabels(schema);
  if (value === undefined || value === null || value === '') return '—';
  if (labels?.has(value)) return labels.get(value)!;
  if (fieldType === 'digitalSignature' && isSignatureValue(value)) {
    const name = ctx.signerName(value.signatureId);
    return name ? `Digitally signed by ${name} / 數碼簽署：${name}` : 'Digital signature / 數碼簽署';
  }
  if (typeof value === 'boolean') return value ? 'Yes / 是' : 'No / 否';
  if (typeof value === 'number') {
    const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
    const isMoney =
      fieldType === 'money' || (fieldType === 'calculated' && (typeof options.currency === 'string' || schema.multipleOf === 0.01));
    if (isMoney) return money(typeof options.currency === 'string' ? options.currency : 'HKD').format(value);
    return new Intl.NumberFormat('en-HK', { maximumFractionDigits: 10 }).format(value);
  }
  if (typeof value === 'string') {
    if (fieldType === 'signature') return '[Drawn signature — a picture, not a digital signature / 手寫簽名圖像]';
    if (fieldType === 'photo' || fieldType === 'file' || value.startsWith('data:'))
      return `[Attachment / 附件 ${value.startsWith('data:') ? '' : value}]`.trim();
    if (fieldType === 'person') return ctx.personName(value) ?? value;
    if (schema.format === 'date-time') return formatInstant(value);
    if (schema.format === 'date') {
      const at = Date.parse(`${value}T00:00:00Z`);
      return Number.isNaN(at) ? value : dateOnly.format(at);
    }
    return value;
  }
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : {};
    const itemUi = isObject(ui.items) ? ui.items : {};
    return value.map((v) => formatScalar(items, itemUi, v, ctx)).join(', ');
  }
  if (isObject(value) && fieldType === 'location' && typeof value.lat === 'number' && typeof value.lng === 'number') {
    return `${value.lat.toFixed(6)}, ${value.lng.toFixed(6)}`;
  }
  return JSON.stringify(value);
}

/** Every answer of a submission as label/value lines, groups and sub-table rows indented under their field. */
export function valueLines(schema: JsonObject, uiSchema: JsonObject, data: JsonObject, ctx: ValueContext, depth = 0): PdfLine[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const lines: PdfLine[] = [];
  for (const key of orderedFieldKeys(schema, uiSchema)) {
    const prop = properties[key] as JsonObject;
    const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
    const label = typeof prop.title === 'string' && prop.title ? prop.title : key;
    const value = data[key];
    const isGroup =
      prop.type === 'object' && isObject(prop.properties) && ui['ui:fieldType'] !== 'location' && ui['ui:fieldType'] !== 'digitalSignature';
    const items = isObject(prop.items) ? prop.items : null;
    if (isGroup && isObject(value)) {
      lines.push({ label, value: '', depth });
      lines.push(...valueLines(prop, ui, value, ctx, depth + 1));
    } else if (prop.type === 'array' && items && isObject(items.properties) && Array.isArray(value)) {
      lines.push({ label, value: value.length === 0 ? '—' : '', depth });
      const itemUi = isObject(ui.items) ? ui.items : {};
      value.forEach((row, i) => {
        lines.push({ label: `#${i + 1}`, value: '', depth: depth + 1 });
        if (isObject(row)) lines.push(...valueLines(items, itemUi, row, ctx, depth + 2));
      });
    } else {
      lines.push({ label, value: formatScalar(prop, ui, value, ctx), depth });
    }
  }
  return lines;
}

/**
 * A spreadsheet cell → the value a field stores, by what the field's JSON Schema says it holds.
 * Only the reading of the cell happens here (numbers with thousands separators, dates written the
 * Hong Kong way, yes/no in either language, options by label); whether the value is allowed is
 * left to the same checks a submission goes through.
 */
import { stripFloatNoise, type JsonObject } from '@formloom/schemas';
import { isObject } from '../formFields.ts';
import type { ImportField } from './importFields.ts';
import { normalizeName } from './importFields.ts';
import { isBlank, type Cell } from './readFile.ts';

export type Converted = { value: unknown } | { absent: true } | { error: string; keyword: string; params?: Record<string, unknown> };

/** Wall-clock date-times in a file carry no zone; they are read as Hong Kong time, the product's home. */
export const IMPORT_TIME_ZONE_OFFSET = '+08:00';

const ABSENT: Converted = { absent: true };
const fail = (keyword: string, error: string, params?: Record<string, unknown>): Converted => ({
  error,
  keyword,
  ...(params ? { params } : {}),
});

/** JSON Schema `type` as one name (the first that is not "null"). */
function typeOf(schema: JsonObject): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  return typeof t === 'string' ? t : undefined;
}

interface Option {
  value: unknown;
  labels: string[];
}

function optionsOf(schema: JsonObject, zh: JsonObject): Option[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => ({ value, labels: [] }));
  if (!Array.isArray(schema.oneOf) && !Array.isArray(schema.anyOf)) return null;
  const list = (schema.oneOf ?? schema.anyOf) as unknown[];
  const zhList = ((zh.oneOf ?? zh.anyOf) as unknown[] | undefined) ?? [];
  if (!list.every((o) => isObject(o) && 'const' in o)) return null;
  return list.map((o, i) => {
    const option = o as JsonObject;
    const zhOption = isObject(zhList[i]) ? zhList[i] : {};
    return {
      value: option.const,
      labels: [option.title, zhOption.title].filter((l): l is string => typeof l === 'string'),
    };
  });
}

/** Choices are matched by their stored value first, then by their label in English or Chinese. */
function choiceMatcher(options: Option[]): (text: string) => Converted {
  const byValue = new Map(options.map((o) => [String(o.value), o.value]));
  const byLabel = new Map<string, unknown>();
  for (const o of options) for (const label of o.labels) if (!byLabel.has(normalizeName(label))) byLabel.set(normalizeName(label), o.value);
  for (const o of options) if (!byLabel.has(normalizeName(String(o.value)))) byLabel.set(normalizeName(String(o.value)), o.value);
  return (text) => {
    if (byValue.has(text)) return { value: byValue.get(text) };
    const found = byLabel.get(normalizeName(text));
    return found === undefined ? fail('oneOf', `"${text}" is not one of the options`) : { value: found };
  };
}

const cellText = (cell: Cell) => (typeof cell === 'string' ? cell.trim() : String(cell));

// ------------------------------------------------------------------------------------------ numbers

const CURRENCY_PREFIX = /^(?:HK\$|US\$|\$|HKD|USD|RMB|¥|€|£)\s*/i;
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `1,234.50`, `HK$ 12`, `-3`, `1e3`; a number cell as it is, without binary noise (0.30000000000000004 → 0.3). */
export function readNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? stripFloatNoise(cell) : null;
  if (typeof cell !== 'string') return null;
  let text = cell.trim().replace(CURRENCY_PREFIX, '').replace(/\s/g, '');
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  if (!PLAIN.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

// ----------------------------------------------------------------------------------------- booleans

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', '是', '有', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', '否', '沒有', '無', '✗', '✘']);

function readBoolean(cell: Cell, options: Option[] | null): boolean | null {
  if (typeof cell === 'boolean') return cell;
  const text = normalizeName(cellText(cell));
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  const option = options?.find((o) => o.labels.some((l) => normalizeName(l) === text));
  return typeof option?.value === 'boolean' ? option.value : null;
}

// -------------------------------------------------------------------------------- dates and times

const pad = (n: number | string, width = 2) => String(n).padStart(width, '0');

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Excel's day number (1900 system, day 0 = 1899-12-30) with its fraction of a day. */
function fromSerial(serial: number): { date: string; time: string } | null {
  if (!(serial >= 0 && serial < 2_958_466)) return null; // up to 9999-12-31
  const ms = Math.round(serial * 86_400_000);
  const d = new Date(Date.UTC(1899, 11, 30) + ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DAY_FIRST_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

/** `2026-03-01`, `2026/3/1`, `01/03/2026` (day first, as Hong Kong writes it) → `2026-03-01`. */
function readDateText(text: string): string | null {
  let m = ISO_DATE.exec(text);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = DAY_FIRST_DATE.exec(text))) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else return null;
  return isCalendarDate(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : null;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

function readTimeText(text: string): string | null {
  const m = TIME.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return null;
  return `${pad(m[1])}:${m[2]}${m[3] ? `:${m[3]}` : ''}`;
}

function readDate(cell: Cell): string | null {
  if (typeof cell === 'number') return fromSerial(cell)?.date ?? null;
  const text = cellText(cell);
  return readDateText(text) ?? readDateText(text.replace(/[T ]00:00(:00)?$/, ''));
}

function readTime(cell: Cell): string | null {
  if (typeof cell === 'number') return cell >= 0 && cell < 1 ? (fromSerial(cell)?.time ?? null) : null;
  return readTimeText(cellText(cell));
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** A date and time, with the zone it names or Hong Kong's: `2026-03-01 09:30`, `1/3/2026 9:30`, an Excel date-time. */
function readDateTime(cell: Cell): string | null {
  if (typeof cell === 'number') {
    const s = fromSerial(cell);
    return s ? `${s.date}T${s.time}${IMPORT_TIME_ZONE_OFFSET}` : null;
  }
  const text = cellText(cell);
  const zone = OFFSET.exec(text)?.[1];
  const local = zone ? text.slice(0, -zone.length).trim() : text;
  const [datePart, timePart = '00:00'] = local.split(/[T ]+/);
  const date = readDateText(datePart);
  const time = readTimeText(timePart);
  if (!date || !time || local.split(/[T ]+/).length > 2) return null;
  const offset = !zone ? IMPORT_TIME_ZONE_OFFSET : zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return `${date}T${time.length === 5 ? `${time}:00` : time}${offset}`;
}

// ------------------------------------------------------------------------------------ the converter

const isTimeField = (field: ImportField) => field.ui['ui:fieldType'] === 'time';

function scalarConverter(schema: JsonObject, zh: JsonObject, field: ImportField): (cell: Cell) => Converted {
  const options = optionsOf(schema, zh);
  const type = typeOf(schema);
  if (type === 'boolean') {
    return (cell) => {
      const b = readBoolean(cell, options);
      return b === null ? fail('type', `"${cellText(cell)}" is not yes or no`, { type: 'boolean' }) : { value: b };
    };
  }
  if (type === 'number' || type === 'integer') {
    const match = options && choiceMatcher(options);
    return (cell) => {
      const n = readNumber(cell);
      if (n !== null) return { value: n };
      return match ? match(cellText(cell)) : fail('type', `"${cellText(cell)}" is not a number`, { type: 'number' });
    };
  }
  if (options) {
    const match = choiceMatcher(options);
    return (cell) => match(cellText(cell));
  }
  if (schema.format === 'date') {
    return (cell) => {
      const d = readDate(cell);
      return d ? { value: d } : fail('format', `"${cellText(cell)}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)`, { format: 'date' });
    };
  }
  if (schema.format === 'date-time') {
    return (cell) => {
      const d = readDateTime(cell);
      return d
        ? { value: d }
        : fail('format', `"${cellText(cell)}" is not a date and time (use YYYY-MM-DD HH:mm)`, { format: 'date-time' });
    };
  }
  if (isTimeField(field)) {
    return (cell) => {
      const t = readTime(cell);
      return t ? { value: t } : fail('format', `"${cellText(cell)}" is not a time of day (use HH:mm)`, { format: 'time' });
    };
  }
  return (cell) => ({ value: cellText(cell) });
}

/** Items of a list are separated by `;` (or a full-width `；`); a cell holding a JSON array is read as one. */
function arrayConverter(field: ImportField): (cell: Cell) => Converted {
  const items = isObject(field.schema.items) ? field.schema.items : {};
  const zhItems = isObject(field.zhSchema.items) ? field.zhSchema.items : {};
  const item = scalarConverter(items, zhItems, field);
  return (cell) => {
    const text = cellText(cell);
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return { value: parsed };
      } catch {
        // not JSON: read it as a list of items
      }
    }
    const values: unknown[] = [];
    for (const part of text.split(/[;；]/)) {
      if (part.trim() === '') continue;
      const out = item(part.trim());
      if ('error' in out) return out;
      if ('value' in out) values.push(out.value);
    }
    return values.length ? { value: values } : ABSENT;
  };
}

/** One converter per mapped field, built once and applied to every row. Empty cells leave the field out. */
export function converterFor(field: ImportField): (cell: Cell | undefined) => Converted {
  const convert = typeOf(field.schema) === 'array' ? arrayConverter(field) : scalarConverter(field.schema, field.zhSchema, field);
  return (cell) => (cell === undefined || isBlank(cell) ? ABSENT : convert(cell));
}

/**
 * Auto-number fields: `"ui:fieldType": "autonumber"` with `"ui:options": {"pattern": "PR-{YYYY}-{0000}"}`.
 * The server gives the number when the submission is stored; a value sent by the client is ignored
 * (replaced), like a calculated field's. The counter behind a field restarts in each period named by
 * the pattern's finest date part ({DD} daily, {MM} monthly, {YYYY}/{YY} yearly, none: never).
 * Numbers are taken in the transaction that stores the submission (db/sequences.ts).
 */
import { formatPointer } from '@formloom/schemas';
import type { SequenceKey } from '../db/sequences.ts';
import { UnprocessableError } from '../lib/errors.ts';
import { formFields, isObject } from './formFields.ts';

type JsonObject = Record<string, unknown>;

export const AUTONUMBER_DEFAULTS = { pattern: '{0000}', timeZone: 'Asia/Hong_Kong' } as const;
export const AUTONUMBER_LIMITS = { patternLength: 100, counterWidth: 12, fieldPointerLength: 255 } as const;

type DatePart = 'YYYY' | 'YY' | 'MM' | 'DD';
export type PatternToken = { text: string } | { date: DatePart } | { counterWidth: number };

const DATE_PARTS = new Set<string>(['YYYY', 'YY', 'MM', 'DD']);

/** Splits a pattern into literal text, date parts and the one counter; throws a readable Error. */
export function parsePattern(pattern: string): PatternToken[] {
  if (pattern.length > AUTONUMBER_LIMITS.patternLength) {
    throw new Error(`the pattern is longer than ${AUTONUMBER_LIMITS.patternLength} characters`);
  }
  const tokens: PatternToken[] = [];
  for (const m of pattern.matchAll(/\{([^{}]*)\}|([^{}]+)|([{}])/g)) {
    const [, placeholder, text, stray] = m;
    if (stray) throw new Error(`"${stray}" at position ${m.index + 1} does not open or close a placeholder`);
    if (text !== undefined) tokens.push({ text });
    else if (DATE_PARTS.has(placeholder)) tokens.push({ date: placeholder as DatePart });
    else if (/^0+$/.test(placeholder) && placeholder.length <= AUTONUMBER_LIMITS.counterWidth) {
      tokens.push({ counterWidth: placeholder.length });
    } else {
      throw new Error(
        `unknown placeholder {${placeholder}}: use {YYYY}, {YY}, {MM}, {DD} or a counter {0000} of 1 to ${AUTONUMBER_LIMITS.counterWidth} zeros`,
      );
    }
  }
  const counters = tokens.filter((t) => 'counterWidth' in t).length;
  if (counters !== 1) throw new Error(`the pattern needs exactly one counter such as {0000} (it has ${counters})`);
  return tokens;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function calendarDate(at: Date, timeZone: string): Record<'YYYY' | 'MM' | 'DD', string> {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { YYYY: parts.year.padStart(4, '0'), MM: parts.month, DD: parts.day };
}

/** The counter's period: '' (never resets), 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' in the field's time zone. */
export function periodOf(tokens: PatternToken[], at: Date, timeZone: string): string {
  const parts = new Set(tokens.flatMap((t) => ('date' in t ? [t.date] : [])));
  if (parts.size === 0) return '';
  const d = calendarDate(at, timeZone);
  if (parts.has('DD')) return `${d.YYYY}-${d.MM}-${d.DD}`;
  if (parts.has('MM')) return `${d.YYYY}-${d.MM}`;
  return d.YYYY;
}

export function formatNumber(tokens: PatternToken[], at: Date, timeZone: string, value: number): string {
  const d = calendarDate(at, timeZone);
  return tokens
    .map((t) => {
      if ('text' in t) return t.text;
      if ('counterWidth' in t) return String(value).padStart(t.counterWidth, '0');
      return t.date === 'YY' ? d.YYYY.slice(-2) : d[t.date];
    })
    .join('');
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

interface AutoNumberField {
  path: string[];
  pointer: string;
  tokens: PatternToken[];
  timeZone: string;
}

/** The form's auto-number fields and, separately, why any of them cannot be used. */
interface Problem {
  path: string;
  message: string;
}

function autoNumberFields(schema: JsonObject, uiSchema: JsonObject): { fields: AutoNumberField[]; problems: Problem[] } {
  const fields: AutoNumberField[] = [];
  const problems: Problem[] = [];
  for (const field of formFields(schema, uiSchema)) {
    if (field.ui['ui:fieldType'] !== 'autonumber') continue;
    const pointer = formatPointer(field.path.map((p) => p ?? '-'));
    const say = (message: string) => problems.push({ path: pointer, message });
    if (field.inArray) {
      say('it is inside a table; a number is given once per submission, so put the field outside the table');
      continue;
    }
    if (pointer.length > AUTONUMBER_LIMITS.fieldPointerLength) {
      say(`its path is longer than ${AUTONUMBER_LIMITS.fieldPointerLength} characters`);
      continue;
    }
    const type = field.schema.type;
    if (type !== undefined && type !== 'string' && !(Array.isArray(type) && type.includes('string'))) {
      say('its schema must allow "type": "string", since the number is text such as PR-2026-0001');
      continue;
    }
    const options = isObject(field.ui['ui:options']) ? field.ui['ui:options'] : {};
    const pattern = options.pattern ?? AUTONUMBER_DEFAULTS.pattern;
    const timeZone = options.timeZone ?? AUTONUMBER_DEFAULTS.timeZone;
    if (typeof pattern !== 'string') {
      say('ui:options.pattern must be text such as "PR-{YYYY}-{0000}"');
      continue;
    }
    if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
      say(`ui:options.timeZone must be an IANA time zone such as "${AUTONUMBER_DEFAULTS.timeZone}"`);
      continue;
    }
    try {
      fields.push({ path: field.path as string[], pointer, tokens: parsePattern(pattern), timeZone });
    } catch (err) {
      say((err as Error).message);
    }
  }
  return { fields, problems };
}

const describe = (problems: Problem[]) => problems.map((p) => `Auto-number field ${p.path}: ${p.message}.`).join(' ');

/** For form saves: 422 invalid_schema when an auto-number field cannot work. */
export function assertValidAutoNumbers(schema: JsonObject, uiSchema: JsonObject): void {
  const { problems } = autoNumberFields(schema, uiSchema);
  if (problems.length) throw new UnprocessableError('invalid_schema', describe(problems), problems);
}

// Published versions are cached and never change, so their field list is worked out once per version.
const fieldsByVersion = new WeakMap<JsonObject, WeakMap<JsonObject, ReturnType<typeof autoNumberFields>>>();
function cachedFields(schema: JsonObject, uiSchema: JsonObject) {
  if (!isObject(schema) || !isObject(uiSchema)) return autoNumberFields(schema, uiSchema ?? {});
  let byUi = fieldsByVersion.get(schema);
  if (!byUi) fieldsByVersion.set(schema, (byUi = new WeakMap()));
  let found = byUi.get(uiSchema);
  if (!found) byUi.set(uiSchema, (found = autoNumberFields(schema, uiSchema)));
  return found;
}

export interface AutoNumbering {
  /** One counter per auto-number field, in field order. */
  sequences: SequenceKey[];
  /**
   * A copy of `data` with each auto-number field set to its formatted number (`values` in the order
   * of `sequences`). Without values it sets counter 0, so the data can be validated before the
   * numbers exist. Sections the field sits in are created when absent: every submission gets its number.
   */
  apply(data: JsonObject, values?: number[]): JsonObject;
}

/** How to number a submission of this form made at `at` (ISO time), or null when it has no auto-number field. */
export function autoNumbering(formId: string, schema: JsonObject, uiSchema: JsonObject, at: string): AutoNumbering | null {
  const { fields, problems } = cachedFields(schema, uiSchema);
  if (problems.length) {
    // Saving checks this, so only a version published before the check existed can get here.
    throw new UnprocessableError('invalid_schema', `This form cannot number submissions. ${describe(problems)} Fix it and publish again.`);
  }
  if (fields.length === 0) return null;
  const when = new Date(at);
  return {
    sequences: fields.map((f) => ({ formId, field: f.pointer, period: periodOf(f.tokens, when, f.timeZone) })),
    apply(data, values) {
      const copy = structuredClone(data);
      fields.forEach((f, i) => {
        let holder = copy;
        for (const key of f.path.slice(0, -1)) {
          if (!isObject(holder[key])) holder[key] = {};
          holder = holder[key] as JsonObject;
        }
        holder[f.path[f.path.length - 1]] = formatNumber(f.tokens, when, f.timeZone, values?.[i] ?? 0);
      });
      return copy;
    },
  };
}

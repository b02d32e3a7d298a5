import type { HelperDelegate, SafeString } from 'handlebars';
import { isEmptyValue, jsonEqual } from '@formloom/schemas';

/**
 * The only helpers a webhook template may call (templates.ts compiles with knownHelpersOnly).
 * Each is a pure function of its arguments: no access to the server, the file system or time.
 * Handlebars passes an `options` object last; `args()` drops it.
 */

type Make = (text: string) => SafeString;

const args = (all: unknown[]): unknown[] => all.slice(0, -1);

/** A value as text: strings as they are, numbers and booleans written out, objects as JSON, nothing as ''. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

const FORMATS = ['iso', 'date', 'time', 'datetime', 'unix'] as const;

/** `formatDate value "date" tz="Asia/Hong_Kong"`: iso (default), date, time, datetime, unix seconds. */
function formatDate(value: unknown, format: unknown, timeZone: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(typeof value === 'number' ? value : String(value));
  if (Number.isNaN(date.getTime())) return toText(value);
  const kind = FORMATS.includes(format as (typeof FORMATS)[number]) ? (format as (typeof FORMATS)[number]) : 'iso';
  if (kind === 'iso') return date.toISOString();
  if (kind === 'unix') return String(Math.floor(date.getTime() / 1000));
  let zone = 'UTC';
  if (typeof timeZone === 'string') {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      zone = timeZone;
    } catch {
      // An unknown zone falls back to UTC rather than failing the delivery.
    }
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return kind === 'date' ? day : kind === 'time' ? time : `${day} ${time}`;
}

export function templateHelpers(safe: Make): Record<string, HelperDelegate> {
  return {
    /** The value as JSON (objects, arrays, numbers, strings with quotes): the way to put typed values in a JSON body. */
    json: (...all: unknown[]) => safe(JSON.stringify(args(all)[0] ?? null)),
    eq: (...all: unknown[]) => {
      const [a, b] = args(all);
      return jsonEqual(a ?? null, b ?? null);
    },
    ne: (...all: unknown[]) => {
      const [a, b] = args(all);
      return !jsonEqual(a ?? null, b ?? null);
    },
    default: (...all: unknown[]) => {
      const [value, fallback] = args(all);
      return isEmptyValue(value) ? fallback : value;
    },
    join: (...all: unknown[]) => {
      const [list, separator] = args(all);
      return Array.isArray(list) ? list.map(toText).join(typeof separator === 'string' ? separator : ', ') : toText(list);
    },
    upper: (...all: unknown[]) => toText(args(all)[0]).toUpperCase(),
    lower: (...all: unknown[]) => toText(args(all)[0]).toLowerCase(),
    formatDate: (...all: unknown[]) => {
      const [value, format] = args(all);
      const options = all.at(-1) as { hash?: { tz?: unknown } };
      return formatDate(value, format, options?.hash?.tz);
    },
    /** `number value 2`: fixed decimals; without them, the number as JSON writes it; not a number: ''. */
    number: (...all: unknown[]) => {
      const [value, decimals] = args(all);
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return '';
      return typeof decimals === 'number' && decimals >= 0 && decimals <= 20 ? n.toFixed(decimals) : String(n);
    },
  };
}

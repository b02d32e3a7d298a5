/** Reading plain data safely, and the conversions the evaluator's functions need. */
import { stripFloatNoise } from '../calc/rounding.ts';
import type { ExpressionValue } from './ast.ts';

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/** A plain data object from any realm (JSON.parse, structuredClone), not an instance of some class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An own data property of a plain object; getters and inherited properties do not exist here. */
export function own(holder: unknown, key: string): unknown {
  if (!isPlainObject(holder)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(holder, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

export function dayNumber(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  // Date.UTC rolls 2026-02-30 over to March; such a date is not a date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return time / MS_PER_DAY;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) n += 1; // a low surrogate completes a pair already counted
  }
  return n;
}

export function textOf(value: ExpressionValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(stripFloatNoise(value));
  return String(value);
}

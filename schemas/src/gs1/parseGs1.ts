/**
 * GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, DataBar) as a scanner delivers them: AI by
 * AI, variable-length fields ended by FNC1 (sent as the ASCII group separator, GS, 0x1D), perhaps led
 * by the AIM symbology identifier (`]C1`, `]d2`, `]Q3`, `]e0`) and perhaps written with the AIs in
 * brackets, as printed under the bars: `(01)09501101530003(17)260600(10)AB12`.
 *
 * Pure: no clock unless given (expiry years are read in a window around `today`), no I/O.
 */
import { aiAt, aiSpec, type AiSpec } from './applicationIdentifiers.ts';
import { isValidGtin } from './gtin.ts';

export const GS = '\u001d';

/** The AIM symbology identifiers that mark GS1 data (FNC1 in first position). */
const GS1_SYMBOLOGY_PREFIXES = [']C1', ']d2', ']Q3', ']e0', ']J1'];
/** Scanners that show FNC1 rather than sending GS write one of these. */
const SEPARATOR_SPELLINGS = [/<GS>/g, /\{GS\}/g, /\\x1d/gi, /\u241d/g];

export interface Gs1Element {
  ai: string;
  value: string;
}

/** What Formloom maps to fields: AIs 01, 10, 17, 21 and 30; every element read is in `elements`. */
export interface Gs1Data {
  gtin?: string;
  batch?: string;
  /** ISO date `YYYY-MM-DD`; a printed day 00 means the last day of that month. */
  expiry?: string;
  serial?: string;
  count?: number;
  elements: Gs1Element[];
}

export type Gs1ProblemCode = 'gs1_unknown_ai' | 'gs1_bad_length' | 'gs1_not_numeric' | 'gs1_check_digit' | 'gs1_bad_date' | 'gs1_empty';

export class Gs1ParseError extends Error {
  constructor(
    readonly code: Gs1ProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'Gs1ParseError';
  }
}

export type Gs1Result = { ok: true; gs1: Gs1Data } | { ok: false; error: Gs1ParseError };

export interface Gs1Options {
  /** The day expiry years are read around (GS1's 50-year sliding window); default: now. */
  today?: Date;
}

/**
 * Reads a scanned code as GS1 data. Returns null when the code is not GS1 at all (a plain EAN-13,
 * a Code 39 part number); `{ok: false}` when it says it is GS1 (a symbology prefix, brackets, a GS
 * separator, or AI 01 with a valid GTIN in front) but does not read (a wrong check digit, an
 * unknown AI, a short fixed-length field).
 */
export function parseGs1(raw: string, options: Gs1Options = {}): Gs1Result | null {
  const code = normaliseSeparators(raw.replace(/[\r\n]+$/, ''));
  const prefix = GS1_SYMBOLOGY_PREFIXES.find((p) => code.startsWith(p));
  let body = prefix ? code.slice(prefix.length) : code;
  const bracketed = /^\(\d{2,4}\)/.test(body);
  if (!prefix && !bracketed && !looksLikeGs1(body)) return null;
  // Some scanners (and DataMatrix decoders) send the leading FNC1 too.
  body = withoutLeadingGs(body);
  try {
    const elements = bracketed ? readBracketed(body) : readElementString(body);
    return { ok: true, gs1: toData(elements, options.today ?? new Date()) };
  } catch (err) {
    if (err instanceof Gs1ParseError) return { ok: false, error: err };
    throw err;
  }
}

/** Without a prefix, only a code with a GS separator or one led by AI 01 and a valid GTIN is taken for GS1. */
function looksLikeGs1(body: string): boolean {
  if (body.includes(GS) && aiAt(withoutLeadingGs(body)) !== undefined) return true;
  return body.length > 16 && body.startsWith('01') && isValidGtin(body.slice(2, 16));
}

function withoutLeadingGs(text: string): string {
  let start = 0;
  while (text[start] === GS) start++;
  return text.slice(start);
}

function normaliseSeparators(code: string): string {
  return SEPARATOR_SPELLINGS.reduce((text, spelling) => text.replace(spelling, GS), code);
}

function readElementString(body: string): Gs1Element[] {
  const elements: Gs1Element[] = [];
  let rest = body;
  while (rest.length > 0) {
    const spec = aiAt(rest);
    if (!spec) throw new Gs1ParseError('gs1_unknown_ai', `Unknown GS1 application identifier at "${rest.slice(0, 4)}".`);
    rest = rest.slice(spec.ai.length);
    let value: string;
    if (spec.fixed) {
      value = rest.slice(0, spec.length);
      rest = rest.slice(spec.length);
      // A separator after a fixed-length field is redundant but some printers add one.
      if (rest.startsWith(GS)) rest = rest.slice(1);
    } else {
      const end = rest.indexOf(GS);
      value = end === -1 ? rest : rest.slice(0, end);
      rest = end === -1 ? '' : rest.slice(end + 1);
    }
    elements.push({ ai: spec.ai, value: checkValue(spec, value) });
  }
  if (elements.length === 0) throw new Gs1ParseError('gs1_empty', 'The GS1 code holds no data.');
  return elements;
}

function readBracketed(body: string): Gs1Element[] {
  const elements: Gs1Element[] = [];
  const pattern = /\((\d{2,4})\)([^(]*)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(body)) !== null) {
    const [whole, ai, value] = match;
    const spec = aiSpec(ai);
    if (!spec) throw new Gs1ParseError('gs1_unknown_ai', `Unknown GS1 application identifier (${ai}).`);
    elements.push({ ai, value: checkValue(spec, value.replaceAll(GS, '')) });
    consumed += whole.length;
  }
  if (consumed !== body.length) throw new Gs1ParseError('gs1_unknown_ai', `Cannot read the GS1 code after "${body.slice(0, consumed)}".`);
  if (elements.length === 0) throw new Gs1ParseError('gs1_empty', 'The GS1 code holds no data.');
  return elements;
}

function checkValue(spec: AiSpec, value: string): string {
  if (spec.fixed ? value.length !== spec.length : value.length === 0 || value.length > spec.length) {
    const want = spec.fixed ? `exactly ${spec.length}` : `1 to ${spec.length}`;
    throw new Gs1ParseError('gs1_bad_length', `GS1 (${spec.ai}) must have ${want} characters; it has ${value.length}.`);
  }
  if (spec.numeric && !/^\d+$/.test(value)) throw new Gs1ParseError('gs1_not_numeric', `GS1 (${spec.ai}) must be digits only.`);
  return value;
}

function toData(elements: Gs1Element[], today: Date): Gs1Data {
  const data: Gs1Data = { elements };
  for (const { ai, value } of elements) {
    if (ai === '01') {
      if (!isValidGtin(value)) throw new Gs1ParseError('gs1_check_digit', `The GTIN ${value} has a wrong check digit.`);
      data.gtin = value;
    } else if (ai === '10') data.batch = value;
    else if (ai === '17') data.expiry = gs1Date(value, today);
    else if (ai === '21') data.serial = value;
    else if (ai === '30') data.count = Number(value);
  }
  return data;
}

/**
 * A GS1 YYMMDD date as `YYYY-MM-DD`. The century follows GS1's sliding window (General
 * Specifications 7.12): a year more than 50 years ahead of today's belongs to the last century, one
 * more than 49 years behind to the next. Day 00 means the month's last day.
 */
export function gs1Date(yymmdd: string, today: Date = new Date()): string {
  if (!/^\d{6}$/.test(yymmdd)) throw new Gs1ParseError('gs1_bad_date', `"${yymmdd}" is not a GS1 date (YYMMDD).`);
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  let day = Number(yymmdd.slice(4, 6));
  const thisYear = today.getUTCFullYear();
  const century = Math.floor(thisYear / 100) * 100;
  const difference = yy - (thisYear % 100);
  const year = difference >= 51 ? century - 100 + yy : difference <= -50 ? century + 100 + yy : century + yy;
  if (month < 1 || month > 12) throw new Gs1ParseError('gs1_bad_date', `"${yymmdd}" has no month ${month}.`);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = lastDay;
  if (day > lastDay) throw new Gs1ParseError('gs1_bad_date', `"${yymmdd}" has no day ${day} in that month.`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

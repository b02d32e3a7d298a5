/** Splits an expression into tokens. Positions are 0-based offsets into the source. */
import { ExpressionSyntaxError } from './errors.ts';

export type TokenKind = 'number' | 'text' | 'name' | 'quotedName' | 'operator' | 'end';

export interface Token {
  kind: TokenKind;
  /** The number's value, the text or name after unescaping, or the operator as written. */
  value: string | number;
  start: number;
  end: number;
}

// Longest first, so `<=` is not read as `<` followed by `=`.
const OPERATORS = ['<=', '>=', '!=', '<>', '==', '+', '-', '*', '/', '%', '(', ')', ',', '.', '=', '<', '>'];
/** Spellings from other languages, refused with the word to use instead. */
const FOREIGN_OPERATORS: Record<string, string> = { '&&': 'and', '||': 'or', '!': 'not' };

const NAME_START = /[\p{ID_Start}_]/u;
const NAME_PART = /[\p{ID_Continue}_\u200c\u200d]/u; // keep in step with names.ts
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', '`': '`', n: '\n', t: '\t' };

/** Reads a quoted text or quoted name starting at `start` (the opening quote). */
function readQuoted(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) return { value, end: i + 1 };
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || !(next in ESCAPES)) {
        throw new ExpressionSyntaxError('bad_escape', `Unknown escape "\\${next ?? ''}": use \\\\, \\', \\", \\\`, \\n or \\t`, i);
      }
      value += ESCAPES[next];
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  const what = quote === '`' ? 'quoted name' : 'text';
  throw new ExpressionSyntaxError('unterminated_text', `This ${what} has no closing ${quote}`, start);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const number = /[\d.]/.test(ch) ? NUMBER.exec(source.slice(i, i + 400)) : null;
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new ExpressionSyntaxError('number_too_large', `The number ${number[0]} is too large`, i);
      tokens.push({ kind: 'number', value, start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const { value, end } = readQuoted(source, i);
      tokens.push({ kind: ch === '`' ? 'quotedName' : 'text', value, start: i, end });
      i = end;
      continue;
    }
    // Names may use any letters (數量, cantidad), so match by code point, not by UTF-16 unit.
    const codePoint = String.fromCodePoint(source.codePointAt(i)!);
    if (NAME_START.test(codePoint)) {
      let end = i + codePoint.length;
      while (end < source.length) {
        const part = String.fromCodePoint(source.codePointAt(end)!);
        if (!NAME_PART.test(part)) break;
        end += part.length;
      }
      tokens.push({ kind: 'name', value: source.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    const foreign = Object.keys(FOREIGN_OPERATORS).find((op) => source.startsWith(op, i) && !source.startsWith('!=', i));
    if (foreign) {
      throw new ExpressionSyntaxError('unexpected_character', `Write "${FOREIGN_OPERATORS[foreign]}" instead of "${foreign}"`, i);
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (!operator) {
      throw new ExpressionSyntaxError('unexpected_character', `The character "${codePoint}" cannot be used here`, i);
    }
    tokens.push({ kind: 'operator', value: operator, start: i, end: i + operator.length });
    i += operator.length;
  }
  tokens.push({ kind: 'end', value: '', start: source.length, end: source.length });
  return tokens;
}

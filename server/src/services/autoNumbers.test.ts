import { describe, expect, it } from 'vitest';
import { assertValidAutoNumbers, autoNumbering, formatNumber, parsePattern, periodOf } from './autoNumbers.ts';

const HK = 'Asia/Hong_Kong';

describe('auto-number patterns', () => {
  it('formats literal text, date parts in the time zone and a zero-padded counter', () => {
    const tokens = parsePattern('PR-{YYYY}-{0000}');
    expect(formatNumber(tokens, new Date('2026-03-05T04:00:00Z'), HK, 7)).toBe('PR-2026-0007');
    expect(formatNumber(parsePattern('{YY}{MM}{DD}/{000}'), new Date('2026-03-05T04:00:00Z'), HK, 12)).toBe('260305/012');
    // a counter that outgrows its width keeps counting rather than wrapping
    expect(formatNumber(parsePattern('{00}'), new Date(), HK, 123)).toBe('123');
    expect(formatNumber(parsePattern('No. {0}'), new Date(), HK, 5)).toBe('No. 5');
  });

  it('uses the Hong Kong calendar date by default, not UTC', () => {
    // 16:30 UTC on 31 December is 00:30 on 1 January in Hong Kong (UTC+8)
    const newYearInHk = new Date('2025-12-31T16:30:00Z');
    expect(periodOf(parsePattern('{YYYY}-{0000}'), newYearInHk, HK)).toBe('2026');
    expect(periodOf(parsePattern('{YYYY}-{0000}'), newYearInHk, 'UTC')).toBe('2025');
    expect(formatNumber(parsePattern('{YYYY}{MM}{DD}-{0}'), newYearInHk, HK, 1)).toBe('20260101-1');
  });

  it('resets per the finest date part: yearly, monthly, daily, or never', () => {
    const at = new Date('2026-07-09T02:00:00Z');
    expect(periodOf(parsePattern('{0000}'), at, HK)).toBe('');
    expect(periodOf(parsePattern('{YY}-{0000}'), at, HK)).toBe('2026');
    expect(periodOf(parsePattern('{MM}-{0000}'), at, HK)).toBe('2026-07'); // the month of this year, not every July
    expect(periodOf(parsePattern('{YYYY}{DD}-{0000}'), at, HK)).toBe('2026-07-09');
  });

  it.each([
    ['PR-{YYYY}', /exactly one counter/],
    ['{0000}-{00}', /exactly one counter/],
    ['{YYYYY}-{0000}', /unknown placeholder \{YYYYY\}/],
    ['{yyyy}-{0000}', /unknown placeholder/],
    ['PR-{0000', /does not open or close/],
    ['PR}-{0000}', /does not open or close/],
    ['{0000000000000}', /unknown placeholder/],
    [`${'x'.repeat(101)}{0}`, /longer than 100/],
  ])('refuses %s', (pattern, message) => {
    expect(() => parsePattern(pattern)).toThrow(message);
  });
});

describe('auto-number fields in a form', () => {
  const schema = {
    type: 'object',
    properties: {
      ref: { type: 'string', readOnly: true },
      header: { type: 'object', properties: { no: { type: 'string' } } },
      lines: { type: 'array', items: { type: 'object', properties: { lineNo: { type: 'string' } } } },
    },
  };
  const ui = (extra: object = {}) => ({
    ref: { 'ui:fieldType': 'autonumber', 'ui:options': { pattern: 'R-{YYYY}-{000}' } },
    header: { no: { 'ui:fieldType': 'autonumber' } },
    ...extra,
  });

  it('numbers root and section fields, creating an absent section, and replaces any client value', () => {
    const numbering = autoNumbering('f1', schema, ui(), '2026-02-01T00:00:00Z')!;
    expect(numbering.sequences).toEqual([
      { formId: 'f1', field: '/ref', period: '2026' },
      { formId: 'f1', field: '/header/no', period: '' },
    ]);
    const input = { ref: 'forged', other: 1 };
    expect(numbering.apply(input, [41, 9])).toEqual({ ref: 'R-2026-041', header: { no: '0009' }, other: 1 });
    expect(numbering.apply(input)).toEqual({ ref: 'R-2026-000', header: { no: '0000' }, other: 1 });
    expect(input).toEqual({ ref: 'forged', other: 1 }); // a copy, not the caller's object
  });

  it('has nothing to do for a form without auto-number fields', () => {
    expect(autoNumbering('f1', schema, {}, '2026-02-01T00:00:00Z')).toBeNull();
  });

  it('refuses a field inside a table, a bad pattern, a bad time zone and a non-string schema, with the field path', () => {
    const bad = (uiSchema: object, s: Record<string, unknown> = schema) => {
      try {
        assertValidAutoNumbers(s, uiSchema as Record<string, unknown>);
      } catch (err) {
        return err as { code: string; message: string; details: { path: string; message: string }[] };
      }
      throw new Error('accepted');
    };
    const inTable = bad(ui({ lines: { items: { lineNo: { 'ui:fieldType': 'autonumber' } } } }));
    expect(inTable.code).toBe('invalid_schema');
    expect(inTable.details).toEqual([{ path: '/lines/-/lineNo', message: expect.stringMatching(/inside a table/) }]);
    expect(bad(ui({ ref: { 'ui:fieldType': 'autonumber', 'ui:options': { pattern: 'X' } } })).message).toMatch(
      /Auto-number field \/ref: the pattern needs exactly one counter/,
    );
    expect(bad(ui({ ref: { 'ui:fieldType': 'autonumber', 'ui:options': { pattern: 7 } } })).details[0].path).toBe('/ref');
    expect(bad(ui({ ref: { 'ui:fieldType': 'autonumber', 'ui:options': { timeZone: 'Mars/Olympus' } } })).message).toMatch(/time zone/);
    const numeric = { type: 'object', properties: { ref: { type: 'integer' } } };
    expect(bad({ ref: { 'ui:fieldType': 'autonumber' } }, numeric).message).toMatch(/"type": "string"/);
    expect(() => assertValidAutoNumbers(schema, ui())).not.toThrow();
  });
});

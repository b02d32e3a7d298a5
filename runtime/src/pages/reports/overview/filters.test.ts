import { describe, expect, it } from 'vitest';
import type { ReportableField, ReportResult } from '@formloom/schemas';
import { encodeDefinition, filterConditions, rangeDays, rangeStart, spanDays } from './filters.ts';

// 2026-11-25 23:30 UTC is already the 26th in Hong Kong.
const NOW = new Date('2026-11-25T23:30:00Z');

const field = (key: string, role: ReportableField['role'], values: (string | boolean)[]): ReportableField => ({
  key,
  role,
  title: { en: key, 'zh-Hant': key },
  options: values.map((value) => ({ value, label: { en: String(value), 'zh-Hant': String(value) } })),
});

describe('overview filters', () => {
  it('counts the range in Hong Kong days, today included', () => {
    expect(rangeStart('7', NOW)).toBe('2026-11-20T00:00:00+08:00');
    expect(rangeStart('all', NOW)).toBeNull();
    expect(rangeDays('30', NOW)).toEqual({ from: '2026-10-28', to: '2026-11-26' });
  });

  it('turns chosen values into conditions: eq for a choice and yes/no, contains for a multi-select', () => {
    const fields = [
      field('where', 'choice', ['office', 'home']),
      field('symptoms', 'multiChoice', ['fever']),
      field('contact', 'yesNo', [true, false]),
    ];
    expect(
      filterConditions({ range: 'all', values: { where: 'home', symptoms: 'fever', contact: 'false', gone: 'x' } }, fields, NOW),
    ).toEqual([
      { field: 'data.where', op: 'eq', value: 'home' },
      { field: 'data.symptoms', op: 'contains', value: 'fever' },
      { field: 'data.contact', op: 'eq', value: false },
    ]);
  });

  it('encodes a definition as base64url of its UTF-8 JSON', () => {
    const encoded = encodeDefinition({ formId: 'f', title: { en: 'Temp', 'zh-Hant': '體溫' } } as never);
    expect(encoded).not.toMatch(/[+/=]/);
    const json = new TextDecoder().decode(Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    expect(JSON.parse(json)).toEqual({ formId: 'f', title: { en: 'Temp', 'zh-Hant': '體溫' } });
  });

  it('spans a daily count over the whole range', () => {
    const result: ReportResult = {
      columns: [
        { id: 'period', role: 'dimension', type: 'date', bucket: 'day', label: { en: 'd', 'zh-Hant': 'd' } },
        { id: 'count', role: 'measure', type: 'number', label: { en: 'c', 'zh-Hant': 'c' } },
      ],
      rows: [['2026-11-24', 3]],
      labels: {},
      truncated: false,
      computedAt: NOW.toISOString(),
    };
    expect(spanDays(result, '2026-11-20', '2026-11-26').rows).toEqual([
      ['2026-11-20', 0],
      ['2026-11-24', 3],
      ['2026-11-26', 0],
    ]);
    expect(spanDays({ ...result, rows: [] }, '2026-11-20', '2026-11-26').rows).toEqual([
      ['2026-11-20', 0],
      ['2026-11-26', 0],
    ]);
  });
});

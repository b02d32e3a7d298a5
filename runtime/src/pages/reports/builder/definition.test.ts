import type { ReportDefinition } from '@formloom/schemas';
import { describe, expect, it } from 'vitest';
import { encodeDefinition as encodeAny } from '../overview/filters.ts';
import { blankDefinition, decodeDefinition, settle, titleOf } from './definition.ts';
import { chartFits, opAccepts, type ReportField } from './reportFields.ts';

const encodeDefinition = (value: unknown) => encodeAny(value as ReportDefinition);

const fields: ReportField[] = [
  { id: 'data.category', label: 'Category', kind: 'choice' },
  { id: 'data.amount', label: 'Amount', kind: 'money' },
  { id: 'createdAt', label: 'Submitted at', kind: 'datetime' },
];

describe('report builder definitions', () => {
  it('reads the automatic report’s `from` (base64url of UTF-8 JSON, Chinese titles included) with the defaults filled in', () => {
    const handed = {
      formId: 'f1',
      title: { en: 'Per day', 'zh-Hant': '每日提交' },
      measures: [{ op: 'count' as const }],
      chart: { type: 'line' as const },
    };
    {
      const text = encodeDefinition(handed);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeDefinition(text)).toEqual({ ...blankDefinition('f1'), ...handed });
    }
  });

  it('refuses a mangled or non-definition `from` instead of guessing', () => {
    expect(decodeDefinition('not base64 at all!')).toBeNull();
    expect(decodeDefinition(encodeDefinition({ formId: 'f1', measures: [] }))).toBeNull();
    expect(decodeDefinition(encodeDefinition(['x']))).toBeNull();
  });

  it('drops sorts on columns that went away and falls back to a table when the chart no longer fits', () => {
    const d: ReportDefinition = {
      ...blankDefinition('f1'),
      dimensions: [],
      measures: [{ op: 'sum', field: 'data.amount' }],
      sort: [
        { column: 'd0', descending: true },
        { column: 'm0', descending: false },
      ],
      chart: { type: 'pie' },
    };
    expect(settle(d, fields)).toMatchObject({ sort: [{ column: 'm0', descending: false }], chart: { type: 'table' } });
  });

  it('offers ops by field kind and chart types by the definition’s shape', () => {
    expect(opAccepts('sum', 'money')).toBe(true);
    expect(opAccepts('sum', 'choice')).toBe(false);
    expect(opAccepts('max', 'datetime')).toBe(true);
    expect(opAccepts('countDistinct', 'multiChoice')).toBe(false);
    const perDay = { dimensions: [{ field: 'createdAt', bucket: 'day' as const }], measures: [{ op: 'count' as const }] };
    expect(chartFits('heatmap', perDay, fields)).toBe(true);
    expect(chartFits('heatmap', { ...perDay, dimensions: [{ field: 'createdAt', bucket: 'month' as const }] }, fields)).toBe(false);
    expect(chartFits('number', perDay, fields)).toBe(false);
    expect(chartFits('pivot', perDay, fields)).toBe(false);
  });

  it('titles a report in the reader’s language, then the other one, then a fallback', () => {
    expect(titleOf({ title: { en: 'Spend', 'zh-Hant': '開支' } }, 'zh-Hant', 'x')).toBe('開支');
    expect(titleOf({ title: { en: 'Spend', 'zh-Hant': ' ' } }, 'zh-Hant', 'x')).toBe('Spend');
    expect(titleOf({}, 'en', 'Untitled')).toBe('Untitled');
  });
});

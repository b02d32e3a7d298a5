import { describe, expect, it } from 'vitest';
import { localizeForm } from '@formloom/schemas';
import { createI18n } from '../../i18n/createI18n.ts';
import health from '../../test/fixtures/healthDeclaration.json';
import { columnsFor, dateFormat, systemColumns, type Column } from '../submissionColumns.ts';
import { clausesFrom, describeFilter, draftFor, withColumnFilter } from './filters.ts';

const en = createI18n('en');
const zh = createI18n('zh-Hant');
const doc = { ...health, uiSchema: { ...health.uiSchema, total: { 'ui:fieldType': 'money' } } };
doc.schema = {
  ...health.schema,
  properties: { ...health.schema.properties, total: { type: 'number', title: 'Total' } },
} as typeof health.schema;

function columns(locale: 'en' | 'zh-Hant' = 'en'): Record<string, Column> {
  const t = (locale === 'en' ? en : zh).t;
  const localized = localizeForm(doc.schema, doc.uiSchema, locale);
  const all = [...systemColumns(t, locale), ...columnsFor(localized.schema, localized.uiSchema, t, locale)];
  return Object.fromEntries(all.map((c) => [c.id, c]));
}

describe('column filters', () => {
  const c = columns();

  it('knows each column type: text, number, date-time, choices (single, multiple, yes/no)', () => {
    expect(c['data.workLocation'].filterKind).toBe('choice');
    expect(c['data.workLocation'].choices?.map((x) => x.label)).toContain('Warehouse');
    expect(c['data.symptoms'].multiple).toBe(true);
    expect(c['data.closeContact'].choices).toEqual([
      { value: true, label: 'Yes' },
      { value: false, label: 'No' },
    ]);
    expect(c['data.temperature'].filterKind).toBe('number');
    expect(c.createdAt.filterKind).toBe('datetime');
    expect(c.createdBy.filterKind).toBe('text');
  });

  it('text: contains / exactly / empty, and a blank value filters nothing', () => {
    const col = c.createdBy;
    expect(clausesFrom(col, { kind: 'text', op: 'contains', value: ' 陳 ' })).toEqual([
      { field: 'createdBy', op: 'contains', value: '陳' },
    ]);
    expect(clausesFrom(col, { kind: 'text', op: 'eq', value: 'Chan Mei' })).toEqual([{ field: 'createdBy', op: 'eq', value: 'Chan Mei' }]);
    expect(clausesFrom(col, { kind: 'text', op: 'empty', value: 'ignored' })).toEqual([{ field: 'createdBy', op: 'empty' }]);
    expect(clausesFrom(col, { kind: 'text', op: 'contains', value: '  ' })).toEqual([]);
  });

  it('numbers: a range, either end open; not-a-number ends are ignored', () => {
    const col = c['data.temperature'];
    expect(clausesFrom(col, { kind: 'range', min: '37.5', max: '39' })).toEqual([
      { field: 'data.temperature', op: 'between', value: [37.5, 39] },
    ]);
    expect(clausesFrom(col, { kind: 'range', min: '37.5', max: '' })).toEqual([{ field: 'data.temperature', op: 'gte', value: 37.5 }]);
    expect(clausesFrom(col, { kind: 'range', min: 'abc', max: '36' })).toEqual([{ field: 'data.temperature', op: 'lte', value: 36 }]);
  });

  it('date-times: whole local days, from midnight to the last millisecond of the last day', () => {
    const [clause] = clausesFrom(c.createdAt, { kind: 'range', min: '2025-03-01', max: '2025-03-02' });
    const [from, to] = clause.value as string[];
    expect(new Date(from).getDate()).toBe(1);
    expect(new Date(from).getHours()).toBe(0);
    expect(new Date(to).getDate()).toBe(2);
    expect(new Date(to).getHours()).toBe(23);
    // and back into the editor as the same days
    expect(draftFor(c.createdAt, [clause])).toEqual({ kind: 'range', min: '2025-03-01', max: '2025-03-02' });
  });

  it('choices: one is "eq", several are "in"; multi-selects must hold each chosen option; yes+no is no filter', () => {
    expect(clausesFrom(c['data.workLocation'], { kind: 'choice', values: ['office'] })).toEqual([
      { field: 'data.workLocation', op: 'eq', value: 'office' },
    ]);
    expect(clausesFrom(c['data.workLocation'], { kind: 'choice', values: ['office', 'warehouse'] })).toEqual([
      { field: 'data.workLocation', op: 'in', value: ['office', 'warehouse'] },
    ]);
    expect(clausesFrom(c['data.symptoms'], { kind: 'choice', values: ['cough', 'fever'] })).toEqual([
      { field: 'data.symptoms', op: 'contains', value: 'cough' },
      { field: 'data.symptoms', op: 'contains', value: 'fever' },
    ]);
    expect(clausesFrom(c['data.closeContact'], { kind: 'choice', values: [false] })).toEqual([
      { field: 'data.closeContact', op: 'eq', value: false },
    ]);
    expect(clausesFrom(c['data.closeContact'], { kind: 'choice', values: [true, false] })).toEqual([]);
  });

  it('round-trips every kind through a saved filter, leaving other columns alone', () => {
    let filter = withColumnFilter([], c['data.symptoms'], { kind: 'choice', values: ['cough', 'fever'] });
    filter = withColumnFilter(filter, c['data.temperature'], { kind: 'range', min: '37', max: '' });
    filter = withColumnFilter(filter, c.createdBy, { kind: 'text', op: 'contains', value: 'Mei' });
    expect(draftFor(c['data.symptoms'], filter)).toEqual({ kind: 'choice', values: ['cough', 'fever'] });
    expect(draftFor(c['data.temperature'], filter)).toEqual({ kind: 'range', min: '37', max: '' });
    expect(draftFor(c.createdBy, filter)).toEqual({ kind: 'text', op: 'contains', value: 'Mei' });
    const cleared = withColumnFilter(filter, c['data.temperature'], { kind: 'range', min: '', max: '' });
    expect(cleared.map((f) => f.field)).toEqual(['data.symptoms', 'data.symptoms', 'createdBy']);
  });

  it('describes active filters with labels in the UI language', () => {
    const zc = columns('zh-Hant');
    const filter = [
      ...clausesFrom(zc['data.symptoms'], { kind: 'choice', values: ['cough', 'headache'] }),
      ...clausesFrom(zc['data.total'], { kind: 'range', min: '100', max: '250.5' }),
    ];
    expect(describeFilter(zc['data.symptoms'], filter, zh.t, dateFormat('zh-Hant'))).toBe('今日的病徵: 咳嗽、頭痛');
    expect(describeFilter(zc['data.total'], filter, zh.t, dateFormat('zh-Hant'))).toBe('Total: HK$100.00 至 HK$250.50');
    expect(describeFilter(zc['data.temperature'], filter, zh.t, dateFormat('zh-Hant'))).toBeNull();
    const day = clausesFrom(c.createdAt, { kind: 'range', min: '2025-03-01', max: '' });
    expect(describeFilter(c.createdAt, day, en.t, dateFormat('en'))).toBe('Submitted at: from 1 Mar 2025');
  });
});

import { describe, expect, it } from 'vitest';
import { ReportDefinition } from '../models/reports.ts';
import { automaticReport, reportableFields } from './automatic.ts';

const FORM_ID = '0193a0a0-0000-7000-8000-000000000001';

const health = {
  schema: {
    title: 'Daily health declaration',
    type: 'object',
    properties: {
      notice: { type: 'null', title: 'Before you start' },
      temperature: { type: 'number', title: 'Body temperature (°C)' },
      symptoms: {
        type: 'array',
        uniqueItems: true,
        items: {
          type: 'string',
          oneOf: [
            { const: 'none', title: 'None of these' },
            { const: 'fever', title: 'Fever' },
          ],
        },
        title: 'Symptoms today',
      },
      closeContact: {
        type: 'boolean',
        oneOf: [
          { const: true, title: 'Yes' },
          { const: false, title: 'No' },
        ],
        title: 'Close contact?',
      },
      workLocation: {
        type: 'string',
        oneOf: [
          { const: 'office', title: 'Office' },
          { const: 'home', title: 'Working from home' },
        ],
        title: 'Where are you working today?',
      },
      gps: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } }, title: 'Location' },
      declaration: { type: 'boolean', const: true, title: 'I declare' },
    },
  },
  uiSchema: {
    'ui:order': ['notice', 'temperature', 'symptoms', 'closeContact', 'workLocation', 'gps', 'declaration'],
    notice: { 'ui:fieldType': 'static' },
    temperature: { 'ui:fieldType': 'number' },
    symptoms: { 'ui:fieldType': 'multiselect' },
    closeContact: { 'ui:fieldType': 'yesno' },
    workLocation: { 'ui:fieldType': 'select' },
    gps: { 'ui:fieldType': 'location' },
    declaration: { 'ui:fieldType': 'checkbox' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/properties/temperature/title': '體溫 (°C)',
        '/schema/properties/symptoms/title': '今日的病徵',
        '/schema/properties/symptoms/items/oneOf/1/title': '發燒',
        '/schema/properties/closeContact/oneOf/0/title': '是',
        '/schema/properties/workLocation/title': '今日在哪裏工作？',
        '/schema/properties/workLocation/oneOf/1/title': '在家工作',
      },
    },
  },
};

// Like the sales-order template, plus a delivery date and a money field at the top level; no ui:order.
const salesOrder = {
  schema: {
    type: 'object',
    properties: {
      customerName: { type: 'string', title: 'Customer name' },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } }, title: 'Order lines' },
      total: { type: 'number', multipleOf: 0.01, title: 'Total (HKD)' },
      deposit: { type: 'number', title: 'Deposit' },
      deliveryDate: { type: 'string', format: 'date', title: 'Delivery date' },
      region: { type: 'string', enum: ['hk', 'kln', 'nt'], title: 'Region' },
      orderNo: { type: 'string', title: 'Order number' },
      salesperson: { type: 'string', title: 'Salesperson' },
    },
  },
  uiSchema: {
    total: { 'ui:fieldType': 'calculated' },
    deposit: { 'ui:fieldType': 'money' },
    orderNo: { 'ui:fieldType': 'autonumber' },
    salesperson: { 'ui:fieldType': 'person' },
  },
};

describe('reportableFields', () => {
  it('takes choice, yes/no, number and date fields in the form order, titled in both languages', () => {
    const fields = reportableFields(health.schema, health.uiSchema);
    expect(fields.map((f) => [f.key, f.role])).toEqual([
      ['temperature', 'number'],
      ['symptoms', 'multiChoice'],
      ['closeContact', 'yesNo'],
      ['workLocation', 'choice'],
    ]);
    const where = fields.find((f) => f.key === 'workLocation')!;
    expect(where.title).toEqual({ en: 'Where are you working today?', 'zh-Hant': '今日在哪裏工作？' });
    expect(where.options).toEqual([
      { value: 'office', label: { en: 'Office', 'zh-Hant': 'Office' } },
      { value: 'home', label: { en: 'Working from home', 'zh-Hant': '在家工作' } },
    ]);
    expect(fields.find((f) => f.key === 'closeContact')!.options.map((o) => o.value)).toEqual([true, false]);
  });

  it('falls back to the JSON Schema without ui:fieldType; skips sub-tables, auto-numbers and free text', () => {
    const fields = reportableFields(salesOrder.schema, salesOrder.uiSchema);
    expect(fields.map((f) => [f.key, f.role])).toEqual([
      ['total', 'number'],
      ['deposit', 'money'],
      ['deliveryDate', 'date'],
      ['region', 'choice'],
      ['salesperson', 'person'],
    ]);
  });
});

describe('automaticReport', () => {
  it('health declaration: total, over time, one section per field kind, department and submitter', () => {
    const sections = automaticReport(health.schema, health.uiSchema, FORM_ID);
    expect(sections.map((s) => s.id)).toEqual([
      'total',
      'over-time',
      'figures-temperature',
      'distribution-temperature',
      'breakdown-symptoms',
      'breakdown-closeContact',
      'breakdown-workLocation',
      'department',
      'submitter',
    ]);
    // Every definition is a valid ReportDefinition as it is.
    for (const s of sections) expect(() => ReportDefinition.parse(s.definition)).not.toThrow();
    const byId = Object.fromEntries(sections.map((s) => [s.id, s]));
    expect(byId['total']!.definition).toMatchObject({ dimensions: [], measures: [{ op: 'count' }], chart: { type: 'number' } });
    expect(byId['over-time']!.definition.dimensions).toEqual([{ id: 'period', field: 'createdAt', bucket: 'day' }]);
    expect(byId['figures-temperature']!.definition.measures.map((m) => [m.op, m.field])).toEqual([
      ['sum', 'data.temperature'],
      ['avg', 'data.temperature'],
      ['min', 'data.temperature'],
      ['max', 'data.temperature'],
    ]);
    expect(byId['figures-temperature']!.definition.title).toEqual({ en: 'Body temperature (°C): figures', 'zh-Hant': '體溫 (°C)：數字' });
    // A multi-select's counts overlap, so no pie; a two-option yes/no reads as a pie.
    expect(byId['breakdown-symptoms']!.definition.chart).toEqual({ type: 'bar' });
    expect(byId['breakdown-closeContact']!.definition).toMatchObject({
      dimensions: [{ field: 'data.closeContact' }],
      sort: [{ column: 'count', descending: true }],
      chart: { type: 'pie' },
    });
    expect(byId['submitter']!.definition).toMatchObject({ dimensions: [{ field: 'createdBy' }], limit: 20 });
    expect(byId['department']!.title).toEqual({ en: 'By department', 'zh-Hant': '按部門' });
  });

  it('sales order: money figures, a value distribution, a calendar for the date and a breakdown per person', () => {
    const sections = automaticReport(salesOrder.schema, salesOrder.uiSchema, FORM_ID);
    const byId = Object.fromEntries(sections.map((s) => [s.id, s]));
    expect(byId['figures-deposit']!.definition.measures.map((m) => m.op)).toEqual(['sum', 'avg', 'min', 'max']);
    expect(byId['distribution-deposit']!.definition).toMatchObject({
      dimensions: [{ id: 'value', field: 'data.deposit' }],
      measures: [{ op: 'count' }],
      sort: [{ column: 'value', descending: false }],
      limit: 50,
    });
    expect(byId['calendar-deliveryDate']!.definition).toMatchObject({
      dimensions: [{ field: 'data.deliveryDate', bucket: 'day' }],
      chart: { type: 'heatmap' },
    });
    expect(byId['breakdown-region']!.definition.chart).toEqual({ type: 'pie' });
    expect(byId['breakdown-salesperson']!.definition.chart).toEqual({ type: 'bar' });
    expect(byId['breakdown-orderNo']).toBeUndefined();
    for (const s of sections) expect(() => ReportDefinition.parse(s.definition)).not.toThrow();
  });

  it('an empty schema still has the total, over time, department and submitter sections', () => {
    expect(automaticReport({ type: 'object', properties: {} }, {}, FORM_ID).map((s) => s.kind)).toEqual([
      'total',
      'overTime',
      'department',
      'submitter',
    ]);
  });
});

describe('automaticReport for a viewer with hidden fields', () => {
  it('gives a hidden field no section and keeps the others', () => {
    const all = automaticReport(health.schema, health.uiSchema, FORM_ID);
    const keys = (sections: ReturnType<typeof automaticReport>) =>
      sections.flatMap((s) =>
        s.definition.dimensions
          .concat()
          .map((d) => d.field)
          .concat(s.definition.measures.map((m) => m.field ?? '')),
      );
    const someField = keys(all).find((f) => f.startsWith('data.'))!;
    const hidden = automaticReport(health.schema, health.uiSchema, FORM_ID, [someField.slice('data.'.length)]);
    expect(keys(hidden)).not.toContain(someField);
    expect(hidden.length).toBeLessThan(all.length);
    expect(hidden.map((s) => s.kind)).toContain('total');
  });
});

import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import {
  applyCalculations,
  checkCalculations,
  defaultFieldTypes,
  formatPointer,
  localizeForm,
  MULTIPLE_OF_PRECISION,
  resolvePointer,
} from '@formloom/schemas';
import { findTemplate, templates, type TemplateForm } from './index.ts';

type Json = Record<string, any>;

function compile(form: TemplateForm) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, multipleOfPrecision: MULTIPLE_OF_PRECISION });
  addFormats(ajv);
  return ajv.compile(form.schema);
}

/** What the server does with a submission: fill calculations, then validate. */
function accepts(form: TemplateForm, data: Json): boolean {
  return compile(form)(applyCalculations(form.schema, form.uiSchema, data)) as boolean;
}

const line = (sku: string, quantity: number, unitPrice: number) => ({ sku, description: `Item ${sku}`, quantity, unitPrice });

const samples: Record<string, { good: Json; bad: Record<string, Json> }> = {
  'site-check-in/site-check-in': {
    good: { visit: 'arrive', where: { lat: 22.3918, lng: 113.9771, accuracy: 9 }, note: 'Gate B locked; used gate A.' },
    bad: {
      'no location': { visit: 'arrive' },
      'a typed-in place name': { visit: 'leave', where: 'Tuen Mun' },
      'a latitude off the globe': { visit: 'leave', where: { lat: 122.39, lng: 113.97, accuracy: 9 } },
    },
  },
  'health-declaration/health-declaration': {
    good: { temperature: 36.6, symptoms: ['none'], closeContact: false, workLocation: 'office', declaration: true },
    bad: {
      'a fever-level misreading': { temperature: 98.6, symptoms: ['none'], closeContact: false, workLocation: 'office', declaration: true },
      '"none" with a symptom': {
        temperature: 36.6,
        symptoms: ['none', 'cough'],
        closeContact: false,
        workLocation: 'home',
        declaration: true,
      },
      'no symptoms answer': { temperature: 36.6, symptoms: [], closeContact: false, workLocation: 'home', declaration: true },
      'declaration not ticked': { temperature: 36.6, symptoms: ['none'], closeContact: false, workLocation: 'office', declaration: false },
      'unknown work location': { temperature: 36.6, symptoms: ['none'], closeContact: false, workLocation: 'beach', declaration: true },
    },
  },
  'inventory/item': {
    good: { sku: 'TEA-0042', name: '凍檸茶 Lemon tea', barcode: '4891028164456', unit: 'kg', reorderPoint: 2.5, unitPrice: 96.5 },
    bad: {
      'lower-case SKU': { sku: 'tea-42', name: 'Tea', unit: 'box' },
      'fraction of a cent': { sku: 'TEA-0042', name: 'Tea', unit: 'box', unitPrice: 1.005 },
      'reorder point finer than thousandths': { sku: 'TEA-0042', name: 'Tea', unit: 'kg', reorderPoint: 2.0005 },
      'negative reorder point': { sku: 'TEA-0042', name: 'Tea', unit: 'kg', reorderPoint: -1 },
    },
  },
  'inventory/zone': {
    good: { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' },
    bad: {
      'lower-case code': { code: 'tm-a-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' },
      'no Chinese name': { code: 'TM-A-01', name: 'Tuen Mun A-01' },
    },
  },
  'inventory/stock-movement': {
    good: { movementType: 'transfer', item: 'rec_01HZX', zone: 'z1', toZone: 'z2', quantity: 2.125, reference: 'TR-2025-03', note: '' },
    bad: {
      'a receipt of nothing': { movementType: 'receive', item: 'rec_01HZX', zone: 'z1', quantity: 0 },
      'a negative count': { movementType: 'count', item: 'rec_01HZX', zone: 'z1', quantity: -3 },
      'a transfer with no zone to move to': { movementType: 'transfer', item: 'rec_01HZX', zone: 'z1', quantity: 1 },
      'a quantity finer than thousandths': { movementType: 'issue', item: 'rec_01HZX', zone: 'z1', quantity: 0.0001 },
      'an unknown movement': { movementType: 'adjust', item: 'rec_01HZX', zone: 'z1', quantity: 1 },
      'no item': { movementType: 'receive', zone: 'z1', quantity: 5 },
    },
  },
  'purchase-request/purchase-request': {
    good: {
      department: 'Operations',
      neededBy: '2025-04-01',
      supplier: 'Wing On Stationery Ltd',
      lines: [
        { description: 'A4 paper, 5 reams', quantity: 3, unitPrice: 45.5 },
        { description: 'Toner cartridge', quantity: 2, unitPrice: 19.99 },
      ],
      justification: 'Printer supplies for the quarter.',
    },
    bad: {
      'no lines': { department: 'Ops', neededBy: '2025-04-01', lines: [], justification: 'x' },
      'zero quantity': {
        department: 'Ops',
        neededBy: '2025-04-01',
        lines: [{ description: 'x', quantity: 0, unitPrice: 1 }],
        justification: 'x',
      },
      'not a date': {
        department: 'Ops',
        neededBy: 'next Friday',
        lines: [{ description: 'x', quantity: 1, unitPrice: 1 }],
        justification: 'x',
      },
    },
  },
  'payment-request/payment-request': {
    good: {
      payee: 'Wing On Stationery Ltd',
      invoiceNumber: 'INV-2041',
      lines: [
        { description: 'Paper', category: 'office-supplies', amount: 136.5 },
        { description: 'Taxi to client', category: 'travel', amount: 0.1 },
      ],
      dueDate: '2025-04-30',
    },
    bad: {
      'no lines': { payee: 'A', invoiceNumber: '1', lines: [], dueDate: '2025-04-30' },
      'an unknown category': {
        payee: 'A',
        invoiceNumber: '1',
        lines: [{ description: 'x', category: 'gifts', amount: 1 }],
        dueDate: '2025-04-30',
      },
      'a zero amount': {
        payee: 'A',
        invoiceNumber: '1',
        lines: [{ description: 'x', category: 'travel', amount: 0 }],
        dueDate: '2025-04-30',
      },
    },
  },
  'leave-request/leave-request': {
    good: { leaveType: 'annual', startDate: '2025-04-17', endDate: '2025-04-22', days: 2.5, reason: '' },
    bad: {
      'days not in halves': { leaveType: 'annual', startDate: '2025-04-17', endDate: '2025-04-17', days: 0.3 },
      '"other" without a reason': { leaveType: 'other', startDate: '2025-04-17', endDate: '2025-04-17', days: 1 },
      '"other" with an empty reason': { leaveType: 'other', startDate: '2025-04-17', endDate: '2025-04-17', days: 1, reason: '' },
    },
  },
  'sales-order/sales-order': {
    good: {
      customerName: '陳大文',
      email: 'tai.man.chan@example.com.hk',
      phone: '+852 9123 4567',
      lines: [line('TEA-0042', 2, 96.5), line('CUP-0100', 10, 0.1)],
      shipping: { line1: 'Flat B, 12/F, Tower 1', line2: '8 Hoi Bun Road', district: 'Kwun Tong', region: 'kowloon' },
      notes: 'Deliver after 2 pm.',
    },
    bad: {
      'mainland phone number': {
        customerName: 'x',
        phone: '13812345678',
        lines: [line('A', 1, 1)],
        shipping: { line1: 'x', district: 'x', region: 'kowloon' },
      },
      'unknown region': {
        customerName: 'x',
        phone: '91234567',
        lines: [line('A', 1, 1)],
        shipping: { line1: 'x', district: 'x', region: 'Macau' },
      },
      'fractional quantity': {
        customerName: 'x',
        phone: '91234567',
        lines: [line('A', 1.5, 1)],
        shipping: { line1: 'x', district: 'x', region: 'kowloon' },
      },
    },
  },
};

const forms = templates.flatMap((t) => t.forms.map((form) => [`${t.id}/${form.key}`, form, t] as const));

/** Every string-valued `title`/`description` (schema) and `ui:help`-like key (uiSchema), as pointers. */
function englishStrings(node: unknown, path: string[], keys: string[]): string[] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' && keys.includes(key)
      ? [formatPointer([...path, key])]
      : key === 'ui:i18n'
        ? []
        : englishStrings(value, [...path, key], keys),
  );
}

/**
 * Visits every field (schema, uiSchema, key path), descending into containers: sections and table
 * rows. A location is one field even though its value is an object.
 */
function eachField(schema: Json, uiSchema: Json, visit: (s: Json, ui: Json | undefined, path: string) => void, prefix = '') {
  for (const [key, child] of Object.entries<Json>(schema.properties ?? {})) {
    const ui = uiSchema?.[key];
    visit(child, ui, prefix + key);
    if (!defaultFieldTypes.get(ui?.['ui:fieldType'])?.container) continue;
    if (child.properties) eachField(child, ui, visit, `${prefix}${key}.`);
    if (child.items?.properties) eachField(child.items, ui?.items, visit, `${prefix}${key}[].`);
  }
}

describe('templates', () => {
  it('have the expected, unique ids and can be found by id', () => {
    const ids = templates.map((t) => t.id);
    expect(ids).toEqual([
      'health-declaration',
      'inventory',
      'purchase-request',
      'leave-request',
      'sales-order',
      'site-check-in',
      'payment-request',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(findTemplate('inventory')?.forms.map((f) => f.key)).toEqual(['item', 'zone', 'stock-movement']);
    expect(findTemplate('nope')).toBeUndefined();
  });

  it('are frozen, so an install cannot change them for the next one', () => {
    expect(() => {
      (templates[0].forms[0].schema as Json).title = 'changed';
    }).toThrow(TypeError);
  });

  it('are bilingual at the template and app level', () => {
    for (const t of templates) {
      for (const text of [t.name, t.description, t.app.name, t.app.description, ...t.forms.map((f) => f.name)]) {
        expect(text.en).toMatch(/[A-Za-z]/);
        expect(text['zh-Hant']).toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('have a sample for every form', () => {
    expect(Object.keys(samples).sort()).toEqual(forms.map(([id]) => id).sort());
  });
});

describe.each(forms)('%s', (id, form, template) => {
  const schema = form.schema as Json;
  const uiSchema = form.uiSchema as Json;

  it('compiles with Ajv 2020 in strict mode, with formats', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.title).toMatch(/[A-Za-z]/);
    expect(schema.description).toMatch(/[A-Za-z]/);
    expect(() => compile(form)).not.toThrow();
  });

  it('accepts a realistic submission', () => {
    const validate = compile(form);
    const data = applyCalculations(schema, uiSchema, samples[id].good);
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(Object.entries(samples[id].bad))('rejects a submission with %s', (_why, data) => {
    expect(accepts(form, data)).toBe(false);
  });

  it('marks every field with a registered ui:fieldType, and orders every level', () => {
    const seen: string[] = [];
    eachField(schema, uiSchema, (fieldSchema, ui, path) => {
      seen.push(path);
      expect(defaultFieldTypes.has(ui?.['ui:fieldType']), path).toBe(true);
      if (!defaultFieldTypes.get(ui?.['ui:fieldType'])?.container) return;
      if (fieldSchema.properties) expect(ui?.['ui:order'], path).toEqual(Object.keys(fieldSchema.properties));
      if (fieldSchema.items?.properties) expect(ui?.items?.['ui:order'], path).toEqual(Object.keys(fieldSchema.items.properties));
    });
    expect(seen.length).toBeGreaterThan(3);
    expect(uiSchema['ui:order']).toEqual(Object.keys(schema.properties));
  });

  it('has a zh-Hant translation for every English string, and only pointers that resolve', () => {
    const zh: Record<string, string> = uiSchema['ui:i18n']['zh-Hant'];
    const english = [
      ...englishStrings(schema, ['schema'], ['title', 'description']),
      ...englishStrings(uiSchema, ['uiSchema'], ['ui:help', 'ui:placeholder', 'ui:title', 'ui:description']),
    ];
    expect(english.filter((p) => !(p in zh))).toEqual([]);
    const pair = { schema, uiSchema };
    for (const [pointer, text] of Object.entries(zh)) {
      expect(typeof resolvePointer(pair, pointer).value, pointer).toBe('string');
      expect(text, pointer).toMatch(/\p{Script=Han}/u);
      expect(resolvePointer(pair, pointer).value, `${pointer} holds English`).not.toMatch(/\p{Script=Han}/u);
    }
  });

  it('localizes every title to Chinese', () => {
    const zh = localizeForm(schema, uiSchema, 'zh-Hant');
    const titles = englishStrings(zh.schema, ['schema'], ['title']).map((p) => resolvePointer(zh, p).value);
    expect(titles.length).toBeGreaterThan(3);
    for (const title of titles) expect(title).toMatch(/\p{Script=Han}/u);
  });

  it('writes calculations as expressions that parse and read no field in a circle', () => {
    expect(checkCalculations(schema, uiSchema)).toEqual([]);
    eachField(schema, uiSchema, (_fieldSchema, ui, path) => {
      if (ui?.['ui:fieldType'] !== 'calculated') return;
      expect(typeof ui['ui:options']?.expression, path).toBe('string');
      expect(ui['ui:options'], `${path} uses the deprecated calculate spec`).not.toHaveProperty('calculate');
    });
  });

  it('only uses RE2-compatible patterns, and relations point at a form of the same template', () => {
    eachField(schema, uiSchema, (fieldSchema, ui, path) => {
      if (typeof fieldSchema.pattern === 'string') expect(() => RE2JS.compile(fieldSchema.pattern), path).not.toThrow();
      if (ui?.['ui:fieldType'] === 'relation') {
        expect(
          template.forms.map((f) => f.key),
          path,
        ).toContain(ui['ui:options']?.form);
      }
    });
  });
});

describe('calculated totals', () => {
  it('purchase request total is the sum of quantity × unit price, to the cent', () => {
    const form = findTemplate('purchase-request')!.forms[0];
    const data = applyCalculations(form.schema, form.uiSchema, samples['purchase-request/purchase-request'].good);
    expect(data.total).toBe(176.48); // 3 × 45.50 + 2 × 19.99
  });

  it('sales order total has no float artefacts', () => {
    const form = findTemplate('sales-order')!.forms[0];
    const data = applyCalculations(form.schema, form.uiSchema, samples['sales-order/sales-order'].good);
    expect(data.total).toBe(194); // 2 × 96.50 + 10 × 0.10
  });

  it('both order totals are the documented expression over their lines', () => {
    for (const id of ['purchase-request', 'sales-order']) {
      const ui = findTemplate(id)!.forms[0].uiSchema as Json;
      expect(ui.total['ui:options']).toEqual({ currency: 'HKD', expression: 'sum(lines.quantity * lines.unitPrice)' });
    }
  });

  it('a client-supplied total is replaced, not trusted', () => {
    const form = findTemplate('purchase-request')!.forms[0];
    const tampered = { ...samples['purchase-request/purchase-request'].good, total: 1 };
    expect(applyCalculations(form.schema, form.uiSchema, tampered).total).toBe(176.48);
  });
});

describe('registry patterns', () => {
  it.each(
    defaultFieldTypes
      .list()
      .filter((d) => typeof d.schema.pattern === 'string')
      .map((d) => [d.type, d.schema.pattern as string]),
  )('%s compiles with RE2', (_type, pattern) => {
    expect(() => RE2JS.compile(pattern)).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { templates } from '../../../server/src/templates/index.ts';
import { compileForm } from './compile.ts';
import { importForm } from './import.ts';
import { samplesFor } from './test/samples.ts';
import { createDesignerStore } from './store.ts';
import { validatorFor } from './test/helpers.ts';
import { allFields, type FieldNode } from './tree.ts';

type JsonObject = Record<string, any>;

/** Imports, compiles back, and checks both schemas accept exactly the same samples. */
function roundTrip(schema: JsonObject, uiSchema: JsonObject = {}, extraSamples: unknown[] = []) {
  const doc = importForm(schema, uiSchema);
  const compiled = compileForm(doc);
  expect(compiled.warnings).toEqual([]);
  const before = validatorFor(schema);
  const after = validatorFor(compiled.schema);
  const samples = [...samplesFor(schema, 150), ...extraSamples];
  let valid = 0;
  for (const data of samples) {
    const expected = before(data);
    expect(after(data), `${JSON.stringify(data)} should be ${expected ? 'valid' : 'invalid'}`).toBe(expected);
    if (expected) valid++;
  }
  // The comparison only means something if both answers occurred often.
  expect(valid).toBeGreaterThan(10);
  expect(samples.length - valid).toBeGreaterThan(10);
  // The store takes the imported document as it is.
  expect(() => createDesignerStore(doc)).not.toThrow();
  return { doc, compiled };
}

const byKey = (fields: FieldNode[]) => Object.fromEntries(allFields({ fields }).map((f) => [f.key, f]));

describe('importing the bundled templates', () => {
  const forms = templates.flatMap((t) => t.forms.map((f) => ({ name: `${t.id}/${f.key}`, form: f })));

  it.each(forms)('$name: compiles back to a schema that accepts exactly the same data', ({ form }) => {
    roundTrip(form.schema, form.uiSchema);
  });

  it.each(forms)('$name: recognises every field by its ui:fieldType, none advanced', ({ form }) => {
    const doc = importForm(form.schema, form.uiSchema);
    const walk = (fields: FieldNode[], ui: JsonObject) => {
      for (const f of fields) {
        expect(f.type, f.key).toBe(ui[f.key]['ui:fieldType']);
        if (f.children) walk(f.children, f.type === 'subtable' ? ui[f.key].items : ui[f.key]);
      }
    };
    walk(doc.fields, form.uiSchema);
    expect(doc.title.en).toBe(form.schema.title);
    expect(doc.title['zh-Hant']).toBe(form.name['zh-Hant']);
  });

  it.each(forms)('$name: keeps every zh-Hant string', ({ form }) => {
    const { uiSchema } = compileForm(importForm(form.schema, form.uiSchema));
    const original = (form.uiSchema['ui:i18n'] as JsonObject)['zh-Hant'];
    const compiled = (uiSchema['ui:i18n'] as JsonObject)['zh-Hant'];
    for (const [pointer, text] of Object.entries(original)) expect(compiled[pointer], pointer).toBe(text);
  });

  it('models labels, help, options and limits rather than keeping them verbatim', () => {
    const health = templates.find((t) => t.id === 'health-declaration')!.forms[0];
    const fields = byKey(importForm(health.schema, health.uiSchema).fields);
    expect(fields.temperature).toMatchObject({
      type: 'number',
      required: true,
      label: { en: 'Body temperature (°C)', 'zh-Hant': '體溫 (°C)' },
      placeholder: { en: 'e.g. 36.5', 'zh-Hant': '例如 36.5' },
      props: { minimum: 34, maximum: 43 },
    });
    expect(fields.temperature.extras).toBeUndefined();
    expect(fields.symptoms.props.options).toHaveLength(10);
    expect(fields.symptoms.props.options![1]).toEqual({ value: 'fever', label: { en: 'Fever', 'zh-Hant': '發燒' } });
    // What the designer has no property for stays, verbatim, with the field.
    expect(fields.symptoms.extras?.schema).toEqual({ if: { contains: { const: 'none' } }, then: { maxItems: 1 } });
    expect(fields.declaration.extras?.schema).toEqual({ const: true });
  });
});

describe('importing foreign schemas', () => {
  it('keeps patternProperties and additionalProperties: false', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } },
      required: ['name'],
      patternProperties: { '^x-': { type: 'number' } },
      additionalProperties: false,
    };
    const { doc } = roundTrip(schema, {}, [
      { name: 'a', 'x-score': 1 },
      { name: 'a', 'x-score': 'high' },
      { name: 'a', other: 1 },
    ]);
    expect(doc.extras.schema).toMatchObject({ patternProperties: schema.patternProperties, additionalProperties: false });
    expect(doc.fields.map((f) => [f.key, f.type])).toEqual([
      ['name', 'text'],
      ['age', 'number'],
    ]);
  });

  it('keeps $defs and $ref fields as advanced fields', () => {
    const schema = {
      type: 'object',
      $defs: {
        address: {
          type: 'object',
          properties: { line: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
          required: ['line'],
        },
      },
      properties: { home: { $ref: '#/$defs/address' }, work: { $ref: '#/$defs/address', title: 'Work' } },
      required: ['home'],
    };
    const { doc } = roundTrip(schema, {}, [{ home: { line: 'x' } }, { home: { zip: '12345' } }, { home: { line: 'x', zip: 'abc' } }]);
    expect(doc.fields.map((f) => f.type)).toEqual(['advanced', 'advanced']);
    expect(doc.fields[0].raw!.schema).toEqual({ $ref: '#/$defs/address' });
    expect(doc.fields[1].label.en).toBe('Work');
  });

  it('keeps oneOf of objects intact', () => {
    const schema = {
      type: 'object',
      properties: {
        payment: {
          title: 'Payment',
          oneOf: [
            {
              type: 'object',
              properties: { kind: { const: 'card' }, number: { type: 'string', pattern: '^[0-9]{16}$' } },
              required: ['kind', 'number'],
            },
            { type: 'object', properties: { kind: { const: 'cash' } }, required: ['kind'], additionalProperties: false },
          ],
        },
        amount: { type: 'number', exclusiveMinimum: 0 },
      },
      required: ['payment'],
    };
    const { doc } = roundTrip(schema, {}, [
      { payment: { kind: 'card', number: '1234567812345678' } },
      { payment: { kind: 'cash' } },
      { payment: { kind: 'cash', number: '1' } },
      { payment: { kind: 'card' } },
    ]);
    expect(doc.fields[0]).toMatchObject({ type: 'advanced', required: true, label: { en: 'Payment' } });
  });

  it('keeps nested arrays, and sections with additionalProperties: false', () => {
    const schema = {
      type: 'object',
      properties: {
        matrix: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
        orders: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: {
              ref: { type: 'string' },
              lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
            },
            required: ['ref'],
            additionalProperties: false,
          },
        },
        contact: {
          type: 'object',
          properties: { email: { type: 'string', format: 'email' } },
          required: ['email'],
          additionalProperties: false,
        },
      },
    };
    const { doc } = roundTrip(schema, {}, [
      { matrix: [[1, 2], [3]], orders: [{ ref: 'a', lines: [{ sku: 'x' }] }] },
      { matrix: [[1, 'x']] },
      { orders: [{ ref: 'a', lines: [{}] }] },
      { orders: [{ ref: 'a', extra: 1 }] },
      { contact: { email: 'a@b.hk', phone: '1' } },
    ]);
    const fields = byKey(doc.fields);
    expect(fields.matrix.type).toBe('advanced');
    expect(fields.orders.type).toBe('subtable');
    // A table inside a table row cannot be designed; it is kept as an advanced field.
    expect(fields.lines.type).toBe('advanced');
    expect(fields.contact).toMatchObject({ type: 'section', extras: { schema: { additionalProperties: false } } });
    expect(fields.email.type).toBe('email');
  });

  it('reads a draft-07 schema and keeps its dialect', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { positive: { type: 'number', exclusiveMinimum: 0 } },
      properties: {
        kind: { type: 'string', enum: ['a', 'b'] },
        size: { $ref: '#/definitions/positive' },
        tags: { type: 'array', items: { type: 'string', enum: ['x', 'y'] }, uniqueItems: true },
        agreed: { type: 'boolean', const: true },
        note: { type: ['string', 'null'] },
      },
      dependencies: { size: ['kind'] },
      if: { properties: { kind: { const: 'a' } }, required: ['kind'] },
      then: { required: ['size'] },
      else: { required: ['note'] },
    };
    const { doc, compiled } = roundTrip(schema, {}, [{ kind: 'a', size: 1 }, { kind: 'a' }, { kind: 'b', note: null }, { size: 1 }]);
    expect(compiled.schema.$schema).toBe(schema.$schema);
    const fields = byKey(doc.fields);
    expect(fields.kind.props.options!.map((o) => o.value)).toEqual(['a', 'b']);
    expect(fields.tags.type).toBe('multiselect');
    expect(fields.agreed).toMatchObject({ type: 'checkbox', extras: { schema: { const: true } } });
    expect(fields.note.type).toBe('advanced');
  });

  it('keeps boolean schemas, odd keywords, unknown required names and unknown field types', () => {
    const schema = {
      type: 'object',
      properties: {
        anything: true,
        nothing: false,
        count: { type: 'integer', minimum: 1, maximum: 10, multipleOf: 2 },
        code: { type: 'string', pattern: '^(?=a).*$' },
        money: { type: 'number', multipleOf: 0.01 },
        widget: { type: 'string', maxLength: 3 },
      },
      required: ['count', 'ghost'],
      minProperties: 1,
      dependentRequired: { count: ['widget'] },
    };
    const uiSchema = { widget: { 'ui:fieldType': 'colourPicker', 'ui:options': { palette: 'warm' } }, money: { 'ui:fieldType': 'money' } };
    const { doc, compiled } = roundTrip(schema, uiSchema, [
      { count: 2, ghost: 1 },
      { count: 2 },
      { count: 2, ghost: 1, nothing: 1 },
      { count: 4, ghost: 0, widget: 'abcd' },
    ]);
    const fields = byKey(doc.fields);
    expect(fields.anything.type).toBe('advanced');
    expect(fields.count).toMatchObject({ type: 'number', props: { integer: true, minimum: 1, maximum: 10, multipleOf: 2 } });
    // A lookahead is refused as a designer prop (the server runs RE2) but kept as it was.
    expect(fields.code).toMatchObject({ type: 'text', extras: { schema: { pattern: '^(?=a).*$' } } });
    // Without `minimum: 0` this is not the registry's money field: it is a number with cents.
    expect(fields.money).toMatchObject({ type: 'number', props: { multipleOf: 0.01 } });
    expect(fields.widget.type).toBe('text');
    expect((compiled.uiSchema.widget as JsonObject)['ui:options']).toEqual({ palette: 'warm' });
    expect(doc.extras.schema.required).toEqual(['ghost']);
  });

  it('reads auto-number, relation and calculation options as props, and never puts an auto-number in a table', () => {
    const schema = {
      type: 'object',
      properties: {
        ref: { type: 'string', readOnly: true },
        item: { type: 'string' },
        total: { type: 'number', readOnly: true },
        rows: { type: 'array', items: { type: 'object', properties: { no: { type: 'string', readOnly: true } } } },
      },
    };
    const uiSchema = {
      ref: { 'ui:fieldType': 'autonumber', 'ui:readonly': true, 'ui:options': { pattern: 'PR-{YYYY}-{0000}', timeZone: 'Asia/Hong_Kong' } },
      item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'f-1', displayField: 'name', fill: { unit: 'unit' } } },
      total: { 'ui:fieldType': 'calculated', 'ui:readonly': true, 'ui:options': { expression: 'sum(rows.qty)' } },
      rows: { 'ui:fieldType': 'subtable', items: { no: { 'ui:fieldType': 'autonumber', 'ui:readonly': true } } },
    };
    const doc = importForm(schema, uiSchema);
    const fields = byKey(doc.fields);
    expect(fields.ref).toMatchObject({
      type: 'autonumber',
      props: { autonumberPattern: 'PR-{YYYY}-{0000}' },
      extras: { uiSchema: { 'ui:options': { timeZone: 'Asia/Hong_Kong' } } },
    });
    expect(fields.item).toMatchObject({
      type: 'relation',
      props: { relation: { formId: 'f-1', displayField: 'name', fill: { unit: 'unit' } } },
    });
    expect(fields.item.extras).toBeUndefined();
    expect(fields.total.props).toEqual({ expression: 'sum(rows.qty)' });
    // The server refuses auto-numbers in tables; read as what it is, a read-only text.
    expect(fields.no).toMatchObject({ type: 'text', props: { readOnly: true } });
    const { uiSchema: back } = compileForm(doc);
    expect((back.ref as JsonObject)['ui:options']).toEqual(uiSchema.ref['ui:options']);
    expect((back.item as JsonObject)['ui:options']).toEqual(uiSchema.item['ui:options']);
    expect((back.rows as JsonObject).items.no).toEqual({ 'ui:fieldType': 'text', 'ui:readonly': true });
  });

  it('refuses what is not an object schema', () => {
    expect(() => importForm({ type: 'array' })).toThrow(/object/);
    expect(() => importForm(null)).toThrow(/object/);
    expect(() => importForm({ type: 'object', properties: [] })).toThrow(/properties/);
  });

  it('keeps hostile property names', () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"},"toString":{"type":"string"}}}',
    );
    const { doc } = roundTrip(schema, {}, [JSON.parse('{"constructor": 1, "toString": "x"}'), JSON.parse('{"constructor": "1"}')]);
    expect(doc.fields.map((f) => f.key)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(({} as JsonObject).type).toBeUndefined();
  });

  it('follows ui:order, with * for the rest', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, d: { type: 'string' } },
    };
    const doc = importForm(schema, { 'ui:order': ['c', '*', 'a'] });
    expect(doc.fields.map((f) => f.key)).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('a huge document', () => {
  it('imports and compiles 2000 fields in sections', () => {
    const properties: JsonObject = {};
    for (let s = 0; s < 100; s++) {
      const inner: JsonObject = {};
      for (let f = 0; f < 19; f++) inner[`f${s}_${f}`] = { type: f % 2 ? 'number' : 'string', title: `Field ${f}` };
      properties[`s${s}`] = { type: 'object', properties: inner, required: [`f${s}_0`] };
    }
    const schema = { type: 'object', properties };
    const doc = importForm(schema, {});
    expect(allFields(doc)).toHaveLength(2000);
    const { schema: back } = compileForm(doc);
    const validate = validatorFor(back);
    expect(validate({ s0: { f0_0: 'x' } })).toBe(true);
    expect(validate({ s0: {} })).toBe(false);
  });
});

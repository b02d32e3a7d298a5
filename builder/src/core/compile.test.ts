import { describe, expect, it } from 'vitest';
import { defaultFieldTypes, localizeForm } from '@formloom/schemas';
import { compileForm, SCHEMA_DIALECT } from './compile.ts';
import { doc, field, validatorFor } from './test/helpers.ts';
import type { FieldNode, FormDoc } from './tree.ts';

type JsonObject = Record<string, any>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** One field of every registry type, containers holding a text field each. */
function everyType(): FormDoc {
  const fields: FieldNode[] = defaultFieldTypes.list().map((def) =>
    field(def.type, `f_${def.type}`, {
      label: { en: def.label.en, 'zh-Hant': def.label['zh-Hant'] },
      ...(def.container ? { children: [field('text', `in_${def.type}`)] } : {}),
    }),
  );
  return doc(fields);
}

describe('compileForm', () => {
  it('writes a 2020-12 object schema with properties in tree order, required and ui:order', () => {
    const form = doc([
      field('text', 'name', { required: true, label: { en: 'Name', 'zh-Hant': '姓名' } }),
      field('section', 'address', {
        required: true,
        children: [field('text', 'line1', { required: true }), field('text', 'line2')],
      }),
      field('number', 'age'),
    ]);
    const { schema, uiSchema, warnings } = compileForm(form);
    expect(warnings).toEqual([]);
    expect(schema.$schema).toBe(SCHEMA_DIALECT);
    expect(schema).toMatchObject({ type: 'object', title: 'Test form', required: ['name', 'address'] });
    expect(Object.keys(schema.properties as JsonObject)).toEqual(['name', 'address', 'age']);
    expect((schema.properties as JsonObject).address).toMatchObject({ type: 'object', required: ['line1'] });
    expect(Object.keys((schema.properties as JsonObject).address.properties)).toEqual(['line1', 'line2']);
    expect(uiSchema['ui:order']).toEqual(['name', 'address', 'age']);
    expect((uiSchema.address as JsonObject)['ui:order']).toEqual(['line1', 'line2']);
    expect((uiSchema.name as JsonObject)['ui:fieldType']).toBe('text');
  });

  it('takes each field type fragment from the registry and compiles in strict ajv', () => {
    const { schema, uiSchema } = compileForm(everyType());
    const properties = schema.properties as JsonObject;
    for (const def of defaultFieldTypes.list()) {
      const compiled = properties[`f_${def.type}`];
      const ui = uiSchema[`f_${def.type}`] as JsonObject;
      expect(ui['ui:fieldType']).toBe(def.type);
      for (const [keyword, value] of Object.entries(def.schema)) {
        if (keyword === 'title' || (def.container && (keyword === 'properties' || keyword === 'items'))) continue;
        expect(compiled[keyword], `${def.type}.${keyword}`).toEqual(value);
      }
      for (const [key, value] of Object.entries(def.uiSchema)) expect(ui[key], `${def.type} ${key}`).toEqual(value);
    }
    expect(() => validatorFor(schema)).not.toThrow();
  });

  it('writes props as schema keywords and uiSchema entries', () => {
    const options = [
      { value: 'a', label: { en: 'Apple', 'zh-Hant': '蘋果' } },
      { value: 'b', label: { en: 'Banana', 'zh-Hant': '' } },
    ];
    const form = doc([
      field('number', 'qty', { props: { integer: true, minimum: 1, maximum: 9, default: 2, width: 'half' } }),
      field('text', 'hkid', { props: { patternPreset: 'hkid', maxLength: 12, readOnly: true } }),
      field('text', 'contact', { props: { patternPreset: 'email', hidden: true } }),
      field('select', 'fruit', { props: { options } }),
      field('multiselect', 'fruits', { props: { options, minItems: 1 } }),
      field('row', 'cols', { props: { columns: 3 } }),
      field('calculated', 'total', { props: { calculate: { sumOf: 'lines', multiply: ['qty'] }, expression: 'sum(lines.qty)' } }),
      field('autonumber', 'ref', { props: { autonumberPattern: 'PR-{YYYY}-{0000}' } }),
      field('relation', 'item', { props: { relation: { formId: 'f1', displayField: 'name', fill: { unit: 'unit' } } } }),
      field('static', 'note', { props: { variant: 'text' }, description: { en: 'Read me', 'zh-Hant': '請閱讀' } }),
    ]);
    const { schema, uiSchema } = compileForm(form);
    const p = schema.properties as JsonObject;
    expect(p.qty).toMatchObject({ type: 'integer', minimum: 1, maximum: 9, default: 2 });
    expect(p.hkid).toMatchObject({ type: 'string', pattern: defaultFieldTypes.get('hkid')!.schema.pattern, maxLength: 12, readOnly: true });
    expect(p.contact).toMatchObject({ type: 'string', format: 'email' });
    expect(p.fruit.oneOf).toEqual([
      { const: 'a', title: 'Apple' },
      { const: 'b', title: 'Banana' },
    ]);
    expect(p.fruits).toMatchObject({ type: 'array', uniqueItems: true, minItems: 1, items: { type: 'string', oneOf: p.fruit.oneOf } });
    expect(p.note).toMatchObject({ type: 'null', title: 'note', description: 'Read me' });
    const ui = uiSchema as Record<string, JsonObject>;
    expect(ui.qty['ui:options']).toEqual({ width: 'half' });
    expect(ui.hkid['ui:readonly']).toBe(true);
    expect(ui.contact['ui:widget']).toBe('hidden');
    expect(ui.cols['ui:options']).toEqual({ columns: 3 });
    expect(ui.total['ui:options']).toEqual({ calculate: { sumOf: 'lines', multiply: ['qty'] }, expression: 'sum(lines.qty)' });
    expect(ui.ref['ui:options']).toEqual({ pattern: 'PR-{YYYY}-{0000}' });
    expect(ui.item['ui:options']).toEqual({ form: 'f1', displayField: 'name', fill: { unit: 'unit' } });
    expect(ui.note['ui:options']).toEqual({ variant: 'text' });
    const i18n = (uiSchema['ui:i18n'] as JsonObject)['zh-Hant'];
    expect(i18n['/schema/properties/fruit/oneOf/0/title']).toBe('蘋果');
    expect(i18n['/schema/properties/fruits/items/oneOf/0/title']).toBe('蘋果');
    expect(i18n['/schema/properties/fruit/oneOf/1/title']).toBeUndefined();
    expect(i18n['/schema/properties/note/description']).toBe('請閱讀');

    const validate = validatorFor(schema);
    expect(validate({ qty: 3, fruit: 'a', fruits: ['a'], hkid: 'A123456(7)', contact: 'a@b.hk' })).toBe(true);
    expect(validate({ qty: 3.5 })).toBe(false);
    expect(validate({ qty: 10 })).toBe(false);
    expect(validate({ fruit: 'c' })).toBe(false);
    expect(validate({ fruits: ['a', 'a'] })).toBe(false);
    expect(validate({ fruits: [] })).toBe(false);
    expect(validate({ hkid: 'A1234567' })).toBe(false);
    expect(validate({ contact: 'not an email' })).toBe(false);
  });

  it('puts every zh-Hant string under a pointer that localizeForm resolves', () => {
    const form: FormDoc = {
      ...doc([
        field('text', 'name', {
          label: { en: 'Name', 'zh-Hant': '姓名' },
          help: { en: 'As on your ID', 'zh-Hant': '與身份證相同' },
          placeholder: { en: 'Chan Tai Man', 'zh-Hant': '陳大文' },
        }),
        field('subtable', 'lines', {
          label: { en: 'Lines', 'zh-Hant': '明細' },
          children: [field('money', 'price', { label: { en: 'Price', 'zh-Hant': '價錢' } })],
        }),
        field('yesno', 'ok', { label: { en: 'OK?', 'zh-Hant': '可以嗎？' } }),
        field('phone', 'tel'),
      ]),
      title: { en: 'Order', 'zh-Hant': '訂單' },
      description: { en: 'An order', 'zh-Hant': '一張訂單' },
    };
    const { schema, uiSchema } = compileForm(form);
    const zh = localizeForm(schema, uiSchema, 'zh-Hant');
    const s = zh.schema as JsonObject;
    const u = zh.uiSchema as JsonObject;
    expect(s.title).toBe('訂單');
    expect(s.description).toBe('一張訂單');
    expect(s.properties.name.title).toBe('姓名');
    expect(u.name['ui:help']).toBe('與身份證相同');
    expect(u.name['ui:placeholder']).toBe('陳大文');
    expect(s.properties.lines.items.properties.price.title).toBe('價錢');
    // The registry's own strings come with their translations.
    expect(s.properties.ok.oneOf.map((o: JsonObject) => o.title)).toEqual(['是', '否']);
    expect(u.tel['ui:placeholder']).toBe('例如 9123 4567');
    expect((schema.properties as JsonObject).name.title).toBe('Name');
  });

  it('does not touch the document and compiles the same document the same way', () => {
    const form = deepFreeze(everyType());
    const first = compileForm(form);
    expect(compileForm(form)).toEqual(first);
  });

  it('keeps hostile keys as plain own properties', () => {
    const form = doc([field('text', '__proto__', { required: true }), field('text', 'constructor'), field('text', 'toString')]);
    const { schema, uiSchema } = compileForm(form);
    const properties = schema.properties as JsonObject;
    expect(Object.keys(properties)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.hasOwn(uiSchema, '__proto__')).toBe(true);
    const validate = validatorFor(JSON.parse(JSON.stringify(schema)));
    expect(validate(JSON.parse('{"__proto__": "x", "constructor": "y", "toString": "z"}'))).toBe(true);
    expect(validate(JSON.parse('{"__proto__": "x", "constructor": 5, "toString": "z"}'))).toBe(false);
    // ajv reads `data.constructor` without an own-property check, so data without the key fails
    // (and it cannot check a `__proto__` property at all): why both are reserved keys in the designer.
    expect(validate(JSON.parse('{"__proto__": "x", "toString": "z"}'))).toBe(false);
  });

  it('merges kept extras over the modelled parts and keeps root extras', () => {
    const form: FormDoc = {
      ...doc([
        field('number', 'qty', { extras: { schema: { not: { const: 0 } }, uiSchema: { 'ui:options': { step: 5 } } } }),
        // After an edit in the property panel, the panel's value wins over what import kept.
        field('text', 'code', {
          props: { pattern: '^a', width: 'half' },
          extras: { schema: { pattern: '^(?=b)' }, uiSchema: { 'ui:options': { width: 'full' } } },
        }),
        field('subtable', 'rows', {
          children: [field('text', 'a')],
          extras: { schema: { maxItems: 3, items: { additionalProperties: false } }, uiSchema: { items: { 'ui:x': 1 } } },
        }),
      ]),
      extras: {
        schema: { $defs: { n: { type: 'number' } }, additionalProperties: false },
        uiSchema: { 'ui:submitButtonOptions': { norender: false } },
      },
    };
    const { schema, uiSchema } = compileForm(form);
    const p = schema.properties as JsonObject;
    expect(p.qty).toMatchObject({ type: 'number', not: { const: 0 } });
    expect(p.code.pattern).toBe('^a');
    expect((uiSchema.code as JsonObject)['ui:options']).toEqual({ width: 'half' });
    expect(p.rows).toMatchObject({
      maxItems: 3,
      items: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
    });
    expect(schema).toMatchObject({ $defs: { n: { type: 'number' } }, additionalProperties: false });
    expect(uiSchema['ui:submitButtonOptions']).toEqual({ norender: false });
    expect((uiSchema.rows as JsonObject).items).toMatchObject({ 'ui:x': 1, 'ui:order': ['a'] });
    const validate = validatorFor(schema);
    expect(validate({ qty: 1, rows: [{ a: 'x' }] })).toBe(true);
    expect(validate({ qty: 0 })).toBe(false);
    expect(validate({ rows: [{ a: 'x', b: 1 }] })).toBe(false);
    expect(validate({ other: 1 })).toBe(false);
  });
});

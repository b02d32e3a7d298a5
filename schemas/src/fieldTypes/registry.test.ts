import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  createFieldTypeRegistry,
  defaultFieldTypes,
  DuplicateFieldTypeError,
  InvalidFieldTypeError,
  UnknownFieldTypeError,
} from './registry.ts';
import { fieldCategories, type FieldTypeDefinition } from './types.ts';
import { MULTIPLE_OF_PRECISION } from './builtins/index.ts';
import { resolvePointer } from '../i18n/pointer.ts';

function strictAjv(options: { multipleOfPrecision?: number } = { multipleOfPrecision: MULTIPLE_OF_PRECISION }) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ...options });
  addFormats(ajv);
  return ajv;
}

const sample: FieldTypeDefinition = {
  type: 'colour',
  category: 'basic',
  label: { en: 'Colour', 'zh-Hant': '顏色' },
  schema: { type: 'string' },
  uiSchema: { 'ui:fieldType': 'colour' },
  valueKind: 'string',
};

// The brief's list of built-in types with their Hong Kong Traditional Chinese labels.
const expectedLabels: Record<string, string> = {
  text: '單行文字',
  textarea: '多行文字',
  number: '數字',
  money: '金額 (港幣)',
  date: '日期',
  time: '時間',
  datetime: '日期時間',
  select: '下拉單選',
  multiselect: '下拉多選',
  radio: '單選',
  checkbox: '核取方塊',
  yesno: '是/否',
  email: '電郵',
  phone: '電話',
  hkid: '香港身份證',
  file: '附件',
  photo: '相片',
  signature: '手寫簽名',
  digitalSignature: '數碼簽署（證書）',
  location: '位置',
  barcode: '條碼',
  rating: '評分',
  static: '說明文字',
  section: '分組',
  row: '分欄',
  subtable: '子表格',
  calculated: '計算',
  autonumber: '自動編號',
  person: '人員',
  department: '部門',
  currentUser: '目前使用者',
  submitTime: '提交時間',
  relation: '關聯記錄',
};

describe('createFieldTypeRegistry', () => {
  it('throws DuplicateFieldTypeError on a second registration of the same type', () => {
    const registry = createFieldTypeRegistry();
    registry.register(sample);
    expect(() => registry.register({ ...sample, label: { en: 'Color', 'zh-Hant': '色' } })).toThrow(DuplicateFieldTypeError);
    expect(registry.list()).toHaveLength(1);
    expect(registry.get('colour')?.label.en).toBe('Colour');
  });

  it('rejects a definition whose ui:fieldType does not name it', () => {
    const registry = createFieldTypeRegistry();
    expect(() => registry.register({ ...sample, uiSchema: { 'ui:fieldType': 'text' } })).toThrow(InvalidFieldTypeError);
    expect(registry.has('colour')).toBe(false);
  });

  it('keeps a frozen copy, leaving the caller’s object editable', () => {
    const registry = createFieldTypeRegistry();
    const def = structuredClone(sample);
    registry.register(def);
    def.schema.maxLength = 3;
    const stored = registry.getOrThrow('colour');
    expect(stored.schema.maxLength).toBeUndefined();
    expect(() => {
      (stored.schema as Record<string, unknown>).maxLength = 3;
    }).toThrow(TypeError);
  });

  it('getOrThrow names the missing type; get returns undefined', () => {
    const registry = createFieldTypeRegistry([sample]);
    expect(registry.get('nope')).toBeUndefined();
    expect(() => registry.getOrThrow('nope')).toThrow(UnknownFieldTypeError);
  });

  it('groups by category in registration order, listing empty categories too', () => {
    const registry = createFieldTypeRegistry([sample, { ...sample, type: 'b', uiSchema: { 'ui:fieldType': 'b' } }]);
    const groups = registry.byCategory();
    expect(Object.keys(groups)).toEqual([...fieldCategories]);
    expect(groups.basic.map((d) => d.type)).toEqual(['colour', 'b']);
    expect(groups.layout).toEqual([]);
  });

  it('can start from the defaults and extend them', () => {
    const registry = createFieldTypeRegistry(defaultFieldTypes.list());
    registry.register(sample);
    expect(registry.list()).toHaveLength(defaultFieldTypes.list().length + 1);
    expect(() => registry.register(defaultFieldTypes.getOrThrow('text'))).toThrow(DuplicateFieldTypeError);
  });
});

describe('defaultFieldTypes', () => {
  const defs = defaultFieldTypes.list();

  it('holds exactly the built-in types, with their zh-Hant labels', () => {
    expect(Object.fromEntries(defs.map((d) => [d.type, d.label['zh-Hant']]))).toEqual(expectedLabels);
  });

  it('is read-only', () => {
    expect('register' in defaultFieldTypes).toBe(false);
  });

  it.each(defs.map((d) => [d.type, d] as const))('%s has both labels, non-empty', (_type, def) => {
    expect(def.label.en.trim()).not.toBe('');
    expect(def.label['zh-Hant']).toMatch(/\p{Script=Han}/u);
    if (def.description) {
      expect(def.description.en.trim()).not.toBe('');
      expect(def.description['zh-Hant']).toMatch(/\p{Script=Han}/u);
    }
  });

  it.each(defs.map((d) => [d.type, d] as const))('%s schema compiles with Ajv 2020 strict mode', (_type, def) => {
    const ajv = strictAjv();
    expect(() => ajv.compile(def.schema)).not.toThrow();
    // And as a property of a form, which is how it is used.
    expect(() => ajv.compile({ type: 'object', properties: { field: def.schema } })).not.toThrow();
  });

  it.each(defs.map((d) => [d.type, d] as const))('%s valueKind agrees with its schema type', (_type, def) => {
    const kinds: Record<string, string> = {
      string: 'string',
      number: 'number',
      integer: 'number',
      boolean: 'boolean',
      array: 'array',
      object: 'object',
      null: 'none',
    };
    expect(def.valueKind).toBe(kinds[def.schema.type as string]);
    expect(def.uiSchema['ui:fieldType']).toBe(def.type);
  });

  it('marks exactly the layout holders as containers', () => {
    expect(defs.filter((d) => d.container).map((d) => d.type)).toEqual(['section', 'row', 'subtable']);
  });

  it.each(defs.map((d) => [d.type, d] as const))('%s translates every English string in its fragment', (_type, def) => {
    const pair = { schema: def.schema, uiSchema: def.uiSchema };
    const translations = def.i18n?.['zh-Hant'] ?? {};
    for (const [pointer, text] of Object.entries(translations)) {
      expect(typeof resolvePointer(pair, pointer).value, pointer).toBe('string');
      expect(text).toMatch(/\p{Script=Han}/u);
    }
    const english: string[] = [];
    const walk = (node: unknown, pointer: string): void => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        const here = `${pointer}/${key}`;
        if (typeof value === 'string' && ['title', 'description', 'ui:help', 'ui:placeholder'].includes(key)) english.push(here);
        else walk(value, here);
      }
    };
    walk(def.schema, '/schema');
    walk(def.uiSchema, '/uiSchema');
    expect(english.filter((p) => !(p in translations))).toEqual([]);
  });
});

describe('built-in fragments validate what they should', () => {
  const ajv = strictAjv();
  const check = (type: string, value: unknown) => ajv.validate(defaultFieldTypes.getOrThrow(type).schema, value);

  it('phone accepts Hong Kong numbers, with or without +852', () => {
    for (const ok of ['91234567', '2345 6789', '+85291234567', '+852 91234567', '+852 5123 4567'])
      expect(check('phone', ok), ok).toBe(true);
    for (const bad of ['12345678', '9123456', '912345678', '+86 91234567', '(852) 91234567', '9123-4567']) {
      expect(check('phone', bad), bad).toBe(false);
    }
  });

  it('hkid accepts the A123456(7) shape only', () => {
    for (const ok of ['A123456(7)', 'AB987654(A)', 'Z000000(0)']) expect(check('hkid', ok), ok).toBe(true);
    for (const bad of ['A1234567', 'a123456(7)', 'A12345(6)', 'ABC123456(7)', 'A123456(B)']) expect(check('hkid', bad), bad).toBe(false);
  });

  it('money takes cents, not fractions of a cent or negatives', () => {
    for (const ok of [0, 19.99, 0.1 + 0.2, 1234567.89, 539451345.43, 987654321.99]) expect(check('money', ok), String(ok)).toBe(true);
    for (const bad of [1.001, -1, '10']) expect(check('money', bad), String(bad)).toBe(false);
  });

  it('money needs MULTIPLE_OF_PRECISION: without it, or with a tighter one, whole cents fail', () => {
    const money = defaultFieldTypes.getOrThrow('money').schema;
    expect(strictAjv({}).validate(money, 19.99)).toBe(false);
    expect(strictAjv({ multipleOfPrecision: 6 }).validate(money, 539451345.43)).toBe(false);
  });

  it('checks the other presets', () => {
    expect(check('rating', 5)).toBe(true);
    expect(check('rating', 6)).toBe(false);
    expect(check('rating', 2.5)).toBe(false);
    expect(check('location', { lat: 22.3, lng: 114.17, accuracy: 12 })).toBe(true);
    expect(check('location', { lat: 91, lng: 0 })).toBe(false);
    expect(check('location', { lat: 22.3 })).toBe(false);
    expect(check('multiselect', ['option-1', 'option-2'])).toBe(true);
    expect(check('multiselect', ['option-1', 'option-1'])).toBe(false);
    expect(check('yesno', false)).toBe(true);
    expect(check('yesno', 'no')).toBe(false);
    expect(check('static', null)).toBe(true);
    expect(check('static', 'text')).toBe(false);
    expect(check('time', '09:30')).toBe(true);
    expect(check('time', '09:30:00')).toBe(true);
    expect(check('time', '24:00')).toBe(false);
    expect(check('time', '9:30')).toBe(false);
    expect(check('date', '2025-02-30')).toBe(false);
    expect(check('email', 'chan.tai.man@example.com.hk')).toBe(true);
    expect(check('email', 'not an email')).toBe(false);
  });

  it('digitalSignature holds the id of a completed signature and nothing else', () => {
    expect(check('digitalSignature', { signatureId: '0193a5b2-7c1e-7000-8000-000000000001' })).toBe(true);
    for (const bad of [{}, { signatureId: '' }, { signatureId: 'x', cms: 'MII…' }, 'x', null]) {
      expect(check('digitalSignature', bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('says a drawn signature is a picture, not a digital signature', () => {
    const drawn = defaultFieldTypes.getOrThrow('signature');
    expect(drawn.label).toEqual({ en: 'Drawn signature', 'zh-Hant': '手寫簽名' });
    expect(drawn.description?.en).toMatch(/not a digital signature/);
    expect(drawn.description?.['zh-Hant']).toMatch(/並非數碼簽署/);
  });
});

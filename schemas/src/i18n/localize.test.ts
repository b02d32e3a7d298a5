import { describe, expect, it } from 'vitest';
import { localized, localizeForm, translationsFor } from './localize.ts';
import { escapePointerToken, formatPointer, parsePointer, resolvePointer } from './pointer.ts';

function sampleForm() {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    title: 'Health declaration',
    properties: {
      temperature: { type: 'number', title: 'Temperature' },
      symptoms: {
        type: 'array',
        title: 'Symptoms',
        uniqueItems: true,
        items: {
          type: 'string',
          oneOf: [
            { const: 'none', title: 'None' },
            { const: 'fever', title: 'Fever' },
          ],
        },
      },
      'a/b~c': { type: 'string', title: 'Odd key' },
      nested: { type: 'object', title: 'Nested', properties: {} },
    },
  };
  const uiSchema = {
    temperature: { 'ui:fieldType': 'number', 'ui:help': 'In °C' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/title': '健康申報',
        '/schema/properties/temperature/title': '體溫',
        '/schema/properties/symptoms/items/oneOf/1/title': '發燒',
        '/uiSchema/temperature/ui:help': '以攝氏計',
        '/schema/properties/a~1b~0c/title': '奇怪的鍵',
        '/schema/properties/gone/title': '已刪除',
        '/uiSchema/temperature/ui:placeholder': '沒有英文原文',
        '/schema/properties/nested': '不應取代物件',
        '/schema/properties/symptoms/items/oneOf/9/title': '超出範圍',
        'no-leading-slash': '無效',
        '/schema/properties/bad~2/title': '無效轉義',
        '/uiSchema/ui:i18n/zh-Hant/~1schema~1title': '改寫自己',
      },
    },
  };
  return { schema, uiSchema };
}

describe('localizeForm', () => {
  it('applies the locale’s pointers to copies', () => {
    const { schema, uiSchema } = sampleForm();
    const out = localizeForm(schema, uiSchema, 'zh-Hant');
    expect(out.schema.title).toBe('健康申報');
    const props = out.schema.properties as any;
    expect(props.temperature.title).toBe('體溫');
    expect(props.symptoms.items.oneOf[1].title).toBe('發燒');
    expect(props.symptoms.items.oneOf[0].title).toBe('None');
    expect((out.uiSchema.temperature as any)['ui:help']).toBe('以攝氏計');
  });

  it('unescapes ~1 and ~0 in pointers', () => {
    const { schema, uiSchema } = sampleForm();
    expect((localizeForm(schema, uiSchema, 'zh-Hant').schema.properties as any)['a/b~c'].title).toBe('奇怪的鍵');
  });

  it('ignores pointers that do not resolve to an existing string', () => {
    const { schema, uiSchema } = sampleForm();
    const out = localizeForm(schema, uiSchema, 'zh-Hant');
    const props = out.schema.properties as any;
    expect(props.gone).toBeUndefined();
    expect((out.uiSchema.temperature as any)['ui:placeholder']).toBeUndefined();
    expect(props.nested).toEqual({ type: 'object', title: 'Nested', properties: {} });
    expect(props.symptoms.items.oneOf).toHaveLength(2);
    expect((out.uiSchema['ui:i18n'] as any)['zh-Hant']['/schema/title']).toBe('健康申報');
  });

  it('never mutates its inputs, and returns independent copies', () => {
    const { schema, uiSchema } = sampleForm();
    const before = structuredClone({ schema, uiSchema });
    const out = localizeForm(schema, uiSchema, 'zh-Hant');
    expect({ schema, uiSchema }).toEqual(before);
    (out.schema.properties as any).temperature.title = 'changed';
    expect(schema.properties.temperature.title).toBe('Temperature');
  });

  it('returns equal but separate copies for en', () => {
    const { schema, uiSchema } = sampleForm();
    const out = localizeForm(schema, uiSchema, 'en');
    expect(out).toEqual({ schema, uiSchema });
    expect(out.schema).not.toBe(schema);
    expect(out.schema.properties).not.toBe(schema.properties);
    expect(out.uiSchema.temperature).not.toBe(uiSchema.temperature);
  });

  it('copes with a form that has no ui:i18n', () => {
    const out = localizeForm({ type: 'object', title: 'T' }, {}, 'zh-Hant');
    expect(out.schema.title).toBe('T');
    expect(translationsFor({ 'ui:i18n': { 'zh-Hant': 'oops' } }, 'zh-Hant')).toEqual({});
  });
});

describe('localized', () => {
  it('picks the locale, falling back to English when a translation is empty', () => {
    expect(localized({ en: 'Date', 'zh-Hant': '日期' }, 'zh-Hant')).toBe('日期');
    expect(localized({ en: 'Date', 'zh-Hant': '日期' }, 'en')).toBe('Date');
    expect(localized({ en: 'Date', 'zh-Hant': '' }, 'zh-Hant')).toBe('Date');
  });
});

describe('JSON Pointer helpers', () => {
  it('escapes ~ before / so the two never mix', () => {
    expect(escapePointerToken('a~/b')).toBe('a~0~1b');
    expect(formatPointer(['schema', 'properties', 'x/y', 0])).toBe('/schema/properties/x~1y/0');
    expect(parsePointer('/a~01')).toEqual(['a~1']);
    expect(parsePointer('/a~10')).toEqual(['a/0']);
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a/~2')).toBeUndefined();
    expect(parsePointer('a')).toBeUndefined();
  });

  it('resolves only own properties and canonical array indices', () => {
    const doc = { list: ['a', 'b'], obj: { '': 'empty key' } };
    expect(resolvePointer(doc, '/list/1')).toEqual({ found: true, value: 'b' });
    expect(resolvePointer(doc, '/list/01').found).toBe(false);
    expect(resolvePointer(doc, '/list/-').found).toBe(false);
    expect(resolvePointer(doc, '/obj/')).toEqual({ found: true, value: 'empty key' });
    expect(resolvePointer(doc, '/obj/toString').found).toBe(false);
    expect(resolvePointer(doc, '/__proto__').found).toBe(false);
  });
});

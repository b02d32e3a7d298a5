import { describe, expect, it } from 'vitest';
import { compileForm } from './compile.ts';
import { FormImportError } from './errors.ts';
import { importForm } from './import.ts';
import { createDesignerStore } from './store.ts';
import { validatorFor } from './test/helpers.ts';
import { makeRandom, samplesFor } from './test/samples.ts';

type JsonObject = Record<string, any>;

/** Random schema-ish JSON: mostly sensible keywords, sometimes nonsense, never trusted. */
function randomSchema(random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  if (random() < 0.05) return pick([true, false, null, 3, 'x', [], {}]);
  const type = pick(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null', undefined, ['string', 'null']]);
  const schema: JsonObject = type === undefined ? {} : { type };
  if (random() < 0.5) schema.title = pick(['Name', '', 'constructor', '__proto__', '名稱']);
  if (type === 'string') {
    if (random() < 0.3) schema.format = pick(['date', 'date-time', 'email']);
    if (random() < 0.3) schema.minLength = pick([0, 1, 3]);
    if (random() < 0.3)
      schema.enum = pick([
        ['a', 'b'],
        ['a', 'a'],
        ['', 'x'],
        [1, 'x'],
      ]);
    if (random() < 0.2)
      schema.oneOf = pick([
        [{ const: 'a', title: 'A' }, { const: 'b' }],
        [{ const: 'a' }, { type: 'string' }],
      ]);
  }
  if (type === 'number' || type === 'integer') {
    if (random() < 0.4) schema.minimum = pick([0, 1, -5]);
    if (random() < 0.3) schema.maximum = pick([10, 100]);
    if (random() < 0.3) schema.multipleOf = pick([0.01, 0.5, 2]);
  }
  if (type === 'boolean' && random() < 0.3) schema.const = true;
  if (type === 'array' && depth < 4) {
    schema.items = random() < 0.6 ? randomObject(random, depth + 1) : randomSchema(random, depth + 1);
    if (random() < 0.3) schema.minItems = 1;
    if (random() < 0.3) schema.uniqueItems = true;
  }
  if ((type === 'object' || type === undefined) && depth < 4 && random() < 0.8) Object.assign(schema, randomObject(random, depth + 1));
  if (random() < 0.1) schema.not = { const: pick([0, 'x']) };
  if (random() < 0.05) schema.$comment = 'note';
  return schema;
}

function randomObject(random: () => number, depth: number): JsonObject {
  const properties: JsonObject = {};
  const count = Math.floor(random() * 5);
  const keys = ['a', 'b', 'name', 'qty', 'constructor', 'toString', 'x y', 'ui:odd', ''];
  for (let i = 0; i < count; i++) properties[keys[Math.floor(random() * keys.length)] + (i > 2 ? i : '')] = randomSchema(random, depth);
  const schema: JsonObject = { type: 'object', properties };
  const names = Object.keys(properties);
  if (names.length && random() < 0.6) schema.required = names.filter(() => random() < 0.5).concat(random() < 0.1 ? ['ghost'] : []);
  if (random() < 0.2) schema.additionalProperties = false;
  if (names.length > 1 && random() < 0.3) {
    schema.allOf = [{ if: { properties: { [names[0]]: { const: 'x' } }, required: [names[0]] }, then: { required: [names[1]] } }];
  }
  return schema;
}

function randomUi(schema: unknown, random: () => number): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return {};
  const ui: JsonObject = {};
  const s = schema as JsonObject;
  const types = ['text', 'select', 'money', 'section', 'subtable', 'row', 'nope', 'advanced', 'location', 'static', 'autonumber'];
  if (random() < 0.5) ui['ui:fieldType'] = types[Math.floor(random() * types.length)];
  if (random() < 0.2) ui['ui:options'] = random() < 0.5 ? { width: 'half', visibleWhen: { field: ['a'], op: 'eq', value: 'x' } } : 'bad';
  if (random() < 0.1) ui['ui:order'] = ['*', 'b', 'ghost'];
  for (const [key, value] of Object.entries(s.properties ?? {})) if (random() < 0.7) ui[key] = randomUi(value, random);
  if (s.items && random() < 0.7) ui.items = randomUi(s.items, random);
  return ui;
}

/**
 * ajv's deep equality (uniqueItems, object const/enum) calls `toString()` on data objects, so data
 * with a `toString` key makes it throw; the compiled schema must then throw too.
 */
function outcome(validate: (data: unknown) => boolean, data: unknown): boolean | 'throws' {
  try {
    return validate(data);
  } catch {
    return 'throws';
  }
}

describe('importing random schemas', () => {
  it('never throws except to refuse a non-object root, and what it imports compiles to the same meaning', () => {
    const random = makeRandom(7);
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const schema = random() < 0.9 ? randomObject(random, 0) : randomSchema(random, 0);
      const uiSchema = randomUi(schema, random);
      if (random() < 0.3)
        (uiSchema as JsonObject)['ui:i18n'] = {
          'zh-Hant': { '/schema/properties/a/title': '甲', '/nowhere': 'x' },
          fr: { '/schema/title': 'Nom' },
        };
      let doc;
      try {
        doc = importForm(schema, uiSchema);
      } catch (err) {
        expect(err, JSON.stringify(schema)).toBeInstanceOf(FormImportError);
        continue;
      }
      expect(() => createDesignerStore(doc), JSON.stringify(schema)).not.toThrow();
      const compiled = compileForm(doc);
      let before: (data: unknown) => boolean;
      try {
        before = validatorFor(schema as JsonObject);
      } catch {
        continue; // not a schema ajv accepts (the server would refuse it too)
      }
      const after = validatorFor(compiled.schema);
      for (const data of samplesFor(schema as JsonObject, 15, i)) {
        expect(outcome(after, data), `${JSON.stringify(schema)} on ${JSON.stringify(data)}`).toBe(outcome(before, data));
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
  }, 60_000);
});

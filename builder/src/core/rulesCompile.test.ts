import { describe, expect, it } from 'vitest';
import { compileForm } from './compile.ts';
import { compileCondition as compileConditionSchema, runtimeCondition } from './condition.ts';
import { evaluateCondition } from './runtimeCondition.ts';
import { doc, field, validatorFor } from './test/helpers.ts';
import { indexFields, type Condition, type ConditionGroup, type FormDoc, type Rule } from './tree.ts';

type JsonObject = Record<string, any>;

const options = (...values: string[]) => values.map((value) => ({ value, label: { en: value, 'zh-Hant': '' } }));

/** kind (select), amount (number), agree (yesno), tags (multiselect), note, shipping{method, line1}, lines[qty, serial] */
function form(rules: Rule[], tweak: (fields: ReturnType<typeof baseFields>) => void = () => {}): FormDoc {
  const fields = baseFields();
  tweak(fields);
  return doc(fields, rules);
}

function baseFields() {
  return [
    field('select', 'kind', { props: { options: options('a', 'b', 'other') } }),
    field('number', 'amount'),
    field('yesno', 'agree'),
    field('multiselect', 'tags', { props: { options: options('x', 'y', 'z') } }),
    field('text', 'note'),
    field('section', 'shipping', { children: [field('text', 'method'), field('text', 'line1')] }),
    field('subtable', 'lines', { children: [field('number', 'qty'), field('text', 'serial')] }),
  ];
}

const compileCondition = (...args: Parameters<typeof compileConditionSchema>) => compileConditionSchema(...args) as JsonObject;
const when = (op: 'and' | 'or', ...items: (Condition | ConditionGroup)[]): ConditionGroup => ({ op, items });
const c = (fieldKey: string, operator: Condition['operator'], value?: unknown): Condition =>
  value === undefined ? { field: `${fieldKey}-id`, operator } : { field: `${fieldKey}-id`, operator, value };
const rule = (action: Rule['action'], targets: string[], group: ConditionGroup, id = 'r1'): Rule => ({
  id,
  action,
  targets: targets.map((t) => `${t}-id`),
  when: group,
});

describe('require rules on the server', () => {
  it('reject missing data only while the condition holds', () => {
    const { schema, warnings } = compileForm(form([rule('require', ['note'], when('and', c('kind', 'eq', 'other')))]));
    expect(warnings).toEqual([]);
    expect(schema.allOf).toEqual([{ if: { properties: { kind: { const: 'other' } }, required: ['kind'] }, then: { required: ['note'] } }]);
    const validate = validatorFor(schema);
    expect(validate({ kind: 'other' })).toBe(false);
    expect(validate({ kind: 'other', note: 'why' })).toBe(true);
    expect(validate({ kind: 'a' })).toBe(true);
    expect(validate({})).toBe(true);
  });

  it('combine AND and OR groups', () => {
    const group = when('or', when('and', c('kind', 'eq', 'a'), c('amount', 'gt', 100)), c('agree', 'eq', false));
    const validate = validatorFor(compileForm(form([rule('require', ['note'], group)])).schema);
    expect(validate({ kind: 'a', amount: 101 })).toBe(false);
    expect(validate({ kind: 'a', amount: 100 })).toBe(true);
    expect(validate({ kind: 'b', amount: 101 })).toBe(true);
    expect(validate({ agree: false })).toBe(false);
    expect(validate({ agree: true, kind: 'a', amount: 5 })).toBe(true);
    expect(validate({ agree: false, note: 'n' })).toBe(true);
  });

  it('reach a target inside a section from a root condition, requiring the section too', () => {
    const { schema } = compileForm(form([rule('require', ['line1'], when('and', c('agree', 'eq', true)))]));
    expect((schema.allOf as JsonObject[])[0].then).toEqual({ properties: { shipping: { required: ['line1'] } }, required: ['shipping'] });
    const validate = validatorFor(schema);
    expect(validate({ agree: true, shipping: {} })).toBe(false);
    expect(validate({ agree: true })).toBe(false);
    expect(validate({ agree: true, shipping: { line1: 'x' } })).toBe(true);
    expect(validate({ agree: false, shipping: {} })).toBe(true);
  });

  it('sit on the section when the condition and target are both inside it', () => {
    const { schema } = compileForm(form([rule('require', ['line1'], when('and', c('method', 'eq', 'post')))]));
    expect(schema.allOf).toBeUndefined();
    const shipping = (schema.properties as JsonObject).shipping;
    expect(shipping.allOf).toEqual([
      { if: { properties: { method: { const: 'post' } }, required: ['method'] }, then: { required: ['line1'] } },
    ]);
    const validate = validatorFor(schema);
    expect(validate({ shipping: { method: 'post' } })).toBe(false);
    expect(validate({ shipping: { method: 'post', line1: 'x' } })).toBe(true);
    expect(validate({ shipping: { method: 'pickup' } })).toBe(true);
  });

  it('apply row by row inside a sub-table, and to every row from a root condition', () => {
    const sameRow = compileForm(form([rule('require', ['serial'], when('and', c('qty', 'gte', 10)))])).schema;
    const rows = (sameRow.properties as JsonObject).lines.items;
    expect(rows.allOf).toHaveLength(1);
    const validateRow = validatorFor(sameRow);
    expect(validateRow({ lines: [{ qty: 1 }, { qty: 10, serial: 's' }] })).toBe(true);
    expect(validateRow({ lines: [{ qty: 1 }, { qty: 10 }] })).toBe(false);

    const fromRoot = compileForm(form([rule('require', ['serial'], when('and', c('tags', 'contains', 'x')))])).schema;
    expect((fromRoot.allOf as JsonObject[])[0].then).toEqual({ properties: { lines: { items: { required: ['serial'] } } } });
    const validate = validatorFor(fromRoot);
    expect(validate({ tags: ['x'], lines: [{ serial: 'a' }, { qty: 1 }] })).toBe(false);
    expect(validate({ tags: ['y'], lines: [{ qty: 1 }] })).toBe(true);
    expect(validate({ tags: ['x'] })).toBe(true);
  });

  it('handle several targets at different depths in one rule', () => {
    const { schema } = compileForm(form([rule('require', ['note', 'line1'], when('and', c('kind', 'in', ['a', 'b'])))]));
    const validate = validatorFor(schema);
    expect(validate({ kind: 'b', note: 'n', shipping: { line1: 'l' } })).toBe(true);
    expect(validate({ kind: 'b', note: 'n', shipping: {} })).toBe(false);
    expect(validate({ kind: 'a', shipping: { line1: 'l' } })).toBe(false);
    expect(validate({ kind: 'other' })).toBe(true);
  });
});

describe('show and hide rules', () => {
  it('tell the runtime in ui:options.visibleWhen and leave the schema alone for optional fields', () => {
    const { schema, uiSchema } = compileForm(form([rule('show', ['note', 'serial'], when('and', c('kind', 'eq', 'other')))]));
    expect(schema.allOf).toBeUndefined();
    expect((uiSchema.note as JsonObject)['ui:options'].visibleWhen).toEqual({ field: ['kind'], op: 'eq', value: 'other' });
    expect((uiSchema.lines as JsonObject).items.serial['ui:options'].visibleWhen).toEqual({ field: ['kind'], op: 'eq', value: 'other' });
  });

  it('make a required field required only while it is shown', () => {
    const { schema, uiSchema } = compileForm(
      form([rule('show', ['note'], when('and', c('kind', 'eq', 'other')))], (f) => {
        f[4].required = true;
      }),
    );
    expect(schema.required).toBeUndefined();
    expect((uiSchema.note as JsonObject)['ui:options'].visibleWhen).toBeDefined();
    const validate = validatorFor(schema);
    expect(validate({ kind: 'a' })).toBe(true);
    expect(validate({ kind: 'other' })).toBe(false);
    expect(validate({ kind: 'other', note: 'x' })).toBe(true);
  });

  it('combine several show rules (any) and hide rules (none may hold)', () => {
    const rules = [
      rule('show', ['note'], when('and', c('kind', 'eq', 'a')), 'r1'),
      rule('show', ['note'], when('and', c('kind', 'eq', 'b')), 'r2'),
      rule('hide', ['note'], when('and', c('agree', 'eq', true)), 'r3'),
    ];
    const { schema, uiSchema } = compileForm(form(rules, (f) => void (f[4].required = true)));
    const visibleWhen = (uiSchema.note as JsonObject)['ui:options'].visibleWhen;
    expect(visibleWhen).toEqual({
      all: [
        {
          any: [
            { field: ['kind'], op: 'eq', value: 'a' },
            { field: ['kind'], op: 'eq', value: 'b' },
          ],
        },
        { not: { field: ['agree'], op: 'eq', value: true } },
      ],
    });
    const validate = validatorFor(schema);
    const samples = [
      {},
      { kind: 'a' },
      { kind: 'b' },
      { kind: 'other' },
      { kind: 'a', agree: true },
      { kind: 'b', agree: false },
      { agree: true },
    ];
    for (const data of samples) {
      // Required exactly when shown, and shown exactly as the runtime evaluates it.
      expect(validate(data), JSON.stringify(data)).toBe(!evaluateCondition(visibleWhen, data));
      expect(validate({ ...data, note: 'x' })).toBe(true);
    }
  });

  it('hide a required field: required unless the condition holds', () => {
    const { schema } = compileForm(
      form([rule('hide', ['line1'], when('and', c('method', 'eq', 'pickup')))], (f) => void (f[5].children![1].required = true)),
    );
    const validate = validatorFor(schema);
    expect(validate({ shipping: {} })).toBe(false);
    expect(validate({ shipping: { method: 'post' } })).toBe(false);
    expect(validate({ shipping: { method: 'post', line1: 'x' } })).toBe(true);
    expect(validate({ shipping: { method: 'pickup' } })).toBe(true);
  });
});

describe('compileCondition', () => {
  it('writes each operator as the schema the brief describes', () => {
    const d = form([]);
    expect(compileCondition(d, c('kind', 'eq', 'a'))).toEqual({ properties: { kind: { const: 'a' } }, required: ['kind'] });
    expect(compileCondition(d, c('kind', 'neq', 'a'))).toEqual({ not: { properties: { kind: { const: 'a' } }, required: ['kind'] } });
    expect(compileCondition(d, c('amount', 'gt', 1))).toEqual({
      properties: { amount: { type: 'number', exclusiveMinimum: 1 } },
      required: ['amount'],
    });
    expect(compileCondition(d, c('amount', 'lte', 1)).properties.amount).toEqual({ type: 'number', maximum: 1 });
    expect(compileCondition(d, c('kind', 'in', ['a', 'b'])).properties.kind).toEqual({ enum: ['a', 'b'] });
    expect(compileCondition(d, c('tags', 'contains', 'x')).properties.tags).toEqual({ type: 'array', contains: { const: 'x' } });
    expect(compileCondition(d, c('note', 'notEmpty'))).toEqual({
      properties: { note: { not: { enum: ['', null, []] } } },
      required: ['note'],
    });
    expect(compileCondition(d, c('note', 'empty'))).toEqual({ not: compileCondition(d, c('note', 'notEmpty')) });
    expect(compileCondition(d, when('and', c('kind', 'eq', 'a'), c('agree', 'eq', true)))).toHaveProperty('allOf');
    expect(compileCondition(d, when('or', c('kind', 'eq', 'a'), c('agree', 'eq', true)))).toHaveProperty('anyOf');
    expect(compileCondition(d, c('method', 'eq', 'x'))).toEqual({
      properties: { shipping: { type: 'object', properties: { method: { const: 'x' } }, required: ['method'] } },
      required: ['shipping'],
    });
    expect(compileCondition(d, c('method', 'eq', 'x'), { at: 'shipping-id' })).toEqual({
      properties: { method: { const: 'x' } },
      required: ['method'],
    });
    expect(() => compileCondition(d, c('qty', 'eq', 1))).toThrow(/table/);
  });

  it('agrees with the runtime evaluator on any data, valid or not', () => {
    const d = form([]);
    const index = indexFields(d.fields);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const values = [undefined, null, '', 'a', 'b', 'other', 0, 1, 5.5, 100, -3, true, false, [], ['x'], ['y', 'z'], {}, { method: 'x' }];
    const conditions: (Condition | ConditionGroup)[] = [
      c('kind', 'eq', 'a'),
      c('kind', 'neq', 'a'),
      c('kind', 'in', ['a', 'other']),
      c('amount', 'gt', 1),
      c('amount', 'gte', 5.5),
      c('amount', 'lt', 0),
      c('amount', 'lte', 100),
      c('amount', 'eq', 1),
      c('agree', 'eq', true),
      c('agree', 'neq', false),
      c('tags', 'contains', 'x'),
      c('tags', 'empty'),
      c('note', 'notEmpty'),
      c('note', 'empty'),
      c('method', 'eq', 'x'),
      c('method', 'empty'),
      when('or', when('and', c('kind', 'eq', 'a'), c('amount', 'gt', 1)), c('tags', 'notEmpty')),
    ];
    for (const condition of conditions) {
      const validate = validatorFor({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...compileCondition(d, condition) });
      const runtime = runtimeCondition(condition, index);
      for (let i = 0; i < 300; i++) {
        const data: JsonObject = {};
        for (const key of ['kind', 'amount', 'agree', 'tags', 'note']) {
          const value = pick(values);
          if (value !== undefined) data[key] = value;
        }
        const shipping = pick([undefined, 'x', {}, { method: pick(values) }]);
        if (shipping !== undefined) data.shipping = shipping;
        expect(validate(data), `${JSON.stringify(condition)} on ${JSON.stringify(data)}`).toBe(evaluateCondition(runtime, data));
      }
    }
  });
});

describe('warnings', () => {
  it('report rules of a hand-made document that cannot be compiled, and compile the rest', () => {
    const d = form([
      rule('require', ['note'], when('and', c('qty', 'eq', 1)), 'bad'),
      rule('require', ['note'], when('and', c('kind', 'eq', 'a')), 'good'),
    ]);
    const { schema, warnings } = compileForm(d);
    expect(warnings).toEqual([{ ruleId: 'bad', code: 'unsupported_condition_scope', message: expect.any(String) }]);
    expect(schema.allOf).toHaveLength(1);
  });
});

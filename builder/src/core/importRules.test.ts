import { describe, expect, it } from 'vitest';
import { compileForm } from './compile.ts';
import { importForm } from './import.ts';
import { doc, field, must, testStore, validatorFor } from './test/helpers.ts';
import type { Condition, ConditionGroup, FormDoc, Rule } from './tree.ts';

type JsonObject = Record<string, any>;

const options = (...values: string[]) => values.map((value) => ({ value, label: { en: value, 'zh-Hant': `${value}中` } }));
const c = (key: string, operator: Condition['operator'], value?: unknown): Condition =>
  value === undefined ? { field: `${key}-id`, operator } : { field: `${key}-id`, operator, value };
const and = (...items: (Condition | ConditionGroup)[]): ConditionGroup => ({ op: 'and', items });
const or = (...items: (Condition | ConditionGroup)[]): ConditionGroup => ({ op: 'or', items });

function designed(): FormDoc {
  const fields = [
    field('select', 'kind', { props: { options: options('a', 'b', 'other') }, label: { en: 'Kind', 'zh-Hant': '種類' } }),
    field('number', 'amount', { props: { minimum: 0 } }),
    field('yesno', 'agree'),
    field('multiselect', 'tags', { props: { options: options('x', 'y') } }),
    field('text', 'note', { required: true }),
    field('textarea', 'reason'),
    field('section', 'shipping', {
      children: [field('text', 'method'), field('text', 'line1', { required: true }), field('text', 'line2')],
    }),
    field('subtable', 'lines', { children: [field('number', 'qty'), field('text', 'serial'), field('text', 'batch', { required: true })] }),
  ];
  const rules: Rule[] = [
    { id: 'r1', action: 'require', targets: ['reason-id'], when: and(c('kind', 'eq', 'other')) },
    {
      id: 'r2',
      action: 'require',
      targets: ['line2-id', 'reason-id'],
      when: or(and(c('amount', 'gt', 100), c('agree', 'eq', true)), c('tags', 'contains', 'x')),
    },
    { id: 'r3', action: 'require', targets: ['line2-id'], when: and(c('method', 'neq', 'pickup')) },
    { id: 'r4', action: 'require', targets: ['serial-id'], when: and(c('qty', 'gte', 10)) },
    { id: 'r5', action: 'show', targets: ['note-id', 'shipping-id'], when: and(c('kind', 'in', ['a', 'b'])) },
    { id: 'r6', action: 'hide', targets: ['line1-id'], when: and(c('method', 'eq', 'pickup')) },
    { id: 'r7', action: 'show', targets: ['batch-id'], when: and(c('qty', 'notEmpty')) },
    { id: 'r8', action: 'hide', targets: ['note-id'], when: and(c('tags', 'empty')) },
    { id: 'r9', action: 'require', targets: ['serial-id'], when: and(c('agree', 'eq', false)) },
  ];
  return doc(fields, rules);
}

describe('rules through export and import', () => {
  it('come back as rules that compile to exactly the same form', () => {
    const original = designed();
    const first = compileForm(original);
    expect(first.warnings).toEqual([]);
    const imported = importForm(first.schema, first.uiSchema);
    const second = compileForm(imported);
    expect(second.schema).toEqual(first.schema);
    expect(second.uiSchema).toEqual(first.uiSchema);
    expect(imported.extras.schema.allOf).toBeUndefined();
    const actions = (d: FormDoc) => d.rules.map((r) => r.action).sort();
    expect(actions(imported)).toEqual(actions(original));
    // Required-while-shown fields are required fields again, not extra rules.
    const note = imported.fields.find((f) => f.key === 'note')!;
    expect(note.required).toBe(true);
    // Show rules over several fields stay one rule.
    const show = imported.rules.find((r) => r.action === 'show' && r.targets.length === 2);
    expect(show?.when).toEqual(and({ field: imported.fields.find((f) => f.key === 'kind')!.id, operator: 'in', value: ['a', 'b'] }));
  });

  it('turn a foreign if/then that requires fields into a require rule', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, s: { type: 'object', properties: { c: { type: 'number' } } } },
      allOf: [
        { if: { properties: { a: { const: 'x' } }, required: ['a'] }, then: { required: ['b'] } },
        { if: { properties: { a: { const: 'y' } }, required: ['a'] }, then: { properties: { b: { minLength: 2 } } } },
        { if: { properties: { a: { const: 'z' } } }, then: { required: ['b'] } },
      ],
    };
    const imported = importForm(schema, {});
    expect(imported.rules).toEqual([
      {
        id: expect.any(String),
        action: 'require',
        targets: [imported.fields[1].id],
        when: and({ field: imported.fields[0].id, operator: 'eq', value: 'x' }),
      },
    ]);
    // Look-alikes that do not compile back to themselves stay in the schema untouched.
    expect(imported.extras.schema.allOf).toEqual(schema.allOf.slice(1));
    const before = validatorFor(schema);
    const after = validatorFor(compileForm(imported).schema);
    for (const data of [{ a: 'x' }, { a: 'x', b: '1' }, { a: 'y', b: '1' }, { a: 'y', b: '12' }, { b: 'q' }, {}, { a: 'z' }]) {
      expect(after(data), JSON.stringify(data)).toBe(before(data));
    }
  });

  it('come back for advanced fields too', () => {
    const original = doc(
      [
        field('yesno', 'other'),
        field('advanced', 'detail', {
          required: true,
          raw: { schema: { type: ['string', 'null'] }, uiSchema: { 'ui:widget': 'textarea' } },
        }),
      ],
      [{ id: 'r', action: 'show', targets: ['detail-id'], when: and(c('other', 'eq', true)) }],
    );
    const first = compileForm(original);
    const imported = importForm(first.schema, first.uiSchema);
    expect(imported.rules).toHaveLength(1);
    expect(imported.fields[1]).toMatchObject({ type: 'advanced', required: true, raw: { uiSchema: { 'ui:widget': 'textarea' } } });
    expect(compileForm(imported)).toEqual(first);
  });

  it('leave the visibleWhen of a field the schema requires outright as it was', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['b'] };
    const uiSchema = { b: { 'ui:options': { visibleWhen: { field: ['a'], op: 'eq', value: 'x' } } } };
    const imported = importForm(schema, uiSchema);
    expect(imported.rules).toEqual([]);
    const { schema: back, uiSchema: backUi } = compileForm(imported);
    expect(back.required).toEqual(['b']);
    expect((backUi.b as JsonObject)['ui:options']).toEqual(uiSchema.b['ui:options']);
  });

  it('leave a visibleWhen the designer cannot read in the uiSchema, and the field optional', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };
    const uiSchema = { b: { 'ui:options': { visibleWhen: { field: ['ghost'], op: 'eq', value: 1 } } } };
    const imported = importForm(schema, uiSchema);
    expect(imported.rules).toEqual([]);
    expect((compileForm(imported).uiSchema.b as JsonObject)['ui:options']).toEqual(uiSchema.b['ui:options']);
  });

  it('can be edited after import: removing a condition field removes its rules', () => {
    const { schema, uiSchema } = compileForm(designed());
    const store = testStore();
    must(store, { type: 'replaceDoc', doc: importForm(schema, uiSchema) });
    const kind = store.getState().doc.fields.find((f) => f.key === 'kind')!;
    const before = store.getState().doc.rules.length;
    must(store, { type: 'removeField', id: kind.id });
    const after = store.getState().doc;
    expect(after.rules.length).toBe(before - 2);
    const compiled = compileForm(after);
    expect(compiled.warnings).toEqual([]);
    expect(JSON.stringify(compiled)).not.toContain('"kind"');
  });
});

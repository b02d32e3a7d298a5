import { describe, expect, it } from 'vitest';
import { compileForm } from './compile.ts';
import { importForm } from './import.ts';
import { createDesignerStore } from './store.ts';
import { doc, field } from './test/helpers.ts';
import { allFields } from './tree.ts';

type JsonObject = Record<string, any>;

describe('a choice whose options come from another form', () => {
  it('compiles to ui:options.optionsFrom with no fixed options, and imports back as the same prop', () => {
    const form = doc([
      field('select', 'department', { required: true, props: { optionsFrom: { formId: 'f-dept', field: 'name' }, width: 'half' } }),
      field('select', 'shift'),
    ]);
    const compiled = compileForm(form);
    expect(compiled.warnings).toEqual([]);
    const schema = compiled.schema as JsonObject;
    const ui = compiled.uiSchema as JsonObject;
    expect(schema.properties.department).toEqual({ type: 'string', title: 'department' });
    expect(schema.required).toEqual(['department']);
    expect(ui.department).toMatchObject({
      'ui:fieldType': 'select',
      'ui:options': { optionsFrom: { form: 'f-dept', field: 'name' }, width: 'half' },
    });
    // an ordinary select keeps its fixed options
    expect(schema.properties.shift.oneOf?.length).toBeGreaterThan(0);

    const back = importForm(compiled.schema, compiled.uiSchema);
    const [department, shift] = allFields(back);
    expect(department).toMatchObject({ type: 'select', key: 'department', required: true });
    expect(department.props).toEqual({ optionsFrom: { formId: 'f-dept', field: 'name' }, width: 'half' });
    expect(department.extras).toBeUndefined();
    expect(shift.props.optionsFrom).toBeUndefined();
    const again = compileForm(back);
    expect([again.schema, again.uiSchema]).toEqual([compiled.schema, compiled.uiSchema]);
  });

  it('compiles a fill map to ui:options.fill beside optionsFrom, and imports it back into the prop', () => {
    const optionsFrom = { formId: 'f-dept', field: 'name', fill: { floor: 'floor', phone: 'tel' } };
    const form = doc([field('select', 'department', { props: { optionsFrom } }), field('number', 'floor'), field('text', 'phone')]);
    const compiled = compileForm(form);
    expect(compiled.warnings).toEqual([]);
    expect((compiled.uiSchema as JsonObject).department['ui:options']).toEqual({
      optionsFrom: { form: 'f-dept', field: 'name' },
      fill: { floor: 'floor', phone: 'tel' },
    });
    const back = importForm(compiled.schema, compiled.uiSchema);
    const department = allFields(back)[0];
    expect(department.props).toEqual({ optionsFrom });
    expect(department.extras).toBeUndefined();
    const again = compileForm(back);
    expect([again.schema, again.uiSchema]).toEqual([compiled.schema, compiled.uiSchema]);
    // a fill map that is not one: optionsFrom and fill are read together or not at all, and kept as written
    const oddUi = {
      ...(compiled.uiSchema as JsonObject),
      department: { 'ui:fieldType': 'select', 'ui:options': { optionsFrom: { form: 'f-dept', field: 'name' }, fill: { floor: 3 } } },
    };
    const odd = importForm(compiled.schema, oddUi);
    expect(allFields(odd)[0].props.optionsFrom).toBeUndefined();
    expect((compileForm(odd).uiSchema as JsonObject).department['ui:options']).toEqual(oddUi.department['ui:options']);
  });

  it('saves a half-made choice (form or field not picked yet) without the missing parts', () => {
    for (const [optionsFrom, written] of [
      [{ formId: '' }, {}],
      [{ formId: 'f-dept' }, { form: 'f-dept' }],
    ] as const) {
      const compiled = compileForm(doc([field('select', 'department', { props: { optionsFrom } })]));
      expect((compiled.uiSchema as JsonObject).department['ui:options'].optionsFrom).toEqual(written);
      expect((compiled.schema as JsonObject).properties.department).toEqual({ type: 'string', title: 'department' });
      expect(allFields(importForm(compiled.schema, compiled.uiSchema))[0].props.optionsFrom).toEqual(optionsFrom);
    }
  });

  it('switches between a fixed list and another form through the store, with undo', () => {
    const store = createDesignerStore(doc([field('select', 'department')]));
    const id = allFields(store.getState().doc)[0].id;
    const run = (props: object) => store.dispatch({ type: 'updateField', id, patch: { props } });
    expect(run({ optionsFrom: { formId: 'f-dept', field: 'name' } }).ok).toBe(true);
    // the fixed list and another form at once is refused
    expect(run({ options: [{ value: 'a', label: { en: 'A', 'zh-Hant': '甲' } }] }).ok).toBe(false);
    expect(run({ optionsFrom: { formId: 'f-dept', field: '' } }).ok).toBe(false);
    store.undo();
    expect(allFields(store.getState().doc)[0].props.optionsFrom).toBeUndefined();
  });

  it('never merges an optionsFrom that sits beside fixed options: both are kept as written', () => {
    const schema = { type: 'object', properties: { d: { type: 'string', oneOf: [{ const: 'a', title: 'A' }] } } };
    const uiSchema = { d: { 'ui:fieldType': 'select', 'ui:options': { optionsFrom: { form: 'f', field: 'name' } } } };
    const imported = allFields(importForm(schema, uiSchema))[0];
    expect(imported.props.optionsFrom).toBeUndefined();
    const compiled = compileForm(importForm(schema, uiSchema));
    expect((compiled.schema as JsonObject).properties.d.oneOf).toEqual([{ const: 'a', title: 'A' }]);
    expect((compiled.uiSchema as JsonObject).d['ui:options'].optionsFrom).toEqual({ form: 'f', field: 'name' });
  });
});

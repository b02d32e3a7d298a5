import { defaultFieldTypes } from '@formloom/schemas';
import { describe, expect, it } from 'vitest';
import { RENDERED_AS_IS, RUNTIME_UI } from './fieldTypeRendering.ts';
import { prepareUiSchema } from './uiSchema.ts';
import { formloomFields, formloomWidgets } from './widgets.tsx';

const RJSF_WIDGETS = new Set([
  'text',
  'textarea',
  'select',
  'radio',
  'checkbox',
  'checkboxes',
  'date',
  'time',
  'date-time',
  'file',
  'email',
  'updown',
  'range',
  'hidden',
  'password',
  'color',
  'uri',
  'RatingWidget',
]);

describe('field-type registry → rjsf', () => {
  it('the runtime knows how to render every registered field type', () => {
    const unknown = defaultFieldTypes
      .list()
      .map((d) => d.type)
      .filter((type) => !(type in RUNTIME_UI) && !RENDERED_AS_IS.has(type));
    expect(unknown).toEqual([]);
  });

  it('every widget and field a type ends up with exists', () => {
    for (const def of defaultFieldTypes.list()) {
      const ui = prepareUiSchema({ ...def.uiSchema }, defaultFieldTypes);
      const widget = ui['ui:widget'];
      if (typeof widget === 'string') expect(RJSF_WIDGETS.has(widget) || widget in formloomWidgets, `${def.type} → ${widget}`).toBe(true);
      const field = ui['ui:field'];
      if (typeof field === 'string') expect(field in formloomFields, `${def.type} → field ${field}`).toBe(true);
    }
  });

  it('lays registry defaults, then runtime rendering, then the form’s own uiSchema', () => {
    const ui = prepareUiSchema(
      {
        'ui:i18n': { 'zh-Hant': {} },
        amount: { 'ui:fieldType': 'money', 'ui:options': { note: 'x' } },
        lines: { 'ui:fieldType': 'subtable', items: { total: { 'ui:fieldType': 'calculated', 'ui:readonly': false } } },
        who: { 'ui:fieldType': 'row', 'ui:options': { columns: 3 } },
        picked: { 'ui:fieldType': 'multiselect', 'ui:widget': 'select' },
      },
      defaultFieldTypes,
    );
    expect(ui['ui:i18n']).toBeUndefined();
    expect(ui.amount).toMatchObject({ 'ui:widget': 'money', 'ui:options': { currency: 'HKD', note: 'x' } });
    expect((ui.lines as { items: { total: object } }).items.total).toMatchObject({ 'ui:widget': 'calculated', 'ui:readonly': true });
    expect(ui.who).toMatchObject({ 'ui:classNames': 'fl-row fl-row--3' });
    expect(ui.picked).toMatchObject({ 'ui:widget': 'select' }); // the form wins
  });
});

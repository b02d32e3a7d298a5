import { describe, expect, it } from 'vitest';
import { defaultFieldTypes } from '@formloom/schemas';
import { importForm } from '../../core/index.ts';
import { breakingChanges, diffForms, isEmptyDiff } from './diff.ts';

const yesNo = {
  type: 'boolean',
  oneOf: [
    { const: true, title: 'Yes' },
    { const: false, title: 'No' },
  ],
};
const base = {
  type: 'object',
  title: 'Check',
  properties: { sick: { ...yesNo, title: 'Sick' }, note: { type: 'string', title: 'Note' }, age: { type: 'number', title: 'Age' } },
};
const ui = {
  'ui:order': ['sick', 'note', 'age'],
  sick: { 'ui:fieldType': 'yesno' },
  note: { 'ui:fieldType': 'text' },
  age: { 'ui:fieldType': 'number' },
};
const requireNote = { if: { properties: { sick: { const: true } }, required: ['sick'] }, then: { required: ['note'] } };
const doc = (schema: object, uiSchema: object = ui) => importForm(schema, uiSchema, { registry: defaultFieldTypes });

describe('diffForms', () => {
  it('finds nothing between two imports of the same form (ids differ, keys do not)', () => {
    const schema = { ...base, allOf: [requireNote] };
    const diff = diffForms(doc(schema), doc(schema), defaultFieldTypes);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports rules added and removed by what they say', () => {
    const diff = diffForms(doc(base), doc({ ...base, allOf: [requireNote] }), defaultFieldTypes);
    expect(diff.rulesAdded.map((r) => r.action)).toEqual(['require']);
    expect(diff.rulesRemoved).toEqual([]);
    expect(diffForms(doc({ ...base, allOf: [requireNote] }), doc(base), defaultFieldTypes).rulesRemoved).toHaveLength(1);
  });

  it('counts a field that became required without a default as breaking, but not one with a default', () => {
    const before = doc(base);
    const strict = breakingChanges(diffForms(before, doc({ ...base, required: ['age'] }), defaultFieldTypes));
    expect(strict.map((b) => b.kind)).toEqual(['nowRequired']);
    const withDefault = {
      ...base,
      required: ['age'],
      properties: { ...base.properties, age: { type: 'number', title: 'Age', default: 30 } },
    };
    expect(breakingChanges(diffForms(before, doc(withDefault), defaultFieldTypes))).toEqual([]);
  });

  it('treats a field moved into a section as removed here and added there (its data moves too)', () => {
    const moved = {
      ...base,
      properties: {
        sick: base.properties.sick,
        age: base.properties.age,
        more: { type: 'object', title: 'More', properties: { note: base.properties.note } },
      },
    };
    const movedUi = { 'ui:order': ['sick', 'age', 'more'], sick: ui.sick, age: ui.age, more: { 'ui:fieldType': 'section', note: ui.note } };
    const diff = diffForms(doc(base), doc(moved, movedUi), defaultFieldTypes);
    expect(diff.removed.map((f) => f.path)).toEqual(['note']);
    expect(diff.added.map((f) => f.path)).toEqual(['more', 'more.note']);
  });
});

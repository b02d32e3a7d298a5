import { describe, expect, it } from 'vitest';
import { compileForm, createDesignerStore, importForm, type FormDoc } from './index.ts';

const empty: FormDoc = {
  title: { en: 'T', 'zh-Hant': 'T' },
  description: { en: '', 'zh-Hant': '' },
  fields: [],
  rules: [],
  extras: { schema: {}, uiSchema: {} },
};

describe('a field with both a show rule and a require rule', () => {
  // "Require X when C" next to "show X when C" says the same as "X is required while shown": import
  // reads it back that way (Required ticked, the show rule kept), and the form means the same.
  it('keeps its meaning through compile and import (the designer reloads its draft this way)', () => {
    const store = createDesignerStore(empty);
    const fever = store.dispatch({
      type: 'addField',
      fieldType: 'yesno',
      parentId: null,
      index: 0,
      label: { en: 'Fever', 'zh-Hant': '發燒' },
    });
    const temp = store.dispatch({
      type: 'addField',
      fieldType: 'number',
      parentId: null,
      index: 1,
      label: { en: 'Temperature', 'zh-Hant': '體溫' },
    });
    const note = store.dispatch({
      type: 'addField',
      fieldType: 'text',
      parentId: null,
      index: 2,
      label: { en: 'Note', 'zh-Hant': '備註' },
    });
    if (!fever.ok || !temp.ok || !note.ok) throw new Error('add failed');
    const when = { op: 'and' as const, items: [{ field: fever.id!, operator: 'eq' as const, value: true }] };
    expect(store.dispatch({ type: 'addRule', rule: { action: 'show', targets: [temp.id!], when } }).ok).toBe(true);
    expect(store.dispatch({ type: 'addRule', rule: { action: 'require', targets: [temp.id!], when } }).ok).toBe(true);
    const compiled = compileForm(store.getState().doc);
    const back = importForm(compiled.schema, compiled.uiSchema);
    expect(compileForm(back).schema).toEqual(compiled.schema);
    expect(compileForm(back).uiSchema).toEqual(compiled.uiSchema);
    const tempBack = back.fields.find((f) => f.key === store.getState().doc.fields[1].key)!;
    expect(back.rules.map((r) => r.action)).toEqual(['show']);
    expect(tempBack.required).toBe(true);
  });
});

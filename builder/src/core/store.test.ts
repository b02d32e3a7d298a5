import { describe, expect, it, vi } from 'vitest';
import { createDesignerStore } from './store.ts';
import { codeOf, doc, field, must, outline, testStore } from './test/helpers.ts';
import type { FormDoc, Rule } from './tree.ts';

/** name, email, shipping[line1 region], lines[qty price], notes */
function sample(): FormDoc {
  return doc([
    field('text', 'name'),
    field('email', 'email'),
    field('section', 'shipping', { children: [field('text', 'line1'), field('select', 'region')] }),
    field('subtable', 'lines', { children: [field('number', 'qty'), field('money', 'price')] }),
    field('textarea', 'notes'),
  ]);
}

const eqRule = (targets: string[], field: string, value: unknown, action: Rule['action'] = 'require'): Omit<Rule, 'id'> => ({
  action,
  targets,
  when: { op: 'and', items: [{ field, operator: 'eq', value }] },
});

describe('addField', () => {
  it('inserts at the position, selects the field, and is one undo step', () => {
    const store = testStore(sample());
    const before = store.getState();
    const id = must(store, { type: 'addField', fieldType: 'date', parentId: null, index: 1 });
    const state = store.getState();
    expect(outline(state.doc.fields)).toBe('name date email shipping[line1 region] lines[qty price] notes');
    expect(state.selection).toBe(id);
    expect(state.revision).toBe(before.revision + 1);
    const added = state.doc.fields[1];
    expect(added).toMatchObject({ id, type: 'date', label: { en: 'Date', 'zh-Hant': '日期' }, required: false, props: {} });
    expect(added.children).toBeUndefined();

    store.undo();
    expect(store.getState().doc).toBe(before.doc);
    expect(store.getState().revision).toBe(before.revision + 2);
    store.redo();
    expect(outline(store.getState().doc.fields)).toBe('name date email shipping[line1 region] lines[qty price] notes');
  });

  it('adds into sections, rows and sub-tables, with empty children for containers', () => {
    const store = testStore(sample());
    const row = must(store, { type: 'addField', fieldType: 'row', parentId: 'shipping-id', index: 2 })!;
    must(store, { type: 'addField', fieldType: 'text', parentId: row, index: 0 });
    must(store, { type: 'addField', fieldType: 'number', parentId: 'lines-id', index: 2 });
    expect(outline(store.getState().doc.fields)).toBe(
      'name email shipping[line1 region columns[singleLineText]] lines[qty price number] notes',
    );
  });

  it('generates keys from the English label, unique in the whole form, and from the type for Chinese-only labels', () => {
    const store = testStore(doc([field('section', 'group', { children: [field('text', 'fullName')] })]));
    const a = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: { en: 'Full name', 'zh-Hant': '姓名' } });
    const b = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: { en: '', 'zh-Hant': '姓名' } });
    const c = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: { en: '', 'zh-Hant': '電話' } });
    const keys = Object.fromEntries(store.getState().doc.fields.map((f) => [f.id, f.key]));
    expect([keys[a!], keys[b!], keys[c!]]).toEqual(['fullName2', 'text', 'text2']);
  });

  it('refuses unknown types, advanced fields, bad positions and parents that cannot hold fields', () => {
    const store = testStore(sample());
    expect(codeOf(store, { type: 'addField', fieldType: 'nope', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'advanced', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'toString', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 6 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: -1 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 1.5 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: 'name-id', index: 0 })).toBe('not_a_container');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: 'ghost', index: 0 })).toBe('unknown_field');
    expect(codeOf(store, { type: 'addField', fieldType: 'section', parentId: 'lines-id', index: 0 })).toBe('container_not_allowed');
    expect(store.canUndo()).toBe(false);
    expect(store.getState().revision).toBe(0);
  });
});

describe('moveField', () => {
  it('counts the destination index before the move, like a drop indicator', () => {
    const store = testStore(sample());
    must(store, { type: 'moveField', id: 'name-id', parentId: null, index: 2 });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
    must(store, { type: 'moveField', id: 'notes-id', parentId: null, index: 0 });
    expect(outline(store.getState().doc.fields)).toBe('notes email name shipping[line1 region] lines[qty price]');
    must(store, { type: 'moveField', id: 'notes-id', parentId: null, index: 5 });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
  });

  it('moves into and out of sections and sub-tables, and undo puts it back', () => {
    const store = testStore(sample());
    const original = store.getState().doc;
    must(store, { type: 'moveField', id: 'email-id', parentId: 'shipping-id', index: 1 });
    expect(outline(store.getState().doc.fields)).toBe('name shipping[line1 email region] lines[qty price] notes');
    must(store, { type: 'moveField', id: 'region-id', parentId: 'lines-id', index: 0 });
    must(store, { type: 'moveField', id: 'qty-id', parentId: null, index: 0 });
    expect(outline(store.getState().doc.fields)).toBe('qty name shipping[line1 email] lines[region price] notes');
    store.undo();
    store.undo();
    store.undo();
    expect(store.getState().doc).toBe(original);
    store.redo();
    expect(outline(store.getState().doc.fields)).toBe('name shipping[line1 email region] lines[qty price] notes');
  });

  it('refuses moving a group into itself or its descendants, and layout groups into tables or rows', () => {
    const base = sample();
    base.fields[2] = field('section', 'shipping', {
      children: [field('text', 'line1'), field('section', 'inner', { children: [field('text', 'deep')] }), field('row', 'cols')],
    });
    const store = testStore(base);
    expect(codeOf(store, { type: 'moveField', id: 'shipping-id', parentId: 'shipping-id', index: 0 })).toBe('move_into_self');
    expect(codeOf(store, { type: 'moveField', id: 'shipping-id', parentId: 'inner-id', index: 0 })).toBe('move_into_self');
    expect(codeOf(store, { type: 'moveField', id: 'inner-id', parentId: 'lines-id', index: 0 })).toBe('container_not_allowed');
    expect(codeOf(store, { type: 'moveField', id: 'inner-id', parentId: 'cols-id', index: 0 })).toBe('container_not_allowed');
    expect(codeOf(store, { type: 'moveField', id: 'name-id', parentId: 'email-id', index: 0 })).toBe('not_a_container');
    expect(codeOf(store, { type: 'moveField', id: 'ghost', parentId: null, index: 0 })).toBe('unknown_field');
    expect(codeOf(store, { type: 'moveField', id: 'name-id', parentId: null, index: 9 })).toBe('invalid_index');
    expect(store.canUndo()).toBe(false);
  });

  it('records nothing for a move that lands where the field already is', () => {
    const store = testStore(sample());
    must(store, { type: 'moveField', id: 'email-id', parentId: null, index: 1 });
    must(store, { type: 'moveField', id: 'email-id', parentId: null, index: 2 });
    expect(store.canUndo()).toBe(false);
    expect(store.getState().revision).toBe(0);
  });

  it('refuses a move that would leave a rule unenforceable', () => {
    const store = testStore(sample());
    must(store, { type: 'addRule', rule: eqRule(['notes-id'], 'name-id', 'x') });
    expect(codeOf(store, { type: 'moveField', id: 'name-id', parentId: 'lines-id', index: 0 })).toBe('unsupported_condition_scope');
    // The target may go into the table: the rule then applies to every row.
    must(store, { type: 'moveField', id: 'notes-id', parentId: 'lines-id', index: 0 });
  });

  it('refuses making a field required when its show rules read fields no one object can see', () => {
    const store = testStore(sample());
    must(store, { type: 'addRule', rule: eqRule(['price-id'], 'qty-id', 1, 'show') });
    must(store, { type: 'addRule', rule: eqRule(['price-id'], 'name-id', 'x', 'show') });
    expect(codeOf(store, { type: 'updateField', id: 'price-id', patch: { required: true } })).toBe('unsupported_condition_scope');
    must(store, { type: 'updateField', id: 'qty-id', patch: { required: true } });
  });
});

describe('removeField', () => {
  it('removes the field and its children and takes it out of rules in the same undo step', () => {
    const store = testStore(sample());
    const keep = must(store, { type: 'addRule', rule: eqRule(['notes-id', 'line1-id'], 'name-id', 'x') })!;
    const drop = must(store, { type: 'addRule', rule: eqRule(['region-id'], 'email-id', 'a@b.c') })!;
    const nested = must(store, {
      type: 'addRule',
      rule: {
        action: 'show',
        targets: ['notes-id'],
        when: {
          op: 'or',
          items: [
            { field: 'name-id', operator: 'notEmpty' },
            { op: 'and', items: [{ field: 'line1-id', operator: 'eq', value: 'x' }] },
          ],
        },
      },
    })!;
    const withRules = store.getState().doc;
    must(store, { type: 'removeField', id: 'shipping-id' });
    const { doc: after } = store.getState();
    expect(outline(after.fields)).toBe('name email lines[qty price] notes');
    expect(after.rules.map((r) => r.id)).toEqual([keep, nested]);
    expect(after.rules[0].targets).toEqual(['notes-id']);
    expect(after.rules[1].when).toEqual({ op: 'or', items: [{ field: 'name-id', operator: 'notEmpty' }] });
    expect(after.rules.find((r) => r.id === drop)).toBeUndefined();
    store.undo();
    expect(store.getState().doc).toBe(withRules);
  });

  it('drops a rule whose only condition field is removed', () => {
    const store = testStore(sample());
    must(store, { type: 'addRule', rule: eqRule(['notes-id'], 'name-id', 'x') });
    must(store, { type: 'removeField', id: 'name-id' });
    expect(store.getState().doc.rules).toEqual([]);
  });

  it('moves the selection to the next field, else the previous one, else the group', () => {
    const store = testStore(sample());
    must(store, { type: 'select', id: 'email-id' });
    must(store, { type: 'removeField', id: 'email-id' });
    expect(store.getState().selection).toBe('shipping-id');
    must(store, { type: 'select', id: 'region-id' });
    must(store, { type: 'removeField', id: 'region-id' });
    expect(store.getState().selection).toBe('line1-id');
    must(store, { type: 'removeField', id: 'line1-id' });
    expect(store.getState().selection).toBe('shipping-id');
    must(store, { type: 'select', id: 'name-id' });
    must(store, { type: 'removeField', id: 'notes-id' });
    expect(store.getState().selection).toBe('name-id');
    expect(codeOf(store, { type: 'removeField', id: 'notes-id' })).toBe('unknown_field');
  });
});

describe('duplicateField', () => {
  it('places a copy with new ids and unique keys right after, and selects it', () => {
    const store = testStore(sample());
    const copyId = must(store, { type: 'duplicateField', id: 'lines-id' })!;
    const { doc: after, selection } = store.getState();
    expect(outline(after.fields)).toBe('name email shipping[line1 region] lines[qty price] lines2[qty2 price2] notes');
    const copy = after.fields[4];
    expect(copy.id).toBe(copyId);
    expect(selection).toBe(copyId);
    const ids = [copy.id, ...copy.children!.map((c) => c.id)];
    expect(ids.some((id) => id.endsWith('-id'))).toBe(false);
    expect(new Set(ids).size).toBe(3);
    expect(copy.children![0].label).toEqual(after.fields[3].children![0].label);
    must(store, { type: 'duplicateField', id: copyId });
    expect(outline(store.getState().doc.fields)).toContain('lines3[qty3 price3]');
    store.undo();
    store.undo();
    expect(outline(store.getState().doc.fields)).toBe(outline(sample().fields));
    expect(codeOf(store, { type: 'duplicateField', id: 'nope' })).toBe('unknown_field');
  });
});

describe('updateField', () => {
  it('changes texts and props, clears optional texts with null, and never changes the key', () => {
    const store = testStore(sample());
    must(store, {
      type: 'updateField',
      id: 'name-id',
      patch: { label: { en: 'Customer', 'zh-Hant': '客戶' }, help: { en: 'h', 'zh-Hant': '說' } },
    });
    must(store, { type: 'updateField', id: 'name-id', patch: { required: true, props: { maxLength: 20, width: 'half' } } });
    let name = store.getState().doc.fields[0];
    expect(name).toMatchObject({
      key: 'name',
      label: { en: 'Customer' },
      help: { en: 'h' },
      required: true,
      props: { maxLength: 20, width: 'half' },
    });
    must(store, { type: 'updateField', id: 'name-id', patch: { help: null, props: { maxLength: undefined } } });
    name = store.getState().doc.fields[0];
    expect(name.help).toBeUndefined();
    expect(name.props).toEqual({ width: 'half' });
    store.undo();
    expect(store.getState().doc.fields[0].props).toEqual({ maxLength: 20, width: 'half' });
  });

  it('refuses props a type does not have, bad values, and any props on advanced fields', () => {
    const base = sample();
    base.fields.push(field('advanced', 'legacy', { raw: { schema: { type: 'string' }, uiSchema: {} } }));
    const store = testStore(base);
    const update = (id: string, patch: unknown) => codeOf(store, { type: 'updateField', id, patch });
    expect(update('name-id', { props: { minimum: 3 } })).toBe('invalid_props');
    expect(update('qty-id', { props: { minimum: 'three' } })).toBe('invalid_props');
    expect(update('qty-id', { props: { minimum: 5, maximum: 1 } })).toBe('invalid_props');
    expect(update('name-id', { props: { pattern: '(?=a)b' } })).toBe('invalid_props');
    expect(update('name-id', { props: { pattern: '[' } })).toBe('invalid_props');
    expect(update('name-id', { props: { pattern: 'a', patternPreset: 'hkid' } })).toBe('invalid_props');
    expect(
      update('region-id', {
        props: {
          options: [
            { value: 'a', label: { en: 'A', 'zh-Hant': '' } },
            { value: 'a', label: { en: 'B', 'zh-Hant': '' } },
          ],
        },
      }),
    ).toBe('invalid_props');
    expect(update('name-id', { props: { options: [{ value: 'a', label: { en: 'A', 'zh-Hant': '' } }] } })).toBe('invalid_props');
    expect(update('name-id', JSON.parse('{"props": {"__proto__": {"polluted": true}}}'))).toBe('invalid_props');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(update('name-id', { key: 'other' })).toBe('invalid_patch');
    expect(update('name-id', { label: 'plain string' })).toBe('invalid_patch');
    expect(update('name-id', { required: 'yes' })).toBe('invalid_patch');
    expect(update('name-id', null)).toBe('invalid_patch');
    expect(update('legacy-id', { props: { readOnly: true } })).toBe('advanced_field');
    expect(update('legacy-id', { label: { en: 'Legacy', 'zh-Hant': '舊' } })).toBe('ok');
    expect(update('ghost', { required: true })).toBe('unknown_field');
  });

  it('accepts options on choice fields and records no step when nothing changes', () => {
    const store = testStore(sample());
    const options = [
      { value: 'hk', label: { en: 'Hong Kong Island', 'zh-Hant': '香港島' } },
      { value: 'kln', label: { en: 'Kowloon', 'zh-Hant': '九龍' } },
    ];
    must(store, { type: 'updateField', id: 'region-id', patch: { props: { options } } });
    const revision = store.getState().revision;
    must(store, { type: 'updateField', id: 'region-id', patch: { props: { options: structuredClone(options) } } });
    expect(store.getState().revision).toBe(revision);
  });

  it('keeps every untouched node identical and does not copy the whole tree', () => {
    const store = testStore(sample());
    const before = store.getState().doc;
    must(store, { type: 'updateField', id: 'region-id', patch: { required: true } });
    const after = store.getState().doc;
    expect(after.fields).not.toBe(before.fields);
    expect(after.rules).toBe(before.rules);
    for (const i of [0, 1, 3, 4]) expect(after.fields[i]).toBe(before.fields[i]);
    expect(after.fields[2]).not.toBe(before.fields[2]);
    expect(after.fields[2].children![0]).toBe(before.fields[2].children![0]);
    expect(after.fields[2].children![1].required).toBe(true);
  });

  it('costs about the same on a 500-field form as on a 50-field form', () => {
    const wide = (n: number) => doc(Array.from({ length: n }, (_, i) => field('text', `f${i}`)));
    const time = (n: number) => {
      const store = createDesignerStore(wide(n), { historyLimit: 50 });
      const target = `f${Math.floor(n / 2)}-id`;
      const start = performance.now();
      for (let i = 0; i < 3000; i++) store.dispatch({ type: 'updateField', id: target, patch: { label: { en: `L${i}`, 'zh-Hant': '' } } });
      return performance.now() - start;
    };
    time(50);
    time(500); // warm up the JIT before measuring
    const best = (n: number) => Math.min(time(n), time(n), time(n));
    const ratio = best(500) / best(50);
    // A deep copy per command would be ~10×; sharing keeps it near 1×.
    expect(ratio).toBeLessThan(3);
  });
});

describe('setKey', () => {
  it('renames a key after validating it, as an undo step', () => {
    const store = testStore(sample());
    must(store, { type: 'setKey', id: 'line1-id', key: 'addressLine1' });
    expect(store.getState().doc.fields[2].children![0].key).toBe('addressLine1');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'addressLine1' })).toBe('duplicate');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'qty' })).toBe('duplicate');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: '' })).toBe('empty');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: '1st' })).toBe('invalid_chars');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'first name' })).toBe('invalid_chars');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: '__proto__' })).toBe('reserved');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'constructor' })).toBe('reserved');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'submitted_at' })).toBe('reserved');
    expect(codeOf(store, { type: 'setKey', id: 'name-id', key: 'x'.repeat(65) })).toBe('too_long');
    expect(codeOf(store, { type: 'setKey', id: 'ghost', key: 'ok' })).toBe('unknown_field');
    must(store, { type: 'setKey', id: 'name-id', key: 'name' });
    store.undo();
    expect(store.getState().doc.fields[2].children![0].key).toBe('line1');
    expect(store.canUndo()).toBe(false);
  });
});

describe('form text and rules', () => {
  it('sets the title and description', () => {
    const store = testStore(sample());
    must(store, { type: 'setFormText', title: { en: 'Order', 'zh-Hant': '訂單' } });
    expect(store.getState().doc.title).toEqual({ en: 'Order', 'zh-Hant': '訂單' });
    expect(codeOf(store, { type: 'setFormText', description: 'x' })).toBe('invalid_command');
    store.undo();
    expect(store.getState().doc.title.en).toBe('Test form');
  });

  it('adds, updates and removes rules, each an undo step', () => {
    const store = testStore(sample());
    const id = must(store, { type: 'addRule', rule: eqRule(['notes-id'], 'name-id', 'x', 'show') })!;
    expect(store.getState().doc.rules).toEqual([{ id, ...eqRule(['notes-id'], 'name-id', 'x', 'show') }]);
    must(store, { type: 'updateRule', id, patch: { action: 'hide', targets: ['notes-id', 'email-id'] } });
    expect(store.getState().doc.rules[0]).toMatchObject({ action: 'hide', targets: ['notes-id', 'email-id'] });
    must(store, { type: 'removeRule', id });
    expect(store.getState().doc.rules).toEqual([]);
    store.undo();
    store.undo();
    expect(store.getState().doc.rules[0].action).toBe('show');
    expect(codeOf(store, { type: 'removeRule', id: 'nope' })).toBe('unknown_rule');
    expect(codeOf(store, { type: 'updateRule', id, patch: { colour: 'red' } })).toBe('invalid_patch');
  });

  it('refuses rules that do not fit the form', () => {
    const store = testStore(sample());
    const add = (rule: unknown) => codeOf(store, { type: 'addRule', rule });
    expect(add(eqRule(['ghost'], 'name-id', 'x'))).toBe('unknown_field');
    expect(add(eqRule(['notes-id'], 'ghost', 'x'))).toBe('unknown_field');
    expect(add(eqRule(['notes-id'], 'notes-id', 'x'))).toBe('invalid_rule');
    expect(add(eqRule([], 'name-id', 'x'))).toBe('invalid_rule');
    expect(add({ ...eqRule(['notes-id'], 'name-id', 'x'), action: 'explode' })).toBe('invalid_rule');
    expect(add({ action: 'show', targets: ['notes-id'], when: { op: 'and', items: [] } })).toBe('invalid_rule');
    expect(add(eqRule(['notes-id'], 'qty-id', 1))).toBe('unsupported_condition_scope');
    expect(add(eqRule(['notes-id'], 'name-id', 5))).toBe('invalid_condition');
    expect(add(eqRule(['notes-id'], 'shipping-id', 'x'))).toBe('invalid_condition');
    expect(
      add({ action: 'show', targets: ['notes-id'], when: { op: 'and', items: [{ field: 'name-id', operator: 'gt', value: 1 }] } }),
    ).toBe('invalid_condition');
    expect(
      add({ action: 'show', targets: ['notes-id'], when: { op: 'and', items: [{ field: 'name-id', operator: 'in', value: [] }] } }),
    ).toBe('invalid_condition');
    // Same-row conditions are fine: the rule applies row by row.
    expect(add(eqRule(['price-id'], 'qty-id', 1))).toBe('ok');
    let deep: unknown = { field: 'name-id', operator: 'notEmpty' };
    for (let i = 0; i < 20; i++) deep = { op: 'and', items: [deep] };
    expect(add({ action: 'show', targets: ['notes-id'], when: deep })).toBe('invalid_rule');
  });
});

describe('replaceDoc', () => {
  it('takes a checked document as one undo step and keeps the selection if it still exists', () => {
    const store = testStore(sample());
    must(store, { type: 'select', id: 'name-id' });
    const next = doc([field('text', 'name'), field('number', 'age')]);
    must(store, { type: 'replaceDoc', doc: next });
    expect(store.getState().doc).toBe(next);
    expect(store.getState().selection).toBe('name-id');
    must(store, { type: 'replaceDoc', doc: doc([field('text', 'other')]) });
    expect(store.getState().selection).toBeNull();
    store.undo();
    expect(store.getState().doc).toBe(next);
  });

  it('refuses documents with duplicate ids, sibling keys, unknown types or broken rules', () => {
    const store = testStore(sample());
    const replace = (d: unknown) => codeOf(store, { type: 'replaceDoc', doc: d });
    expect(replace(doc([field('text', 'a', { id: 'x' }), field('text', 'b', { id: 'x' })]))).toBe('invalid_document');
    expect(replace(doc([field('text', 'a', { id: 'x' }), field('text', 'a', { id: 'y' })]))).toBe('invalid_document');
    expect(replace(doc([field('nope', 'a')]))).toBe('invalid_document');
    expect(replace(doc([field('text', 'a', { children: [] })]))).toBe('invalid_document');
    expect(replace(doc([field('subtable', 't', { children: [field('section', 's')] })]))).toBe('invalid_document');
    expect(replace(doc([field('text', 'a')], [{ id: 'r', ...eqRule(['ghost'], 'a-id', 'x') }]))).toBe('invalid_document');
    expect(replace({ ...doc([]), extras: undefined })).toBe('invalid_document');
    expect(replace(null)).toBe('invalid_document');
    expect(store.canUndo()).toBe(false);
  });
});

describe('hostile and huge documents', () => {
  it('refuses documents past the limits instead of choking on them', () => {
    const store = testStore(sample());
    const many = doc(Array.from({ length: 5001 }, (_, i) => field('text', `f${i}`)));
    expect(codeOf(store, { type: 'replaceDoc', doc: many })).toBe('invalid_document');
    let deep = field('section', 's0');
    for (let i = 1; i < 40; i++) deep = field('section', `s${i}`, { children: [deep] });
    expect(codeOf(store, { type: 'replaceDoc', doc: doc([deep]) })).toBe('invalid_document');
    const cyclic = sample();
    (cyclic.fields[2].children as unknown[]).push(cyclic.fields[2]);
    expect(codeOf(store, { type: 'replaceDoc', doc: cyclic })).toBe('invalid_document');
  });

  it('handles a 5000-field form', () => {
    const big = doc(
      Array.from({ length: 50 }, (_, s) =>
        field('section', `s${s}`, { children: Array.from({ length: 99 }, (_, i) => field('text', `f${s}_${i}`)) }),
      ),
    );
    const store = testStore(big);
    must(store, { type: 'moveField', id: 'f0_0-id', parentId: 's49-id', index: 99 });
    must(store, { type: 'duplicateField', id: 's10-id' });
    const keys = store.getState().doc.fields.flatMap((f) => [f.key, ...f.children!.map((c) => c.key)]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(51 + 51 * 99);
    must(store, { type: 'removeField', id: 's3-id' });
    expect(store.getState().doc.fields).toHaveLength(50);
  });

  it('does not let labels or keys reach object prototypes', () => {
    const store = testStore(sample());
    const id = must(store, {
      type: 'addField',
      fieldType: 'text',
      parentId: null,
      index: 0,
      label: { en: 'constructor', 'zh-Hant': '__proto__' },
    })!;
    expect(store.getState().doc.fields[0].key).toBe('constructor2');
    must(store, {
      type: 'updateField',
      id,
      patch: JSON.parse('{"label": {"en": "__proto__", "zh-Hant": "x"}, "help": {"en": "toString", "zh-Hant": ""}}'),
    });
    expect(codeOf(store, { type: 'updateField', id, patch: JSON.parse('{"__proto__": {"required": true}}') })).toBe('invalid_patch');
    expect(({} as Record<string, unknown>).required).toBeUndefined();
    expect(
      codeOf(store, { type: 'addRule', rule: JSON.parse('{"action":"show","targets":["__proto__"],"when":{"op":"and","items":[]}}') }),
    ).toBe('unknown_field');
  });
});

describe('selection', () => {
  it('is not an undo step and does not bump the revision, but notifies subscribers', () => {
    const store = testStore(sample());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    must(store, { type: 'select', id: 'email-id' });
    expect(store.getState()).toMatchObject({ selection: 'email-id', revision: 0 });
    expect(store.canUndo()).toBe(false);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(codeOf(store, { type: 'select', id: 'ghost' })).toBe('unknown_field');
    must(store, { type: 'select', id: null });
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    must(store, { type: 'select', id: 'name-id' });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('survives undo when its field still exists, and is cleared when it does not', () => {
    const store = testStore(sample());
    const id = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0 })!;
    expect(store.getState().selection).toBe(id);
    store.undo();
    expect(store.getState().selection).toBeNull();
    must(store, { type: 'select', id: 'name-id' });
    store.redo();
    expect(store.getState().selection).toBe('name-id');
  });

  it('keeps getState stable between changes (for useSyncExternalStore)', () => {
    const store = testStore(sample());
    const a = store.getState();
    expect(store.getState()).toBe(a);
    store.dispatch({ type: 'select', id: 'ghost' });
    expect(store.getState()).toBe(a);
  });
});

describe('keyboard helpers', () => {
  it('moves up and down among siblings and stops at the ends', () => {
    const store = testStore(sample());
    must(store, { type: 'moveDown', id: 'name-id' });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
    must(store, { type: 'moveUp', id: 'name-id' });
    expect(outline(store.getState().doc.fields)).toBe(outline(sample().fields));
    expect(codeOf(store, { type: 'moveUp', id: 'name-id' })).toBe('at_boundary');
    expect(codeOf(store, { type: 'moveDown', id: 'notes-id' })).toBe('at_boundary');
    must(store, { type: 'moveDown', id: 'line1-id' });
    expect(outline(store.getState().doc.fields)).toBe('name email shipping[region line1] lines[qty price] notes');
  });

  it('indents into the container above and outdents to just after the container', () => {
    const store = testStore(sample());
    expect(codeOf(store, { type: 'indent', id: 'email-id' })).toBe('no_container');
    expect(codeOf(store, { type: 'indent', id: 'name-id' })).toBe('no_container');
    must(store, { type: 'indent', id: 'notes-id' });
    expect(outline(store.getState().doc.fields)).toBe('name email shipping[line1 region] lines[qty price notes]');
    must(store, { type: 'outdent', id: 'qty-id' });
    expect(outline(store.getState().doc.fields)).toBe('name email shipping[line1 region] lines[price notes] qty');
    expect(codeOf(store, { type: 'outdent', id: 'qty-id' })).toBe('at_boundary');
    must(store, { type: 'moveUp', id: 'qty-id' });
    must(store, { type: 'indent', id: 'qty-id' });
    expect(outline(store.getState().doc.fields)).toBe('name email shipping[line1 region qty] lines[price notes]');
    // A section cannot go into a table.
    must(store, { type: 'moveUp', id: 'lines-id' });
    expect(codeOf(store, { type: 'indent', id: 'shipping-id' })).toBe('container_not_allowed');
    expect(store.undoLabel()).toBe('moveUp');
    for (let i = 0; i < 5; i++) store.undo();
    expect(store.canUndo()).toBe(false);
    expect(outline(store.getState().doc.fields)).toBe(outline(sample().fields));
  });
});

describe('undo and redo', () => {
  it('answer with an error when there is nothing to do, and redo is cleared by a new change', () => {
    const store = testStore(sample());
    expect(store.undo()).toEqual({ ok: false, error: { code: 'nothing_to_undo', message: expect.any(String) } });
    expect(store.redo().ok).toBe(false);
    must(store, { type: 'removeField', id: 'notes-id' });
    expect(store.undoLabel()).toBe('removeField');
    store.undo();
    expect(store.canRedo()).toBe(true);
    must(store, { type: 'removeField', id: 'name-id' });
    expect(store.canRedo()).toBe(false);
  });

  it('keeps at most historyLimit steps', () => {
    const store = createDesignerStore(sample(), { historyLimit: 3 });
    for (let i = 0; i < 5; i++) must(store, { type: 'updateField', id: 'name-id', patch: { label: { en: `v${i}`, 'zh-Hant': '' } } });
    let undone = 0;
    while (store.undo().ok) undone++;
    expect(undone).toBe(3);
    expect(store.getState().doc.fields[0].label.en).toBe('v1');
  });
});

describe('dispatch never throws', () => {
  it('answers garbage with error codes', () => {
    const store = testStore(sample());
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'addField',
      {},
      { type: 'explode' },
      { type: 'updateField' },
      { type: 'moveField', id: {}, parentId: [], index: '1' },
      { type: 'addRule', rule: null },
      { type: 'addRule', rule: { action: 'show', targets: 'name-id', when: null } },
      { type: 'updateRule', id: null, patch: null },
      { type: 'replaceDoc', doc: { fields: 'no' } },
      { type: 'setKey', id: 'name-id', key: 42 },
      { type: 'select', id: 7 },
      { type: 'indent', id: undefined },
      { type: 'toString' },
      { type: '__proto__' },
    ];
    for (const command of garbage) {
      const result = store.dispatch(command as never);
      expect(result.ok, JSON.stringify(command)).toBe(false);
      expect(result.ok ? '' : result.error.code).not.toBe('internal_error');
    }
    expect(store.getState().revision).toBe(0);
  });

  it('reports a failing id factory as an error instead of throwing', () => {
    const store = createDesignerStore(sample(), { idFactory: () => 'name-id' });
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0 })).toBe('internal_error');
  });
});

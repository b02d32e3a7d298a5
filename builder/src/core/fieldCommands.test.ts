import { describe, expect, it } from 'vitest';
import { codeOf, doc, eqRule, field, must, outline, sampleDoc, testStore } from './test/helpers.ts';

describe('addField', () => {
  it('inserts at the position, selects the field, and is one undo step', () => {
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
    const row = must(store, { type: 'addField', fieldType: 'row', parentId: 'shipping-id', index: 2 })!;
    must(store, { type: 'addField', fieldType: 'text', parentId: row, index: 0 });
    must(store, { type: 'addField', fieldType: 'number', parentId: 'lines-id', index: 2 });
    must(store, { type: 'addField', fieldType: 'autonumber', parentId: 'shipping-id', index: 0 });
    expect(outline(store.getState().doc.fields)).toBe(
      'name email shipping[autoNumber line1 region columns[singleLineText]] lines[qty price number] notes',
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
    const store = testStore(sampleDoc());
    expect(codeOf(store, { type: 'addField', fieldType: 'nope', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'advanced', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'toString', parentId: null, index: 0 })).toBe('unknown_field_type');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 6 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: -1 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 1.5 })).toBe('invalid_index');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: 'name-id', index: 0 })).toBe('not_a_container');
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: 'ghost', index: 0 })).toBe('unknown_field');
    expect(codeOf(store, { type: 'addField', fieldType: 'section', parentId: 'lines-id', index: 0 })).toBe('container_not_allowed');
    // The server numbers once per submission, never per row.
    expect(codeOf(store, { type: 'addField', fieldType: 'autonumber', parentId: 'lines-id', index: 0 })).toBe('container_not_allowed');
    expect(store.canUndo()).toBe(false);
    expect(store.getState().revision).toBe(0);
  });
});

describe('moveField', () => {
  it('counts the destination index before the move, like a drop indicator', () => {
    const store = testStore(sampleDoc());
    must(store, { type: 'moveField', id: 'name-id', parentId: null, index: 2 });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
    must(store, { type: 'moveField', id: 'notes-id', parentId: null, index: 0 });
    expect(outline(store.getState().doc.fields)).toBe('notes email name shipping[line1 region] lines[qty price]');
    must(store, { type: 'moveField', id: 'notes-id', parentId: null, index: 5 });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
  });

  it('moves into and out of sections and sub-tables, and undo puts it back', () => {
    const store = testStore(sampleDoc());
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
    const base = sampleDoc();
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
    const store = testStore(sampleDoc());
    must(store, { type: 'moveField', id: 'email-id', parentId: null, index: 1 });
    must(store, { type: 'moveField', id: 'email-id', parentId: null, index: 2 });
    expect(store.canUndo()).toBe(false);
    expect(store.getState().revision).toBe(0);
  });

  it('refuses a move that would leave a rule unenforceable', () => {
    const store = testStore(sampleDoc());
    must(store, { type: 'addRule', rule: eqRule(['notes-id'], 'name-id', 'x') });
    expect(codeOf(store, { type: 'moveField', id: 'name-id', parentId: 'lines-id', index: 0 })).toBe('unsupported_condition_scope');
    // The target may go into the table: the rule then applies to every row.
    must(store, { type: 'moveField', id: 'notes-id', parentId: 'lines-id', index: 0 });
  });

  it('refuses making a field required when its show rules read fields no one object can see', () => {
    const store = testStore(sampleDoc());
    must(store, { type: 'addRule', rule: eqRule(['price-id'], 'qty-id', 1, 'show') });
    must(store, { type: 'addRule', rule: eqRule(['price-id'], 'name-id', 'x', 'show') });
    expect(codeOf(store, { type: 'updateField', id: 'price-id', patch: { required: true } })).toBe('unsupported_condition_scope');
    must(store, { type: 'updateField', id: 'qty-id', patch: { required: true } });
  });
});

describe('removeField', () => {
  it('removes the field and its children and takes it out of rules in the same undo step', () => {
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
    must(store, { type: 'addRule', rule: eqRule(['notes-id'], 'name-id', 'x') });
    must(store, { type: 'removeField', id: 'name-id' });
    expect(store.getState().doc.rules).toEqual([]);
  });

  it('moves the selection to the next field, else the previous one, else the group', () => {
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
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
    expect(outline(store.getState().doc.fields)).toBe(outline(sampleDoc().fields));
    expect(codeOf(store, { type: 'duplicateField', id: 'nope' })).toBe('unknown_field');
  });
});

describe('updateField', () => {
  it('changes texts and props, clears optional texts with null, and never changes the key', () => {
    const store = testStore(sampleDoc());
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
    const base = sampleDoc();
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
    const store = testStore(sampleDoc());
    const options = [
      { value: 'hk', label: { en: 'Hong Kong Island', 'zh-Hant': '香港島' } },
      { value: 'kln', label: { en: 'Kowloon', 'zh-Hant': '九龍' } },
    ];
    must(store, { type: 'updateField', id: 'region-id', patch: { props: { options } } });
    const revision = store.getState().revision;
    must(store, { type: 'updateField', id: 'region-id', patch: { props: { options: structuredClone(options) } } });
    expect(store.getState().revision).toBe(revision);
  });
});

describe('setKey', () => {
  it('renames a key after validating it, as an undo step', () => {
    const store = testStore(sampleDoc());
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

describe('keyboard helpers', () => {
  it('moves up and down among siblings and stops at the ends', () => {
    const store = testStore(sampleDoc());
    must(store, { type: 'moveDown', id: 'name-id' });
    expect(outline(store.getState().doc.fields)).toBe('email name shipping[line1 region] lines[qty price] notes');
    must(store, { type: 'moveUp', id: 'name-id' });
    expect(outline(store.getState().doc.fields)).toBe(outline(sampleDoc().fields));
    expect(codeOf(store, { type: 'moveUp', id: 'name-id' })).toBe('at_boundary');
    expect(codeOf(store, { type: 'moveDown', id: 'notes-id' })).toBe('at_boundary');
    must(store, { type: 'moveDown', id: 'line1-id' });
    expect(outline(store.getState().doc.fields)).toBe('name email shipping[region line1] lines[qty price] notes');
  });

  it('indents into the container above and outdents to just after the container', () => {
    const store = testStore(sampleDoc());
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
    expect(outline(store.getState().doc.fields)).toBe(outline(sampleDoc().fields));
  });
});

import { describe, expect, it } from 'vitest';
import { codeOf, doc, eqRule, field, must, sampleDoc, testStore } from './test/helpers.ts';

describe('form text and rules', () => {
  it('sets the title and description', () => {
    const store = testStore(sampleDoc());
    must(store, { type: 'setFormText', title: { en: 'Order', 'zh-Hant': '訂單' } });
    expect(store.getState().doc.title).toEqual({ en: 'Order', 'zh-Hant': '訂單' });
    expect(codeOf(store, { type: 'setFormText', description: 'x' })).toBe('invalid_command');
    store.undo();
    expect(store.getState().doc.title.en).toBe('Test form');
  });

  it('adds, updates and removes rules, each an undo step', () => {
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
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

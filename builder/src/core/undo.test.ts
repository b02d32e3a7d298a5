import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { doc, field, must, testStore } from './test/helpers.ts';
import type { FormDoc } from './tree.ts';

function sample(): FormDoc {
  return doc(
    [
      field('text', 'name'),
      field('section', 'group', { children: [field('text', 'inner'), field('number', 'count')] }),
      field('select', 'kind', { props: { options: [{ value: 'a', label: { en: 'A', 'zh-Hant': '甲' } }] } }),
      field('textarea', 'notes'),
    ],
    [{ id: 'rule', action: 'show', targets: ['notes-id'], when: { op: 'and', items: [{ field: 'kind-id', operator: 'eq', value: 'a' }] } }],
  );
}

// Every command that changes the document, on the sample above.
const commands: Command[] = [
  { type: 'addField', fieldType: 'date', parentId: 'group-id', index: 1 },
  { type: 'moveField', id: 'name-id', parentId: 'group-id', index: 0 },
  { type: 'removeField', id: 'kind-id' },
  { type: 'duplicateField', id: 'group-id' },
  { type: 'updateField', id: 'inner-id', patch: { required: true, help: { en: 'Help', 'zh-Hant': '說明' } } },
  { type: 'setKey', id: 'inner-id', key: 'innerText' },
  { type: 'setFormText', title: { en: 'New', 'zh-Hant': '新' }, description: { en: 'D', 'zh-Hant': '說' } },
  {
    type: 'addRule',
    rule: { action: 'require', targets: ['name-id'], when: { op: 'or', items: [{ field: 'kind-id', operator: 'notEmpty' }] } },
  },
  { type: 'updateRule', id: 'rule', patch: { action: 'hide' } },
  { type: 'removeRule', id: 'rule' },
  { type: 'replaceDoc', doc: doc([field('text', 'only')]) },
  { type: 'moveUp', id: 'kind-id' },
  { type: 'moveDown', id: 'name-id' },
  { type: 'indent', id: 'kind-id' },
  { type: 'outdent', id: 'count-id' },
];

describe('undo and redo of every command', () => {
  it.each(commands.map((command) => [command.type, command] as const))('%s', (_type, command) => {
    const store = testStore(sample());
    const before = store.getState();
    must(store, command);
    const after = store.getState();
    expect(after.doc).not.toBe(before.doc);
    expect(after.revision).toBe(before.revision + 1);
    expect(store.undoLabel()).toBe(command.type);

    expect(store.undo().ok).toBe(true);
    expect(store.getState().doc).toBe(before.doc);
    expect(store.canUndo()).toBe(false);
    expect(store.redo().ok).toBe(true);
    expect(store.getState().doc).toBe(after.doc);
    expect(store.getState().revision).toBe(before.revision + 3);
    expect(store.canRedo()).toBe(false);
  });
});

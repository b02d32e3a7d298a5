import { describe, expect, it, vi } from 'vitest';
import { createDesignerStore } from './store.ts';
import { codeOf, doc, field, must, sampleDoc, testStore } from './test/helpers.ts';

describe('structural sharing', () => {
  it('keeps every untouched node identical and does not copy the whole tree', () => {
    const store = testStore(sampleDoc());
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

describe('hostile and huge documents', () => {
  it('refuses documents past the limits instead of choking on them', () => {
    const store = testStore(sampleDoc());
    const many = doc(Array.from({ length: 5001 }, (_, i) => field('text', `f${i}`)));
    expect(codeOf(store, { type: 'replaceDoc', doc: many })).toBe('invalid_document');
    let deep = field('section', 's0');
    for (let i = 1; i < 40; i++) deep = field('section', `s${i}`, { children: [deep] });
    expect(codeOf(store, { type: 'replaceDoc', doc: doc([deep]) })).toBe('invalid_document');
    const cyclic = sampleDoc();
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
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
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
    const store = testStore(sampleDoc());
    const id = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0 })!;
    expect(store.getState().selection).toBe(id);
    store.undo();
    expect(store.getState().selection).toBeNull();
    must(store, { type: 'select', id: 'name-id' });
    store.redo();
    expect(store.getState().selection).toBe('name-id');
  });

  it('keeps getState stable between changes (for useSyncExternalStore)', () => {
    const store = testStore(sampleDoc());
    const a = store.getState();
    expect(store.getState()).toBe(a);
    store.dispatch({ type: 'select', id: 'ghost' });
    expect(store.getState()).toBe(a);
  });
});

describe('undo and redo', () => {
  it('answer with an error when there is nothing to do, and redo is cleared by a new change', () => {
    const store = testStore(sampleDoc());
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
    const store = createDesignerStore(sampleDoc(), { historyLimit: 3 });
    for (let i = 0; i < 5; i++) must(store, { type: 'updateField', id: 'name-id', patch: { label: { en: `v${i}`, 'zh-Hant': '' } } });
    let undone = 0;
    while (store.undo().ok) undone++;
    expect(undone).toBe(3);
    expect(store.getState().doc.fields[0].label.en).toBe('v1');
  });
});

describe('dispatch never throws', () => {
  it('answers garbage with error codes', () => {
    const store = testStore(sampleDoc());
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
    const store = createDesignerStore(sampleDoc(), { idFactory: () => 'name-id' });
    expect(codeOf(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0 })).toBe('internal_error');
  });
});

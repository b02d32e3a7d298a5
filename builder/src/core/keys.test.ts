import { describe, expect, it } from 'vitest';
import { keyFromLabel, MAX_KEY_LENGTH, suggestKey, uniqueKey, validateKey, KEY_PATTERN } from './keys.ts';
import { codeOf, doc, field, must, testStore } from './test/helpers.ts';

const label = (en: string, zh = '') => ({ en, 'zh-Hant': zh });

describe('keyFromLabel', () => {
  it.each([
    ['Full name', 'fullName'],
    ['Body temperature (°C)', 'bodyTemperatureC'],
    ['Café au lait', 'cafeAuLait'],
    ['HKID number', 'hkidNumber'],
    ['SKU', 'sku'],
    ['e-mail address', 'eMailAddress'],
    ['2nd address', 'field2ndAddress'],
    ['123', 'field123'],
    ['📞 Phone', 'phone'],
    ['Name 姓名', 'name'],
    ['姓名', ''],
    ['', ''],
    ['  ', ''],
  ])('%j → %j', (text, key) => {
    expect(keyFromLabel(text)).toBe(key);
  });

  it('stops at a word boundary on long labels and always gives a valid key', () => {
    const key = keyFromLabel('Please describe in as much detail as you can what happened on the day of the incident');
    expect(key).toBe('pleaseDescribeInAsMuchDetailAsYouCanWhat');
    expect(key.length).toBeLessThanOrEqual(40);
    expect(keyFromLabel('x'.repeat(500))).toBe('x'.repeat(40));
    for (const text of ['a', 'Ω', '__proto__', 'constructor', '9', '-a-', 'ÀÉÎ']) {
      const k = keyFromLabel(text);
      if (k) expect(k).toMatch(KEY_PATTERN);
    }
  });
});

describe('suggestKey and uniqueKey', () => {
  it('falls back to the type name for Chinese-only labels, and numbers duplicates', () => {
    expect(suggestKey(label('', '姓名'), 'text', new Set())).toBe('text');
    expect(suggestKey(label('', '姓名'), 'text', new Set(['text']))).toBe('text2');
    expect(suggestKey(label('', '電話'), 'text', new Set(['text', 'text2']))).toBe('text3');
    expect(suggestKey(label('Email'), 'email', new Set(['email']))).toBe('email2');
    expect(suggestKey(label(''), 'my-widget', new Set())).toBe('myWidget');
    expect(suggestKey(label(''), '中文', new Set())).toBe('field');
  });

  it('never suggests a reserved key', () => {
    expect(suggestKey(label('ID'), 'text', new Set())).toBe('id2');
    expect(suggestKey(label('Constructor'), 'text', new Set())).toBe('constructor2');
    expect(suggestKey(label('prototype'), 'text', new Set())).toBe('prototype2');
    expect(suggestKey(label('__proto__'), 'text', new Set())).toBe('proto');
    expect(uniqueKey('submitted_at', new Set())).toBe('submitted_at2');
  });

  it('numbers copies from the stem, not the copy', () => {
    expect(uniqueKey('email2', new Set(['email', 'email2']))).toBe('email3');
    expect(uniqueKey('phone2', new Set(['phone2']))).toBe('phone3');
  });
});

describe('validateKey', () => {
  const form = doc([
    field('text', 'name'),
    field('section', 'address', { children: [field('text', 'line1')] }),
    field('subtable', 'rows', { children: [field('number', 'qty')] }),
  ]);

  it('answers each problem with its code', () => {
    expect(validateKey(form, 'name-id', 'fullName')).toBeNull();
    expect(validateKey(form, 'name-id', 'name')).toBeNull();
    expect(validateKey(form, 'name-id', '')).toBe('empty');
    expect(validateKey(form, 'name-id', undefined)).toBe('empty');
    expect(validateKey(form, 'name-id', 42)).toBe('invalid_chars');
    expect(validateKey(form, 'name-id', 'first name')).toBe('invalid_chars');
    expect(validateKey(form, 'name-id', '名字')).toBe('invalid_chars');
    expect(validateKey(form, 'name-id', '_x')).toBe('invalid_chars');
    expect(validateKey(form, 'name-id', 'a.b')).toBe('invalid_chars');
    expect(validateKey(form, 'name-id', 'x'.repeat(MAX_KEY_LENGTH))).toBeNull();
    expect(validateKey(form, 'name-id', 'x'.repeat(MAX_KEY_LENGTH + 1))).toBe('too_long');
  });

  it('finds duplicates at every level, since export flattens nested keys', () => {
    expect(validateKey(form, 'name-id', 'line1')).toBe('duplicate');
    expect(validateKey(form, 'name-id', 'qty')).toBe('duplicate');
    expect(validateKey(form, 'qty-id', 'address')).toBe('duplicate');
    // Keys are case-sensitive like JSON property names.
    expect(validateKey(form, 'name-id', 'Line1')).toBeNull();
  });

  it('refuses reserved keys whatever their case', () => {
    for (const key of [
      'id',
      'ID',
      'submitted_at',
      'submitted_by',
      'form_version',
      'Form_Version',
      '__proto__',
      'constructor',
      'Constructor',
      'prototype',
    ]) {
      expect(validateKey(form, 'name-id', key), key).toBe('reserved');
    }
  });
});

describe('keys in the store', () => {
  it('are generated once and stay when the label changes', () => {
    const store = testStore();
    const id = must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: label('Phone', '電話') })!;
    must(store, { type: 'updateField', id, patch: { label: label('Mobile phone', '手提電話') } });
    expect(store.getState().doc.fields[0]).toMatchObject({ key: 'phone', label: { en: 'Mobile phone' } });
  });

  it('are unique across levels when fields are added, duplicated or labelled hostile names', () => {
    const store = testStore(doc([field('section', 'group', { children: [field('text', 'singleLineText')] })]));
    must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 1 });
    must(store, { type: 'addField', fieldType: 'text', parentId: 'group-id', index: 0 });
    must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: label('constructor') });
    must(store, { type: 'addField', fieldType: 'text', parentId: null, index: 0, label: label('__proto__') });
    must(store, { type: 'duplicateField', id: 'group-id' });
    const keys: string[] = [];
    const walk = (fields: readonly { key: string; children?: unknown[] }[]) =>
      fields.forEach((f) => {
        keys.push(f.key);
        if (f.children) walk(f.children as never);
      });
    walk(store.getState().doc.fields);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining(['singleLineText', 'singleLineText2', 'singleLineText3', 'constructor2', 'proto', 'group2']),
    );
    for (const key of keys) expect(key).toMatch(KEY_PATTERN);
    expect(codeOf(store, { type: 'setKey', id: 'group-id', key: 'proto' })).toBe('duplicate');
  });
});

/**
 * Field keys: the property names submissions are stored under and export columns are named after.
 * A key is generated once, from the English label, and then never follows the label: renaming
 * "Phone" to "Mobile phone" must not orphan the data already collected under `phone`.
 * Keys are unique across the whole form, not just among siblings, because export flattens nested
 * fields to dotted paths and people read the columns by their last part.
 */
import type { FormDoc, Localized } from './tree.ts';
import { walkFields } from './tree.ts';

export type KeyErrorCode = 'empty' | 'invalid_chars' | 'duplicate' | 'reserved' | 'too_long';

export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Long enough for any sensible name, short enough for a spreadsheet column or a database column. */
export const MAX_KEY_LENGTH = 64;
/** Generated keys stop at a word boundary before this length. */
const GENERATED_KEY_LENGTH = 40;

/**
 * Export's fixed columns, and names that reach into JavaScript objects' prototypes. Compared
 * case-insensitively: a field `ID` next to the `id` column is just as confusing.
 */
export const RESERVED_KEYS: readonly string[] = [
  'id',
  'submitted_at',
  'submitted_by',
  'form_version',
  '__proto__',
  'constructor',
  'prototype',
];
const reserved = new Set(RESERVED_KEYS.map((k) => k.toLowerCase()));

export function isReservedKey(key: string): boolean {
  return reserved.has(key.toLowerCase());
}

/** Every key in the form, except those of the given field ids. */
export function collectKeys(doc: Pick<FormDoc, 'fields'>, exceptIds: ReadonlySet<string> = new Set()): Set<string> {
  const keys = new Set<string>();
  walkFields(doc.fields, (node) => {
    if (!exceptIds.has(node.id)) keys.add(node.key);
  });
  return keys;
}

/** Why `key` cannot be the key of field `fieldId`, or null when it can. */
export function validateKey(doc: Pick<FormDoc, 'fields'>, fieldId: string, key: unknown): KeyErrorCode | null {
  if (key === undefined || key === null || key === '') return 'empty';
  if (typeof key !== 'string') return 'invalid_chars';
  // Reserved first: `__proto__` is refused as reserved, which says more than "invalid characters".
  if (isReservedKey(key)) return 'reserved';
  if (!KEY_PATTERN.test(key)) return 'invalid_chars';
  if (key.length > MAX_KEY_LENGTH) return 'too_long';
  if (collectKeys(doc, new Set([fieldId])).has(key)) return 'duplicate';
  return null;
}

export const keyErrorMessages: Record<KeyErrorCode, string> = {
  empty: 'A key cannot be empty.',
  invalid_chars: 'A key starts with a letter and has only letters, digits and underscores.',
  duplicate: 'Another field in this form already has this key.',
  reserved: 'This key is reserved; choose another.',
  too_long: `A key has at most ${MAX_KEY_LENGTH} characters.`,
};

/**
 * camelCase ASCII from a label: accents are stripped (`Café` → `cafe`), anything that is not a
 * letter or digit separates words. Returns '' when nothing usable is left (a Chinese-only label).
 */
export function keyFromLabel(label: string): string {
  const ascii = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words: string[] = ascii.match(/[A-Za-z0-9]+/g) ?? [];
  let key = '';
  for (const [i, word] of words.entries()) {
    const lower = word.toLowerCase();
    const next = key + (i === 0 ? lower : lower[0].toUpperCase() + lower.slice(1));
    if (next.length > GENERATED_KEY_LENGTH) break;
    key = next;
  }
  if (key === '' && words.length > 0) key = words[0].slice(0, GENERATED_KEY_LENGTH).toLowerCase();
  // A key must start with a letter: "2nd address" becomes field2ndAddress.
  return /^[0-9]/.test(key) ? `field${key}` : key;
}

/** `base`, or `base2`, `base3`... whichever is neither taken nor reserved. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && !isReservedKey(base)) return base;
  const stem = base.replace(/[0-9]+$/, '') || base;
  for (let n = 2; ; n++) {
    const candidate = `${stem}${n}`;
    if (!taken.has(candidate) && !isReservedKey(candidate)) return candidate;
  }
}

/** The type name as a key (`text`, `currentUser`), or `field` for a type name that cannot be one. */
function keyFromType(fieldType: string): string {
  if (KEY_PATTERN.test(fieldType)) return fieldType;
  return keyFromLabel(fieldType) || 'field';
}

/**
 * A new key for a field labelled `label`: from the English label, else (Chinese only) from the
 * type name, made unique against `taken`.
 */
export function suggestKey(label: Localized, fieldType: string, taken: ReadonlySet<string>): string {
  return uniqueKey(keyFromLabel(label.en) || keyFromType(fieldType), taken);
}

/**
 * What an edit changed in a submission's data, for its history: one entry per changed leaf value,
 * at its JSON Pointer. Objects are compared key by key and arrays item by item (a table row added
 * at the end shows as its cells going from null to their values); a value that changes kind (text
 * to list, say) is one entry with both whole values. Absent values read as null.
 */
import { formatPointer, type FieldChange } from '@formloom/schemas';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

function walk(before: Json, after: Json, path: (string | number)[], out: FieldChange[]): void {
  if (sameJson(before, after)) return;
  const found = out.length;
  if (isObject(before) || isObject(after)) {
    if ((isObject(before) || before === undefined) && (isObject(after) || after === undefined)) {
      const b = before ?? {};
      const a = after ?? {};
      // The new data's key order (as the page sent it), not the stored one: PostgreSQL's jsonb reorders keys.
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
      for (const key of keys) walk(b[key], a[key], [...path, key], out);
    }
  } else if (Array.isArray(before) || Array.isArray(after)) {
    if ((Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined)) {
      const b = before ?? [];
      const a = after ?? [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(b[i], a[i], [...path, i], out);
    }
  }
  // Leaves, kind changes, and containers whose difference has no leaf (an empty row added).
  if (out.length === found) out.push({ path: formatPointer(path), before: before ?? null, after: after ?? null });
}

export function dataChanges(before: Record<string, Json>, after: Record<string, Json>): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, [], out);
  return out;
}

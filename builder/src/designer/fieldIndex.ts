import { indexFields, type FieldLocation, type FieldNode } from '../core/index.ts';

const cache = new WeakMap<readonly FieldNode[], Map<string, FieldLocation>>();

/** Every field's location by id, built once per field tree (trees are immutable, so identity is the key). */
export function fieldIndex(fields: readonly FieldNode[]): Map<string, FieldLocation> {
  let index = cache.get(fields);
  if (!index) {
    index = indexFields(fields);
    cache.set(fields, index);
  }
  return index;
}

/**
 * The field-type registry. Every consumer derives from it rather than keeping its own list.
 * Definitions are frozen when registered, so nobody can edit a shared fragment in place;
 * copy it (structuredClone) before building on it.
 */
import type { FieldCategory, FieldTypeDefinition } from './types.ts';
import { fieldCategories } from './types.ts';
import { builtInFieldTypes } from './builtins/index.ts';

export class DuplicateFieldTypeError extends Error {
  readonly code = 'duplicate_field_type';
  constructor(readonly type: string) {
    super(`Field type "${type}" is already registered.`);
    this.name = 'DuplicateFieldTypeError';
  }
}

export class InvalidFieldTypeError extends Error {
  readonly code = 'invalid_field_type';
  constructor(
    readonly type: string,
    reason: string,
  ) {
    super(`Field type "${type}" is invalid: ${reason}`);
    this.name = 'InvalidFieldTypeError';
  }
}

export class UnknownFieldTypeError extends Error {
  readonly code = 'unknown_field_type';
  constructor(readonly type: string) {
    super(`No field type "${type}" is registered.`);
    this.name = 'UnknownFieldTypeError';
  }
}

export interface ReadonlyFieldTypeRegistry {
  get(type: string): FieldTypeDefinition | undefined;
  /** Like get, but throws UnknownFieldTypeError: for code that has already decided the type exists. */
  getOrThrow(type: string): FieldTypeDefinition;
  has(type: string): boolean;
  /** In registration order. */
  list(): FieldTypeDefinition[];
  /** Every category present (possibly empty), each in registration order. */
  byCategory(): Record<FieldCategory, FieldTypeDefinition[]>;
}

export interface FieldTypeRegistry extends ReadonlyFieldTypeRegistry {
  register(def: FieldTypeDefinition): void;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function check(def: FieldTypeDefinition): void {
  if (!def.type) throw new InvalidFieldTypeError(String(def.type), 'type must be a non-empty string');
  if (def.uiSchema?.['ui:fieldType'] !== def.type) {
    throw new InvalidFieldTypeError(def.type, 'uiSchema["ui:fieldType"] must equal type');
  }
  if (!fieldCategories.includes(def.category)) {
    throw new InvalidFieldTypeError(def.type, `unknown category "${def.category}"`);
  }
}

/** A fresh registry; pass definitions (for example `defaultFieldTypes.list()`) to start from them. */
export function createFieldTypeRegistry(initial: Iterable<FieldTypeDefinition> = []): FieldTypeRegistry {
  const entries = new Map<string, FieldTypeDefinition>();
  const registry: FieldTypeRegistry = {
    register(def) {
      check(def);
      if (entries.has(def.type)) throw new DuplicateFieldTypeError(def.type);
      // Copy before freezing so the caller's own object stays editable.
      entries.set(def.type, deepFreeze(structuredClone(def)));
    },
    get: (type) => entries.get(type),
    getOrThrow(type) {
      const def = entries.get(type);
      if (!def) throw new UnknownFieldTypeError(type);
      return def;
    },
    has: (type) => entries.has(type),
    list: () => [...entries.values()],
    byCategory() {
      const groups = Object.fromEntries(fieldCategories.map((c) => [c, [] as FieldTypeDefinition[]]));
      for (const def of entries.values()) groups[def.category].push(def);
      return groups as Record<FieldCategory, FieldTypeDefinition[]>;
    },
  };
  for (const def of initial) registry.register(def);
  return registry;
}

/**
 * Every built-in type. Read-only on purpose (a shared mutable registry is how plugins end up
 * fighting over globals): to add types, `createFieldTypeRegistry(defaultFieldTypes.list())`.
 */
export const defaultFieldTypes: ReadonlyFieldTypeRegistry = (() => {
  const { register: _register, ...readonly } = createFieldTypeRegistry(builtInFieldTypes);
  return Object.freeze(readonly);
})();

/**
 * Which properties each field type accepts, and how a patch from the property panel is checked.
 * A prop either applies to a value kind (limits on numbers, lengths on strings) or to one built-in
 * type whose behaviour the runtime and server implement (calculated, autonumber, relation...).
 */
import { HK_PHONE_PATTERN, HKID_PATTERN, LocationFenceOptions, type FieldTypeDefinition } from '@formloom/schemas';
import { DesignerError } from './errors.ts';
import { scanningProblem } from './scanning.ts';
import type { ChoiceOption, FieldProps, PatternPreset } from './tree.ts';

type JsonObject = Record<string, unknown>;

/** The keywords each named pattern stands for. Email is a format, not a pattern, so ajv checks it properly. */
export const PATTERN_PRESETS: Record<PatternPreset, JsonObject> = {
  hkPhone: { pattern: HK_PHONE_PATTERN },
  hkid: { pattern: HKID_PATTERN },
  email: { format: 'email' },
  digits: { pattern: '^[0-9]+$' },
};

/** Options per choice field; more is a list that belongs in another form (a relation). */
export const MAX_OPTIONS = 1000;
const MAX_TEXT_PROP = 2000;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isLocalized = (v: unknown): boolean => isObject(v) && typeof v.en === 'string' && typeof v['zh-Hant'] === 'string';

/** Whether the type's registry fragment holds string options (`oneOf` or `items.oneOf` of `{const}`). */
export function hasOptions(def: FieldTypeDefinition | undefined): boolean {
  if (!def) return false;
  const holder = def.valueKind === 'array' ? def.schema.items : def.schema;
  const oneOf = isObject(holder) ? holder.oneOf : undefined;
  return Array.isArray(oneOf) && oneOf.length > 0 && oneOf.every((o) => isObject(o) && typeof o.const === 'string');
}

/**
 * Refuses patterns that RE2 (the server's regex engine) does not run, and ones that are not valid
 * at all, so a form never fails at save time for a pattern typed in the property panel.
 */
export function patternProblem(pattern: string): string | null {
  if (/\(\?<?[=!]/.test(pattern)) return 'lookahead and lookbehind are not supported';
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not supported';
  try {
    new RegExp(pattern, 'u');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function validOptions(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return 'options must be a non-empty list';
  if (value.length > MAX_OPTIONS) return `at most ${MAX_OPTIONS} options`;
  const seen = new Set<string>();
  for (const option of value as ChoiceOption[]) {
    if (!isObject(option) || typeof option.value !== 'string' || option.value === '') return 'each option needs a non-empty value';
    if (!isLocalized(option.label)) return 'each option needs a label in en and zh-Hant';
    if (seen.has(option.value)) return `the value "${option.value}" is used twice`;
    seen.add(option.value);
  }
  return null;
}

type Check = (value: unknown, def: FieldTypeDefinition | undefined) => string | null;
interface PropRule {
  applies: (def: FieldTypeDefinition | undefined) => boolean;
  check: Check;
}

const kind =
  (...kinds: string[]) =>
  (def: FieldTypeDefinition | undefined) =>
    !!def && kinds.includes(def.valueKind) && !def.container;
const type = (name: string) => (def: FieldTypeDefinition | undefined) => def?.type === name;
const always = () => true;
const number: Check = (v) => (isFiniteNumber(v) ? null : 'must be a finite number');
const count: Check = (v) => (isCount(v) ? null : 'must be a whole number, 0 or more');
const boolean: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const text: Check = (v) =>
  typeof v === 'string' && v.length <= MAX_TEXT_PROP ? null : `must be text of at most ${MAX_TEXT_PROP} characters`;

const propRules: Record<keyof FieldProps, PropRule> = {
  default: {
    applies: (def) => kind('string', 'number', 'boolean', 'array')(def),
    check: (v, def) => {
      const expected = def?.valueKind === 'array' ? 'array' : def?.valueKind;
      const actual = Array.isArray(v) ? 'array' : typeof v;
      if (expected !== actual) return `must be a ${expected}`;
      return typeof v === 'number' && !Number.isFinite(v) ? 'must be a finite number' : null;
    },
  },
  minimum: { applies: kind('number'), check: number },
  maximum: { applies: kind('number'), check: number },
  exclusiveMinimum: { applies: kind('number'), check: number },
  exclusiveMaximum: { applies: kind('number'), check: number },
  multipleOf: { applies: kind('number'), check: (v) => (isFiniteNumber(v) && v > 0 ? null : 'must be a number above 0') },
  integer: { applies: kind('number'), check: boolean },
  minLength: { applies: kind('string'), check: count },
  maxLength: { applies: kind('string'), check: count },
  pattern: { applies: kind('string'), check: (v) => (typeof v === 'string' ? patternProblem(v) : 'must be text') },
  patternPreset: {
    applies: kind('string'),
    check: (v) => (typeof v === 'string' && Object.hasOwn(PATTERN_PRESETS, v) ? null : 'is not a known pattern'),
  },
  minItems: { applies: (def) => def?.valueKind === 'array', check: count },
  maxItems: { applies: (def) => def?.valueKind === 'array', check: count },
  options: { applies: hasOptions, check: validOptions },
  readOnly: { applies: always, check: boolean },
  hidden: { applies: always, check: boolean },
  width: { applies: always, check: (v) => (v === 'full' || v === 'half' || v === 'third' ? null : 'must be full, half or third') },
  columns: { applies: type('row'), check: (v) => (v === 2 || v === 3 ? null : 'must be 2 or 3') },
  calculate: {
    applies: type('calculated'),
    check: (v) =>
      isObject(v) &&
      typeof v.sumOf === 'string' &&
      (v.multiply === undefined || (Array.isArray(v.multiply) && v.multiply.every((f) => typeof f === 'string')))
        ? null
        : 'must be {sumOf, multiply?}',
  },
  expression: { applies: type('calculated'), check: text },
  autonumberPattern: { applies: type('autonumber'), check: text },
  relation: {
    applies: type('relation'),
    check: (v) =>
      isObject(v) &&
      typeof v.formId === 'string' &&
      v.formId !== '' &&
      (v.displayField === undefined || typeof v.displayField === 'string') &&
      (v.fill === undefined || (isObject(v.fill) && Object.values(v.fill).every((k) => typeof k === 'string')))
        ? null
        : 'must be {formId, displayField?, fill?}',
  },
  variant: { applies: type('static'), check: (v) => (v === 'heading' || v === 'text' ? null : 'must be heading or text') },
  optionsFrom: {
    applies: type('select'),
    check: (v) =>
      isObject(v) &&
      typeof v.formId === 'string' &&
      (v.field === undefined || (typeof v.field === 'string' && v.field !== '')) &&
      (v.fill === undefined || (isObject(v.fill) && Object.values(v.fill).every((k) => typeof k === 'string')))
        ? null
        : 'must be {formId, field?, fill?}',
  },
  geofence: {
    applies: type('location'),
    check: (v) =>
      isObject(v) && Array.isArray(v.sites) && LocationFenceOptions.safeParse(v).success
        ? null
        : 'must be {sites: [{name, lat, lng, radius?}], outsideFence?: reject | flag, maxAccuracy?}',
  },
  scanning: { applies: type('barcode'), check: scanningProblem },
};

/** The props a field of this type may have (for the property panel). */
export function propsFor(def: FieldTypeDefinition | undefined): (keyof FieldProps)[] {
  return (Object.keys(propRules) as (keyof FieldProps)[]).filter((name) => propRules[name].applies(def));
}

function ordered(props: FieldProps, low: keyof FieldProps, high: keyof FieldProps): boolean {
  const a = props[low];
  const b = props[high];
  return typeof a !== 'number' || typeof b !== 'number' || a <= b;
}

/** Why `value` cannot be prop `name` of a field of this type, or null when it can. */
export function propProblem(name: string, value: unknown, def: FieldTypeDefinition | undefined): string | null {
  const rule = Object.hasOwn(propRules, name) ? propRules[name as keyof FieldProps] : undefined;
  if (!rule) return `"${name}" is not a field property`;
  if (!rule.applies(def)) return `a ${def?.type ?? 'field'} field has no "${name}"`;
  const problem = rule.check(value, def);
  return problem ? `"${name}" ${problem}` : null;
}

/** Throws `invalid_props` unless every prop applies to the type and holds a sensible value. */
export function checkProps(props: FieldProps, def: FieldTypeDefinition | undefined): void {
  if (!isObject(props)) throw new DesignerError('invalid_props', 'Field properties must be an object.');
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const problem = propProblem(name, value, def);
    if (problem) throw new DesignerError('invalid_props', `Field properties: ${problem}.`);
  }
  if (props.optionsFrom !== undefined && props.options !== undefined) {
    throw new DesignerError('invalid_props', 'Options come either from the list or from another form, not both.');
  }
  if (props.pattern !== undefined && props.patternPreset !== undefined) {
    throw new DesignerError('invalid_props', 'Use either a pattern or a preset, not both.');
  }
  for (const [low, high] of [
    ['minimum', 'maximum'],
    ['minLength', 'maxLength'],
    ['minItems', 'maxItems'],
  ] as const) {
    if (!ordered(props, low, high)) throw new DesignerError('invalid_props', `"${low}" is above "${high}".`);
  }
}

/** The props after a patch: a key set to undefined is removed. The caller checks the result. */
export function patchProps(props: FieldProps, patch: unknown): FieldProps {
  if (!isObject(patch)) throw new DesignerError('invalid_patch', 'A props patch must be an object.');
  const out: Record<string, unknown> = { ...props };
  for (const [name, value] of Object.entries(patch)) {
    // Own-property writes only: a `__proto__` key from JSON.parse must not reach the prototype.
    if (value === undefined) delete out[name];
    else Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out as FieldProps;
}

export { isLocalized };

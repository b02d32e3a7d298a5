/**
 * Reading one imported property as a field of a given registry type. Each keyword of the fragment
 * is either part of the type's registry fragment (and equal to it), something the designer models
 * (texts, props, children), or kept verbatim in the field's extras. A keyword of the registry
 * fragment that the import lacks, or has with a value the designer cannot model, means the type
 * does not fit: compile would add or change a constraint. Then the next type is tried, and finally
 * the field becomes 'advanced' (import.ts).
 */
import { HK_PHONE_PATTERN, HKID_PATTERN, type FieldTypeDefinition, type ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { compileOwn, KEYWORD_PROPS } from './compileField.ts';
import { checkProps, hasOptions, PATTERN_PRESETS, propProblem } from './props.ts';
import { jsonEqual } from './runtimeCondition.ts';
import { scanningFromOptions } from './scanning.ts';
import type { ChoiceOption, FieldNode, FieldProps, Localized, PatternPreset } from './tree.ts';

type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords that do not change what data is valid; a difference in them does not change meaning. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'readOnly', 'writeOnly', 'deprecated']);
/** Keywords of an object level that import.ts reads as children and rules. */
export const LEVEL_KEYWORDS = ['properties', 'required', 'allOf'] as const;

/** What the caller knows about the field's place, and how it reads a container's children. */
export interface FitContext {
  /** zh-Hant text at a pointer into the imported `{schema, uiSchema}`, if any. */
  zhAt(pointer: string): string;
  /** Pointers of this field: `/schema/properties/a` and `/uiSchema/a`. */
  schemaPointer: string;
  uiPointer: string;
  /** Reads a container's children from its object level; returns false if they cannot be read. */
  readChildren(node: FieldNode, level: JsonObject, levelUi: JsonObject, inItems: boolean): boolean;
}

function localized(en: unknown, zh: string): Localized {
  return { en: typeof en === 'string' ? en : '', 'zh-Hant': zh };
}

/** Options from `oneOf: [{const, title}]` or `enum` of distinct non-empty strings; undefined if not options. */
function readOptions(keyword: 'oneOf' | 'enum', value: unknown, zhAt: (i: number) => string): ChoiceOption[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const options: ChoiceOption[] = [];
  for (const [i, item] of value.entries()) {
    const entry = keyword === 'enum' ? { const: item } : item;
    if (!isObject(entry) || typeof entry.const !== 'string' || entry.const === '') return undefined;
    if (Object.keys(entry).some((k) => k !== 'const' && k !== 'title') || (entry.title !== undefined && typeof entry.title !== 'string'))
      return undefined;
    if (options.some((o) => o.value === entry.const)) return undefined;
    const zh = keyword === 'oneOf' ? zhAt(i) : '';
    options.push({ value: entry.const, label: localized(entry.title ?? (keyword === 'enum' ? entry.const : ''), zh) });
  }
  return options;
}

const presetByPattern: Record<string, PatternPreset> = { [HK_PHONE_PATTERN]: 'hkPhone', [HKID_PATTERN]: 'hkid', '^[0-9]+$': 'digits' };

/** The meaning-bearing part of a schema, for comparing: annotations out, options as plain consts. */
function comparable(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k)) continue;
    if (k === 'enum' && Array.isArray(v)) out.oneOf = v.map((c) => ({ const: c }));
    else if (k === 'oneOf' && Array.isArray(v)) out.oneOf = v.map((o) => (isObject(o) ? comparable(o) : o));
    else if (k === 'items') out.items = comparable(v);
    else out[k] = v;
  }
  return out;
}

function withoutLevel(schema: JsonObject, arrayContainer: boolean): JsonObject {
  const out = { ...schema };
  for (const k of LEVEL_KEYWORDS) delete out[k];
  if (arrayContainer && isObject(out.items)) out.items = withoutLevel(out.items, false);
  return out;
}

/** `form`, `displayField` and `fill` are read together, as one relation prop, or not at all. */
function relationOf(options: JsonObject): unknown {
  const relation: JsonObject = { formId: options.form };
  if (options.displayField !== undefined) relation.displayField = options.displayField;
  if (options.fill !== undefined) relation.fill = options.fill;
  return relation;
}

/** `ui:options.optionsFrom: {form, field}` (and `ui:options.fill`) as the optionsFrom prop; anything else is not one. */
function optionsSourceOf(value: unknown, fill?: unknown): unknown {
  if (!isObject(value) || Object.keys(value).some((k) => k !== 'form' && k !== 'field')) return undefined;
  if (value.form !== undefined && (typeof value.form !== 'string' || value.form === '')) return undefined;
  return {
    formId: value.form ?? '',
    ...(value.field !== undefined ? { field: value.field } : {}),
    ...(fill !== undefined ? { fill } : {}),
  };
}

/** A location field's `sites`, `outsideFence` and `maxAccuracy`, read together as the geofence prop. */
function geofenceOf(options: JsonObject): unknown {
  const fence: JsonObject = { sites: options.sites ?? [] };
  if (options.outsideFence !== undefined) fence.outsideFence = options.outsideFence;
  if (options.maxAccuracy !== undefined) fence.maxAccuracy = options.maxAccuracy;
  return fence;
}

/** Modelled ui:options entries, by type; true when the entry was taken into props. */
function readOption(def: FieldTypeDefinition, name: string, value: unknown, props: FieldProps, options: JsonObject): boolean {
  const take = <K extends keyof FieldProps>(prop: K, v: unknown) => {
    if (propProblem(prop, v, def)) return false;
    props[prop] = v as FieldProps[K];
    return true;
  };
  switch (name) {
    case 'width':
      return take('width', value);
    case 'columns':
      return take('columns', value);
    case 'calculate':
      return take('calculate', value);
    case 'expression':
      return take('expression', value);
    case 'pattern':
      return take('autonumberPattern', value);
    case 'variant':
      return take('variant', value);
    case 'form':
      return take('relation', relationOf(options));
    case 'displayField':
      return !propProblem('relation', relationOf(options), def);
    case 'fill':
      // A select's fill belongs with its optionsFrom; a relation's with its form.
      if (Object.hasOwn(options, 'optionsFrom') && !propProblem('optionsFrom', optionsSourceOf(options.optionsFrom, value), def))
        return true;
      return !propProblem('relation', relationOf(options), def);
    case 'optionsFrom':
      return take('optionsFrom', optionsSourceOf(value, options.fill));
    case 'sites':
    case 'outsideFence':
    case 'maxAccuracy':
      return take('geofence', geofenceOf(options));
    case 'continuous':
    case 'duplicateWindowMs':
    case 'duplicates':
    case 'countField':
    case 'gs1':
      return take('scanning', scanningFromOptions(options));
    default:
      return false;
  }
}

/**
 * The field if the fragment fits `def`, else undefined. `visibleWhen` is handed back untouched in
 * `extras.uiSchema['ui:options']` for import.ts to turn into rules.
 */
export function fitField(
  def: FieldTypeDefinition,
  key: string,
  fragment: unknown,
  ui: JsonObject,
  ctx: FitContext,
  id: string,
): FieldNode | undefined {
  if (!isObject(fragment)) return undefined;
  const arrayContainer = !!def.container && def.valueKind === 'array';
  const objectContainer = !!def.container && !arrayContainer;
  const props: FieldProps = {};
  const extras = { schema: {} as JsonObject, uiSchema: {} as JsonObject };
  const node: FieldNode = {
    id,
    type: def.type,
    key,
    label: localized(fragment.title, ctx.zhAt(`${ctx.schemaPointer}/title`)),
    required: false,
    props,
  };
  if (fragment.title !== undefined && typeof fragment.title !== 'string') return undefined;
  if (def.container) node.children = [];
  // Options from another form's records: the fragment has no oneOf, which compile then leaves out too.
  const optionsFromUi =
    isObject(ui['ui:options']) && !propProblem('optionsFrom', optionsSourceOf(ui['ui:options'].optionsFrom, ui['ui:options'].fill), def);

  for (const [k, v] of Object.entries(fragment)) {
    const inRegistry = Object.hasOwn(def.schema, k);
    if (k === 'title') continue;
    if (k === 'description' && typeof v === 'string') node.description = localized(v, ctx.zhAt(`${ctx.schemaPointer}/description`));
    else if (objectContainer && (LEVEL_KEYWORDS as readonly string[]).includes(k)) continue;
    else if (arrayContainer && k === 'items') {
      if (!isObject(v) || v.type !== 'object') return undefined;
      const { type: _type, ...rest } = withoutLevel(v, false);
      if (Object.keys(rest).length) extras.schema.items = rest;
    } else if (hasOptions(def) && def.valueKind !== 'array' && (k === 'oneOf' || k === 'enum')) {
      const options = readOptions(k, v, (i) => ctx.zhAt(`${ctx.schemaPointer}/oneOf/${i}/title`));
      if (!options || props.options) return undefined;
      props.options = options;
    } else if (hasOptions(def) && def.valueKind === 'array' && k === 'items') {
      if (!isObject(v) || v.type !== 'string' || Object.keys(v).length !== 2) return undefined;
      const holder = 'oneOf' in v ? 'oneOf' : 'enum';
      const options = readOptions(holder, v[holder], (i) => ctx.zhAt(`${ctx.schemaPointer}/items/oneOf/${i}/title`));
      if (!options) return undefined;
      props.options = options;
    } else if (k === 'type' && v === 'integer' && def.schema.type === 'number' && def.valueKind === 'number') props.integer = true;
    else if (inRegistry && jsonEqual(v, def.schema[k])) continue;
    else if (k === 'pattern' && typeof v === 'string' && presetByPattern[v] && !inRegistry) props.patternPreset = presetByPattern[v];
    else if (k === 'format' && v === 'email' && !inRegistry && def.valueKind === 'string' && !def.container) props.patternPreset = 'email';
    else if (k === 'readOnly' && v === true) props.readOnly = true;
    else if ((KEYWORD_PROPS as readonly string[]).includes(k) && !propProblem(k, v, def))
      props[k as (typeof KEYWORD_PROPS)[number]] = v as never;
    else if (inRegistry) return undefined;
    else extras.schema[k] = v;
  }
  // A registry keyword the import lacks would be added by compile: a constraint the form never had.
  for (const k of Object.keys(def.schema)) {
    if (Object.hasOwn(fragment, k) || ANNOTATIONS.has(k)) continue;
    if (k === 'oneOf' && (props.options || optionsFromUi)) continue;
    if (k === 'items' && props.options) continue;
    if (def.container && (k === 'properties' || (k === 'items' && arrayContainer))) continue;
    return undefined;
  }
  if (arrayContainer && !isObject(fragment.items)) return undefined;

  const uiOptions: JsonObject = {};
  for (const [k, v] of Object.entries(ui)) {
    if (k === 'ui:fieldType') continue;
    if (objectContainer && (k === 'ui:order' || !k.startsWith('ui:'))) continue;
    if (arrayContainer && k === 'items') {
      if (!isObject(v)) continue;
      const rest = Object.fromEntries(Object.entries(v).filter(([name]) => name.startsWith('ui:') && name !== 'ui:order'));
      if (Object.keys(rest).length) extras.uiSchema.items = rest;
    } else if ((k === 'ui:help' || k === 'ui:placeholder') && typeof v === 'string') {
      node[k === 'ui:help' ? 'help' : 'placeholder'] = localized(v, ctx.zhAt(`${ctx.uiPointer}/${k}`));
    } else if (k === 'ui:widget' && v === 'hidden' && def.uiSchema['ui:widget'] !== 'hidden') props.hidden = true;
    else if (k === 'ui:readonly' && v === true && (props.readOnly || def.uiSchema['ui:readonly'] === true)) continue;
    else if (k === 'ui:options' && isObject(v)) {
      const defaults = isObject(def.uiSchema['ui:options']) ? def.uiSchema['ui:options'] : {};
      for (const [name, value] of Object.entries(v)) {
        if (Object.hasOwn(defaults, name) && jsonEqual(value, defaults[name])) continue;
        if (!readOption(def, name, value, props, v)) uiOptions[name] = value;
      }
    } else if (Object.hasOwn(def.uiSchema, k) && jsonEqual(v, def.uiSchema[k])) continue;
    else extras.uiSchema[k] = v;
  }
  if (Object.keys(uiOptions).length) extras.uiSchema['ui:options'] = uiOptions;
  if (Object.keys(extras.schema).length || Object.keys(extras.uiSchema).length) node.extras = extras;

  try {
    checkProps(props, def);
  } catch {
    return undefined;
  }
  if (def.container) {
    const level = arrayContainer ? (fragment.items as JsonObject) : fragment;
    const levelUi = arrayContainer ? (isObject(ui.items) ? ui.items : {}) : ui;
    if (!ctx.readChildren(node, level, levelUi, arrayContainer)) return undefined;
  }
  // The safety net: the field's own keywords, compiled back, must mean what the import said.
  const own = compileOwn({ ...node, children: [] }, def).schema as JsonObject;
  if (arrayContainer) own.items = { ...(own.items as JsonObject), ...((extras.schema.items as JsonObject) ?? {}) };
  if (!jsonEqual(comparable(withoutLevel(own, arrayContainer)), comparable(withoutLevel(fragment, arrayContainer)))) return undefined;
  return node;
}

/**
 * Registry types worth trying for a fragment with no (usable) `ui:fieldType`, most specific first:
 * a string with a format or pattern some type has (date, phone, time...) tries that type first.
 */
export function typesByShape(fragment: unknown, registry: ReadonlyFieldTypeRegistry): string[] {
  if (!isObject(fragment)) return [];
  const { type, format, pattern, multipleOf, items } = fragment;
  const choice = 'oneOf' in fragment || 'enum' in fragment;
  switch (type) {
    case 'string': {
      const specific = registry
        .list()
        .filter((d) => d.valueKind === 'string' && ((format && d.schema.format === format) || (pattern && d.schema.pattern === pattern)))
        .map((d) => d.type);
      return [...specific, ...(choice ? ['select'] : []), 'text'];
    }
    case 'number':
      return multipleOf === 0.01 ? ['money', 'number'] : ['number'];
    case 'integer':
      return ['number'];
    case 'boolean':
      return choice ? ['yesno', 'checkbox'] : ['checkbox'];
    case 'array':
      if (isObject(items) && items.type === 'object') return ['subtable'];
      return isObject(items) && ('oneOf' in items || 'enum' in items) ? ['multiselect'] : [];
    case 'object':
      return ['section'];
    case 'null':
      return ['static'];
    default:
      return [];
  }
}

export { PATTERN_PRESETS };

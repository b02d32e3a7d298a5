/**
 * The designer's model of a form: a tree of fields, the form's texts and its rules. It is plain,
 * immutable data: commands build new documents that share every untouched subtree with the old one,
 * so the UI can memoize by node identity and undo is a stack of documents.
 *
 * The published form is JSON Schema + uiSchema (compile.ts); this model only exists in the designer.
 */
import type { FlowDefinition, GeoSite, Localized } from '@formloom/schemas';
import type { ScanningOptions } from './scanning.ts';

export type { Localized } from '@formloom/schemas';

type JsonObject = Record<string, unknown>;

/** The type of a field the designer cannot model; it holds the untouched schema fragment. */
export const ADVANCED_TYPE = 'advanced';

/** A choice of a select, radio or multi-select field; `value` is what submissions store. */
export interface ChoiceOption {
  value: string;
  label: Localized;
}

/** Named patterns the property panel offers; compile turns each into the keyword in PATTERN_PRESETS. */
export type PatternPreset = 'hkPhone' | 'hkid' | 'email' | 'digits';

export type FieldWidth = 'full' | 'half' | 'third';

/**
 * Properties the property panel edits. Each is optional; absent means "what the field type's
 * registry entry says". Which ones a field type accepts is checked in props.ts.
 * - Schema keywords, copied as they are: default, minimum, maximum, exclusiveMinimum,
 *   exclusiveMaximum, multipleOf, minLength, maxLength, pattern, minItems, maxItems.
 * - integer: a number field that only takes whole numbers (`type: "integer"`).
 * - patternPreset: a named pattern (HK phone, HKID, email, digits) used instead of `pattern`.
 * - options: the choices of select, radio and multi-select (`oneOf: [{const, title}]`).
 * - readOnly (schema `readOnly` + `ui:readonly`), hidden (`ui:widget: "hidden"`),
 *   width (`ui:options.width`), columns (rows: `ui:options.columns`).
 * - expression: a calculated field's formula (`ui:options.expression`, see
 *   schemas/src/expressions); calculate: the deprecated `{sumOf, multiply}` spec, kept as imported.
 * - autonumberPattern: e.g. `PR-{YYYY}-{0000}` (`ui:options.pattern`, as the server reads it).
 * - relation: the linked form, the field shown for its records and the fields filled from the
 *   chosen record (`ui:options.form`, `.displayField`, `.fill: {keyHere: keyThere}`).
 * - variant: static text shown as a heading or a paragraph (`ui:options.variant`).
 * - optionsFrom: a single choice whose options are the values of one top-level field across another
 *   form's records (`ui:options.optionsFrom: {form, field}`); the schema then has no `oneOf`.
 *   `fill` maps fields beside it to fields of the record holding the chosen value (`ui:options.fill`).
 *   `formId` is '' and `field` absent while they are being picked (a draft may be saved like that).
 */
export interface FieldProps {
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  integer?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  patternPreset?: PatternPreset;
  minItems?: number;
  maxItems?: number;
  options?: ChoiceOption[];
  readOnly?: boolean;
  hidden?: boolean;
  width?: FieldWidth;
  columns?: 2 | 3;
  calculate?: { sumOf: string; multiply?: string[] };
  expression?: string;
  autonumberPattern?: string;
  relation?: { formId: string; displayField?: string; fill?: Record<string, string> };
  variant?: 'heading' | 'text';
  optionsFrom?: { formId: string; field?: string; fill?: Record<string, string> };
  /** A location field's fence: `ui:options.sites`, `outsideFence`, `maxAccuracy` (see LocationFenceOptions). */
  geofence?: { sites: GeoSite[]; outsideFence?: 'reject' | 'flag'; maxAccuracy?: number };
  /** A barcode field's `ui:options` continuous, duplicateWindowMs, duplicates, countField, gs1 (see scanning.ts). */
  scanning?: ScanningOptions;
}

/**
 * What the designer does not model but must keep: schema keywords (`const`, `not`, `if`/`then`,
 * `additionalProperties`...), uiSchema entries, and zh-Hant strings for them. Pointers in `i18n` are
 * relative to the field (`/schema/...`, `/uiSchema/...`), so they follow the field when it moves
 * or its key changes. On a form, the same holds for the root with absolute pointers.
 */
export interface Extras {
  schema: JsonObject;
  uiSchema: JsonObject;
  i18n?: Record<string, string>;
}

export interface FieldNode {
  /** Stable internal id, never shown and never written to the published form. */
  id: string;
  /** A registry type, or ADVANCED_TYPE. */
  type: string;
  /** The JSON Schema property name. */
  key: string;
  label: Localized;
  /** The schema `description`: the paragraph of a static text field, a note under other fields. */
  description?: Localized;
  help?: Localized;
  placeholder?: Localized;
  required: boolean;
  props: FieldProps;
  /** Child fields of a section or row (a nested object) or a subtable (an array of row objects). */
  children?: FieldNode[];
  /** Only for ADVANCED_TYPE: the fragment as imported, compiled back untouched. */
  raw?: { schema: JsonObject; uiSchema: JsonObject; i18n?: Record<string, string> };
  /** Kept-verbatim parts of an imported field the designer does not model; see Extras. */
  extras?: Extras;
}

export type ConditionOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'empty' | 'notEmpty';
export const conditionOperators: readonly ConditionOperator[] = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'empty',
  'notEmpty',
];

export interface Condition {
  /** A field id. */
  field: string;
  operator: ConditionOperator;
  /** A string, number or boolean; for `in` an array of them; absent for empty/notEmpty. */
  value?: unknown;
}

export interface ConditionGroup {
  op: 'and' | 'or';
  items: (Condition | ConditionGroup)[];
}

export type RuleAction = 'show' | 'hide' | 'require';
export const ruleActions: readonly RuleAction[] = ['show', 'hide', 'require'];

export interface Rule {
  id: string;
  action: RuleAction;
  /** Field ids. */
  targets: string[];
  when: ConditionGroup;
}

export interface FormDoc {
  title: Localized;
  description: Localized;
  fields: FieldNode[];
  rules: Rule[];
  /** Root keywords the designer does not model (`$defs`, foreign `allOf` entries...), kept verbatim. */
  extras: Extras;
  /**
   * The draft's approval flow (null: none). Absent when the document did not come with the draft
   * (an imported schema file), and then saving leaves the server's flow as it is.
   */
  workflow?: FlowDefinition | null;
}

export function isGroup(item: Condition | ConditionGroup): item is ConditionGroup {
  return 'op' in item;
}

export function emptyLocalized(): Localized {
  return { en: '', 'zh-Hant': '' };
}

export function emptyDoc(): FormDoc {
  return {
    title: { en: 'Untitled form', 'zh-Hant': '未命名表單' },
    description: emptyLocalized(),
    fields: [],
    rules: [],
    extras: { schema: {}, uiSchema: {} },
  };
}

/** Where a field sits: its parent (null for the root), index among its siblings and ancestors. */
export interface FieldLocation {
  node: FieldNode;
  parent: FieldNode | null;
  index: number;
  /** Indices from the root down to the node. */
  path: number[];
  /** Containers from the root down to the parent. */
  ancestors: FieldNode[];
}

/** Calls visit for every field, depth first in display order; return false to skip a subtree. */
export function walkFields(fields: readonly FieldNode[], visit: (node: FieldNode, ancestors: FieldNode[]) => boolean | void): void {
  const go = (list: readonly FieldNode[], ancestors: FieldNode[]) => {
    for (const node of list) {
      if (visit(node, ancestors) === false) continue;
      if (node.children) go(node.children, [...ancestors, node]);
    }
  };
  go(fields, []);
}

export function allFields(doc: Pick<FormDoc, 'fields'>): FieldNode[] {
  const out: FieldNode[] = [];
  walkFields(doc.fields, (node) => void out.push(node));
  return out;
}

/** Every field's location, by id. Built in one pass; store.ts caches it per document. */
export function indexFields(fields: readonly FieldNode[]): Map<string, FieldLocation> {
  const index = new Map<string, FieldLocation>();
  const go = (list: readonly FieldNode[], parent: FieldNode | null, path: number[], ancestors: FieldNode[]) => {
    list.forEach((node, i) => {
      const here = [...path, i];
      index.set(node.id, { node, parent, index: i, path: here, ancestors });
      if (node.children) go(node.children, node, here, [...ancestors, node]);
    });
  };
  go(fields, null, [], []);
  return index;
}

/** The ids of a node and everything inside it. */
export function subtreeIds(node: FieldNode): string[] {
  const ids = [node.id];
  if (node.children) walkFields(node.children, (n) => void ids.push(n.id));
  return ids;
}

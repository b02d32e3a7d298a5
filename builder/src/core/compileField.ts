/**
 * One field's own JSON Schema and uiSchema, children aside (compile.ts adds those). Three layers,
 * later ones winning: the registry entry's fragments, the field's kept-verbatim extras, and what the
 * designer models (texts and props). Import never puts a keyword in both extras and props, so the
 * order only matters after an edit: then the property panel's value wins. `ui:options` merges key
 * by key, as the runtime merges it. Translations come back relative to the field (`/schema/title`)
 * for compile.ts to place.
 */
import { resolvePointer, type FieldTypeDefinition } from '@formloom/schemas';
import { PATTERN_PRESETS } from './props.ts';
import { scanningToOptions } from './scanning.ts';
import type { FieldNode, Localized } from './tree.ts';

type JsonObject = Record<string, unknown>;

export interface FieldFragment {
  schema: JsonObject | boolean;
  uiSchema: JsonObject;
  /** zh-Hant text by pointer relative to the field (`/schema/...`, `/uiSchema/...`). */
  i18n: Record<string, string>;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Schema keywords that are props under the same name. */
export const KEYWORD_PROPS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'default',
] as const;

/** A text is written when either language has it, so the zh-Hant pointer always resolves. */
export function hasText(text: Localized | undefined): text is Localized {
  return !!text && (text.en !== '' || text['zh-Hant'] !== '');
}

/** Places a Localized: English at `key` of `target`, zh-Hant (if any) at the pointer in `i18n`. */
function putText(target: JsonObject, key: string, text: Localized | undefined, pointer: string, i18n: Record<string, string>): void {
  if (!hasText(text)) return;
  target[key] = text.en;
  if (text['zh-Hant']) i18n[pointer] = text['zh-Hant'];
}

/** `ui:options` entries that come from props. */
function optionsFromProps(node: FieldNode): JsonObject {
  const p = node.props;
  const out: JsonObject = {};
  if (p.width !== undefined) out.width = p.width;
  if (p.columns !== undefined) out.columns = p.columns;
  if (p.calculate !== undefined) out.calculate = structuredClone(p.calculate);
  if (p.expression !== undefined) out.expression = p.expression;
  if (p.autonumberPattern !== undefined) out.pattern = p.autonumberPattern;
  if (p.relation !== undefined) {
    out.form = p.relation.formId;
    if (p.relation.displayField !== undefined) out.displayField = p.relation.displayField;
    if (p.relation.fill !== undefined) out.fill = structuredClone(p.relation.fill);
  }
  if (p.variant !== undefined) out.variant = p.variant;
  if (p.geofence !== undefined) {
    if (p.geofence.sites.length) out.sites = structuredClone(p.geofence.sites);
    if (p.geofence.outsideFence !== undefined) out.outsideFence = p.geofence.outsideFence;
    if (p.geofence.maxAccuracy !== undefined) out.maxAccuracy = p.geofence.maxAccuracy;
  }
  if (p.scanning !== undefined) Object.assign(out, scanningToOptions(p.scanning));
  if (p.optionsFrom !== undefined) {
    // Left out while not picked yet, so a draft saves and publishing says what is missing.
    out.optionsFrom = {
      ...(p.optionsFrom.formId ? { form: p.optionsFrom.formId } : {}),
      ...(p.optionsFrom.field !== undefined ? { field: p.optionsFrom.field } : {}),
    };
    if (p.optionsFrom.fill !== undefined) out.fill = structuredClone(p.optionsFrom.fill);
  }
  return out;
}

function mergeUi(base: JsonObject, over: JsonObject): JsonObject {
  const out = { ...base, ...over };
  if (isObject(base['ui:options']) && isObject(over['ui:options'])) out['ui:options'] = { ...base['ui:options'], ...over['ui:options'] };
  return out;
}

/** The registry's own zh-Hant strings (Yes/No, Latitude...) for the strings the field still has. */
function registryTranslations(def: FieldTypeDefinition, built: { schema: unknown; uiSchema: unknown }, i18n: Record<string, string>) {
  for (const [pointer, text] of Object.entries(def.i18n?.['zh-Hant'] ?? {})) {
    const original = resolvePointer({ schema: def.schema, uiSchema: def.uiSchema }, pointer);
    const current = resolvePointer(built, pointer);
    if (original.found && current.found && original.value === current.value && !(pointer in i18n)) i18n[pointer] = text;
  }
}

/** Texts every field has, whatever its type. */
function putCommonTexts(node: FieldNode, schema: JsonObject, ui: JsonObject, i18n: Record<string, string>): void {
  putText(schema, 'title', node.label, '/schema/title', i18n);
  putText(schema, 'description', node.description, '/schema/description', i18n);
  putText(ui, 'ui:help', node.help, '/uiSchema/ui:help', i18n);
  putText(ui, 'ui:placeholder', node.placeholder, '/uiSchema/ui:placeholder', i18n);
}

/** An advanced field: its raw fragment as imported, with only the texts the designer edits laid over. */
export function compileAdvanced(node: FieldNode): FieldFragment {
  const raw = node.raw ?? { schema: {}, uiSchema: {} };
  const i18n: Record<string, string> = { ...(raw.i18n ?? {}) };
  const ui = structuredClone(raw.uiSchema);
  if (typeof raw.schema === 'boolean') return { schema: raw.schema, uiSchema: ui, i18n };
  const schema = structuredClone(raw.schema);
  putCommonTexts(node, schema, ui, i18n);
  return { schema, uiSchema: ui, i18n };
}

/**
 * A registry-typed field without its children. For a sub-table, `extras.schema.items` is left for
 * compile.ts, which merges it into the row object together with the children.
 */
export function compileOwn(node: FieldNode, def: FieldTypeDefinition): FieldFragment {
  const p = node.props;
  const extras = node.extras ?? { schema: {}, uiSchema: {} };
  const arrayContainer = !!def.container && def.valueKind === 'array';
  const { items: _items, ...ownExtras } = extras.schema;
  const schema: JsonObject = { ...structuredClone(def.schema), ...structuredClone(arrayContainer ? ownExtras : extras.schema) };
  const i18n: Record<string, string> = {};

  if (p.integer) schema.type = 'integer';
  for (const name of KEYWORD_PROPS) if (p[name] !== undefined) schema[name] = structuredClone(p[name]);
  if (p.patternPreset) Object.assign(schema, PATTERN_PRESETS[p.patternPreset]);
  if (p.readOnly) schema.readOnly = true;
  if (p.optionsFrom) {
    // The options change with the other form's records: no fixed list (the server refuses one).
    delete schema.oneOf;
    delete schema.enum;
  }
  if (p.options) {
    const inItems = def.valueKind === 'array';
    const holder = inItems ? (schema.items as JsonObject) : schema;
    holder.oneOf = p.options.map((o, i) => {
      if (o.label['zh-Hant']) i18n[`/schema/${inItems ? 'items/' : ''}oneOf/${i}/title`] = o.label['zh-Hant'];
      return { const: o.value, title: o.label.en };
    });
  }

  const { items: _uiItems, ...ownUiExtras } = extras.uiSchema;
  let ui: JsonObject = mergeUi(structuredClone(def.uiSchema), structuredClone(arrayContainer ? ownUiExtras : extras.uiSchema));
  if (p.hidden) ui['ui:widget'] = 'hidden';
  if (p.readOnly) ui['ui:readonly'] = true;
  const options = optionsFromProps(node);
  if (Object.keys(options).length) ui = mergeUi(ui, { 'ui:options': options });
  putCommonTexts(node, schema, ui, i18n);
  // The type named in ui:fieldType is the node's type, whatever an imported uiSchema said.
  ui['ui:fieldType'] = node.type;

  registryTranslations(def, { schema, uiSchema: ui }, i18n);
  Object.assign(i18n, extras.i18n ?? {});
  return { schema, uiSchema: ui, i18n };
}

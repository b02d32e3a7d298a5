/**
 * FormDoc → the published form: standard JSON Schema 2020-12 (English) and an rjsf uiSchema with
 * Formloom's additions (`ui:fieldType`, `ui:i18n` with every zh-Hant string under its pointer,
 * `ui:options.visibleWhen` for show/hide rules). See README.md in this folder for the conventions
 * the runtime and server rely on.
 */
import { defaultFieldTypes, formatPointer, I18N_KEY, type ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { compileAdvanced, compileOwn, hasText, type FieldFragment } from './compileField.ts';
import { setOwn } from './condition.ts';
import { DesignerError } from './errors.ts';
import { planRules, type CompileWarning, type RulePlan } from './planRules.ts';
import { containerKind } from './structure.ts';
import { ADVANCED_TYPE, indexFields, type FieldNode, type FormDoc } from './tree.ts';

export type { CompileWarning } from './planRules.ts';

type JsonObject = Record<string, unknown>;

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface CompiledForm {
  schema: JsonObject;
  uiSchema: JsonObject;
  /** Rules that could not be compiled (only possible for a document the store did not check). */
  warnings: CompileWarning[];
}

export interface CompileOptions {
  registry?: ReadonlyFieldTypeRegistry;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Context {
  registry: ReadonlyFieldTypeRegistry;
  plan: RulePlan;
  i18n: Record<string, string>;
}

/** Where a field's schema and uiSchema sit in the form, as pointer tokens. */
interface Place {
  schema: string[];
  ui: string[];
}

/** Adds a field's relative translations (`/schema/x`, `/uiSchema/y`) at the field's place. */
function placeTranslations(relative: Record<string, string>, at: Place, out: Record<string, string>): void {
  for (const [pointer, text] of Object.entries(relative)) {
    const [root, ...rest] = pointer.slice(1).split('/');
    const base = root === 'schema' ? at.schema : root === 'uiSchema' ? at.ui : undefined;
    if (!base) continue;
    // The rest is already escaped; only the base tokens need escaping.
    out[formatPointer([root, ...base]) + (rest.length ? '/' + rest.join('/') : '')] = text;
  }
}

function union(a: unknown, b: string[]): string[] {
  const extra = Array.isArray(a) ? a.filter((k): k is string => typeof k === 'string') : [];
  return [...new Set([...b, ...extra])];
}

/**
 * Fills one object level (the root, a section or row, a sub-table's row): `properties`, `required`
 * (fields marked required, except those only required while shown), the level's rule entries
 * after any kept `allOf`, and the uiSchema entries with `ui:order`.
 */
function fillLevel(
  schema: JsonObject,
  ui: JsonObject,
  children: readonly FieldNode[],
  levelId: string | null,
  at: Place,
  ctx: Context,
): void {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const child of children) {
    const place = { schema: [...at.schema, 'properties', child.key], ui: [...at.ui, child.key] };
    const fragment = compileNode(child, place, ctx);
    setOwn(properties, child.key, fragment.schema);
    setOwn(ui, child.key, fragment.uiSchema);
    if (child.required && !ctx.plan.requiredWhenShown.has(child.id)) required.push(child.key);
  }
  schema.properties = properties;
  const allRequired = union(schema.required, required);
  if (allRequired.length) schema.required = allRequired;
  else delete schema.required;
  const entries = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...(ctx.plan.entries.get(levelId) ?? [])];
  if (entries.length) schema.allOf = entries;
  ui['ui:order'] = children.map((c) => c.key);
}

function compileNode(node: FieldNode, at: Place, ctx: Context): FieldFragment {
  let fragment: FieldFragment;
  if (node.type === ADVANCED_TYPE) fragment = compileAdvanced(node);
  else {
    const def = ctx.registry.get(node.type);
    if (!def) throw new DesignerError('unknown_field_type', `The field "${node.key}" has the unknown type "${node.type}".`);
    fragment = compileOwn(node, def);
    const schema = fragment.schema as JsonObject;
    const kind = containerKind(node, ctx.registry);
    if (kind === 'object') fillLevel(schema, fragment.uiSchema, node.children ?? [], node.id, at, ctx);
    if (kind === 'array') {
      const extraItems = isObject(node.extras?.schema.items) ? structuredClone(node.extras.schema.items) : {};
      const extraUiItems = isObject(node.extras?.uiSchema.items) ? structuredClone(node.extras.uiSchema.items) : {};
      const items: JsonObject = { ...(isObject(schema.items) ? schema.items : {}), ...extraItems };
      const uiItems: JsonObject = { ...extraUiItems };
      fillLevel(items, uiItems, node.children ?? [], node.id, { schema: [...at.schema, 'items'], ui: [...at.ui, 'items'] }, ctx);
      schema.items = items;
      fragment.uiSchema.items = uiItems;
    }
  }
  const visibleWhen = ctx.plan.visibleWhen.get(node.id);
  if (visibleWhen) {
    const options = isObject(fragment.uiSchema['ui:options']) ? fragment.uiSchema['ui:options'] : {};
    fragment.uiSchema['ui:options'] = { ...options, visibleWhen };
  }
  placeTranslations(fragment.i18n, at, ctx.i18n);
  return fragment;
}

/** The published schema and uiSchema of a form; the document is not changed. */
export function compileForm(doc: FormDoc, options: CompileOptions = {}): CompiledForm {
  const registry = options.registry ?? defaultFieldTypes;
  const plan = planRules(doc, indexFields(doc.fields), registry);
  const ctx: Context = { registry, plan, i18n: {} };
  const extras = structuredClone(doc.extras);

  const schema: JsonObject = { $schema: SCHEMA_DIALECT, type: 'object' };
  for (const name of ['title', 'description'] as const) {
    if (!hasText(doc[name])) continue;
    schema[name] = doc[name].en;
    if (doc[name]['zh-Hant']) ctx.i18n[`/schema/${name}`] = doc[name]['zh-Hant'];
  }
  Object.assign(schema, extras.schema);
  const { [I18N_KEY]: keptI18n, ...uiExtras } = extras.uiSchema;
  const uiSchema: JsonObject = { ...uiExtras };
  fillLevel(schema, uiSchema, doc.fields, null, { schema: [], ui: [] }, ctx);
  Object.assign(ctx.i18n, extras.i18n ?? {});

  // Other locales an imported form carried are kept as they were; zh-Hant is rebuilt.
  uiSchema[I18N_KEY] = { ...(isObject(keptI18n) ? keptI18n : {}), 'zh-Hant': ctx.i18n };
  return { schema, uiSchema, warnings: plan.warnings };
}

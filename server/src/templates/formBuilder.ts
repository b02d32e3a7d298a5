/**
 * Builds template form documents from the field-type registry, so a template states only what is
 * particular to it (titles, options, limits) and every field starts from the registry's fragment.
 * English goes in the schema; each zh-Hant string is recorded under its pointer in `ui:i18n`.
 */
import { defaultFieldTypes, formatPointer, parsePointer, resolvePointer, type Localized } from '@formloom/schemas';
import type { TemplateForm } from './types.ts';

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

type JsonObject = Record<string, unknown>;

export interface FieldOption {
  value: string;
  title: Localized;
}

export interface FieldSpec {
  /** A registry type, e.g. `money`. */
  type: string;
  title: Localized;
  description?: Localized;
  help?: Localized;
  placeholder?: Localized;
  required?: boolean;
  /** Replaces the fragment's placeholder options (`oneOf`, or `items.oneOf` for multi-select). */
  options?: FieldOption[];
  /** Keywords added over the registry fragment (limits, patterns, `const`). */
  schema?: JsonObject;
  /** uiSchema entries added over the registry defaults; `ui:options` is merged key by key. */
  ui?: JsonObject;
  /** Child fields of a container (section, row, subtable), in display order. */
  fields?: Record<string, FieldSpec>;
}

export interface FormSpec {
  key: string;
  name: Localized;
  description: Localized;
  fields: Record<string, FieldSpec>;
  /** Root keywords such as `allOf` with conditional rules; they must carry no English text. */
  rules?: JsonObject[];
}

export class TemplateDefinitionError extends Error {
  readonly code = 'template_definition';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateDefinitionError';
  }
}

/** zh-Hant entries for the form being built, keyed by pointers into `{schema, uiSchema}`. */
type Translations = Record<string, string>;

interface Place {
  schemaPath: string[];
  uiPath: string[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function translate(out: Translations, root: 'schema' | 'uiSchema', path: string[], text: Localized): void {
  out[formatPointer([root, ...path])] = text['zh-Hant'];
}

/**
 * Carries over the registry's own translations (Yes/No, latitude...) for strings the template kept;
 * a string the template replaced keeps only the template's translation.
 */
function carryFragmentTranslations(type: string, built: { schema: JsonObject; uiSchema: JsonObject }, at: Place, out: Translations) {
  const def = defaultFieldTypes.getOrThrow(type);
  for (const [relative, text] of Object.entries(def.i18n?.['zh-Hant'] ?? {})) {
    const original = resolvePointer({ schema: def.schema, uiSchema: def.uiSchema }, relative);
    const current = resolvePointer(built, relative);
    const [root, ...rest] = parsePointer(relative) ?? [];
    if (!original.found || !current.found || original.value !== current.value) continue;
    const base = root === 'schema' ? at.schemaPath : at.uiPath;
    out[formatPointer([root, ...base, ...rest])] = text;
  }
}

function buildField(spec: FieldSpec, at: Place, out: Translations): { schema: JsonObject; uiSchema: JsonObject } {
  const def = defaultFieldTypes.getOrThrow(spec.type);
  const schema: JsonObject = { ...structuredClone(def.schema), title: spec.title.en, ...structuredClone(spec.schema ?? {}) };
  translate(out, 'schema', [...at.schemaPath, 'title'], spec.title);
  if (spec.description) {
    schema.description = spec.description.en;
    translate(out, 'schema', [...at.schemaPath, 'description'], spec.description);
  }

  if (spec.options) {
    const optionsAt = def.valueKind === 'array' ? ['items'] : [];
    const holder = optionsAt.length ? (schema.items as JsonObject) : schema;
    if (!isObject(holder) || !('oneOf' in holder)) throw new TemplateDefinitionError(`"${spec.type}" fields have no options`);
    holder.oneOf = spec.options.map((o, i) => {
      translate(out, 'schema', [...at.schemaPath, ...optionsAt, 'oneOf', String(i), 'title'], o.title);
      return { const: o.value, title: o.title.en };
    });
  }

  const { 'ui:options': extraOptions, ...extraUi } = structuredClone(spec.ui ?? {});
  const uiSchema: JsonObject = { ...structuredClone(def.uiSchema), ...extraUi };
  if (isObject(extraOptions)) uiSchema['ui:options'] = { ...(def.uiSchema['ui:options'] as JsonObject), ...extraOptions };
  for (const [key, text] of [
    ['ui:help', spec.help],
    ['ui:placeholder', spec.placeholder],
  ] as const) {
    if (!text) continue;
    uiSchema[key] = text.en;
    translate(out, 'uiSchema', [...at.uiPath, key], text);
  }

  if (spec.fields) {
    if (!def.container) throw new TemplateDefinitionError(`"${spec.type}" fields cannot hold other fields`);
    if (def.valueKind === 'array') {
      const items = buildObject(spec.fields, { schemaPath: [...at.schemaPath, 'items'], uiPath: [...at.uiPath, 'items'] }, out);
      schema.items = { ...(schema.items as JsonObject), ...items.schema };
      uiSchema.items = items.uiSchema;
    } else {
      const inner = buildObject(spec.fields, at, out);
      Object.assign(schema, inner.schema);
      Object.assign(uiSchema, inner.uiSchema);
    }
  }
  carryFragmentTranslations(spec.type, { schema, uiSchema }, at, out);
  return { schema, uiSchema };
}

/** `properties`, `required` and the matching uiSchema (with `ui:order`) for a set of fields. */
function buildObject(fields: Record<string, FieldSpec>, at: Place, out: Translations) {
  const properties: JsonObject = {};
  const uiSchema: JsonObject = { 'ui:order': Object.keys(fields) };
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    const field = buildField(spec, { schemaPath: [...at.schemaPath, 'properties', key], uiPath: [...at.uiPath, key] }, out);
    properties[key] = field.schema;
    uiSchema[key] = field.uiSchema;
    if (spec.required) required.push(key);
  }
  const schema: JsonObject = { type: 'object', properties };
  if (required.length) schema.required = required;
  return { schema, uiSchema };
}

export function defineForm(spec: FormSpec): TemplateForm {
  const translations: Translations = {};
  translate(translations, 'schema', ['title'], spec.name);
  translate(translations, 'schema', ['description'], spec.description);
  const body = buildObject(spec.fields, { schemaPath: [], uiPath: [] }, translations);
  const schema: JsonObject = {
    $schema: SCHEMA_DIALECT,
    title: spec.name.en,
    description: spec.description.en,
    ...body.schema,
    ...(spec.rules?.length ? { allOf: structuredClone(spec.rules) } : {}),
  };
  const uiSchema: JsonObject = { ...body.uiSchema, 'ui:i18n': { 'zh-Hant': translations } };
  return { key: spec.key, name: spec.name, schema, uiSchema };
}

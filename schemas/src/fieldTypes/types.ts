/**
 * What a field type is: the one description the builder (palette, property panel), the runtime
 * (widget map) and the server (validation, export) all read.
 */
import type { Localized } from '../i18n/locales.ts';

export type { Localized } from '../i18n/locales.ts';

export const fieldCategories = ['basic', 'choice', 'datetime', 'media', 'layout', 'advanced'] as const;
export type FieldCategory = (typeof fieldCategories)[number];

/** The JSON type of the value a field stores in a submission; `none` stores nothing. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'none';

/** A JSON Schema (2020-12) fragment as plain JSON; no vendor keywords, so ajv strict mode accepts it. */
export type JSONSchemaFragment = Record<string, unknown>;

/** Default uiSchema for a field; `ui:fieldType` names the registry type and is always present. */
export type UiSchemaFragment = Record<string, unknown> & { 'ui:fieldType': string };

export interface FieldTypeDefinition {
  type: string;
  category: FieldCategory;
  label: Localized;
  description?: Localized;
  schema: JSONSchemaFragment;
  uiSchema: UiSchemaFragment;
  /** Holds child fields (section, row, subtable): the builder lets fields be dropped into it. */
  container?: boolean;
  valueKind: ValueKind;
  /**
   * zh-Hant text for English strings inside the fragment itself (the Yes/No option titles, the
   * latitude/longitude titles), keyed by pointers relative to the field: `/schema/oneOf/0/title`,
   * `/uiSchema/ui:placeholder`. Whoever places the field prefixes them into the form's `ui:i18n`.
   */
  i18n?: { 'zh-Hant': Record<string, string> };
}

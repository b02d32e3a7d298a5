import { localizeForm } from '@formloom/schemas';
import type { FormVersion } from '../../../api/types.ts';
import type { Locale } from '../../../i18n/locale.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a mapping slot can take: the value's shape, not the widget. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'choice' | 'subtable' | 'section' | 'other';

export interface FormField {
  /** The property name: what mappings store (top-level, or a column inside a sub-table's rows). */
  name: string;
  /** Names from the root: `['shipping', 'line1']` for a field inside a section. */
  path: string[];
  /** In the UI language. */
  title: string;
  /** The field type from the registry (`ui:fieldType`), e.g. `money`, `email`, `subtable`. */
  fieldType: string | null;
  kind: FieldKind;
  /** A sub-table's columns, or a section's fields. */
  children: FormField[];
  /** A choice field's option values with their labels (the category → account map lists them). */
  options: { value: string; label: string }[];
}

const CHOICE_TYPES = new Set(['select', 'radio']);

function kindOf(schema: JsonObject, fieldType: string | null): FieldKind {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'array' && isObject(schema.items) && isObject(schema.items.properties)) return 'subtable';
  if (type === 'object') return 'section';
  // Yes/no fields carry a oneOf of true/false: still a boolean to a "paid" slot.
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if ((fieldType && CHOICE_TYPES.has(fieldType)) || Array.isArray(schema.oneOf) || Array.isArray(schema.enum)) return 'choice';
  if (type === 'string' && (schema.format === 'date' || schema.format === 'date-time' || fieldType === 'date' || fieldType === 'datetime'))
    return 'date';
  if (type === 'string') return 'text';
  return 'other';
}

function optionsOf(schema: JsonObject): FormField['options'] {
  if (Array.isArray(schema.oneOf))
    return schema.oneOf
      .filter(isObject)
      .map((o) => ({ value: String(o.const), label: typeof o.title === 'string' ? o.title : String(o.const) }));
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => ({ value: String(v), label: String(v) }));
  return [];
}

function fieldsIn(schema: JsonObject, uiSchema: JsonObject, at: string[]): FormField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const order = Array.isArray(uiSchema['ui:order'])
    ? (uiSchema['ui:order'] as unknown[]).filter((k): k is string => typeof k === 'string')
    : [];
  const names = [...order.filter((k) => k in properties), ...Object.keys(properties).filter((k) => !order.includes(k))];
  return names.flatMap((name) => {
    const fieldSchema = properties[name];
    if (!isObject(fieldSchema)) return [];
    const ui = isObject(uiSchema[name]) ? uiSchema[name] : {};
    const fieldType = typeof ui['ui:fieldType'] === 'string' ? ui['ui:fieldType'] : null;
    const kind = kindOf(fieldSchema, fieldType);
    const path = [...at, name];
    const children =
      kind === 'subtable'
        ? fieldsIn(fieldSchema.items as JsonObject, isObject(ui.items) ? ui.items : {}, [])
        : kind === 'section'
          ? fieldsIn(fieldSchema, ui, path)
          : [];
    const title = typeof fieldSchema.title === 'string' && fieldSchema.title ? fieldSchema.title : name;
    return [{ name, path, title, fieldType, kind, children, options: optionsOf(fieldSchema) }];
  });
}

/** A published version's fields, titled in the UI language, in the order the form shows them. */
export function formFieldsOf(version: Pick<FormVersion, 'schema' | 'uiSchema'> | null, locale: Locale): FormField[] {
  if (!version) return [];
  const doc = localizeForm(version.schema, version.uiSchema, locale);
  return fieldsIn(doc.schema, doc.uiSchema, []);
}

/** Every field but the containers' own entries: sections' fields come out with their path. */
export function leafFields(fields: FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === 'section' ? leafFields(f.children) : [f]));
}

/** A text slot takes what reads as text: plain text, a choice's value, a number (an invoice no. may be one). */
export const TEXTUAL: FieldKind[] = ['text', 'choice'];

/**
 * Which fields of a form a file's column can fill, and the first guess at which column fills which.
 * A field is addressed by its dotted path (`name`, `shipping.line1`), like the export's headers, so a
 * file exported from Formloom maps back onto the form by itself.
 */
import { localizeForm, type JsonObject } from '@formloom/schemas';
import { formFields, isObject, type FormField } from '../formFields.ts';

/** Filled by the server on every submission, so a column cannot set them. */
const SERVER_WRITTEN = new Set(['calculated', 'autonumber', 'currentUser', 'submitTime']);

export interface ImportField {
  /** Dotted path from the data's root. */
  key: string;
  path: string[];
  schema: JsonObject;
  ui: JsonObject;
  /** The field's schema with the form's zh-Hant translations applied (option labels in Chinese). */
  zhSchema: JsonObject;
  title: { en: string; 'zh-Hant': string };
}

/** Holds other fields (a section) rather than a value. */
const isGroup = (schema: JsonObject) => schema.type !== 'array' && isObject(schema.properties);
/** A sub-table: rows of fields, which one spreadsheet row cannot express. */
const isTable = (schema: JsonObject) => schema.type === 'array' && isObject(schema.items) && isObject(schema.items.properties);

export function importFields(schema: JsonObject, uiSchema: JsonObject): ImportField[] {
  const zh = localizeForm(schema, uiSchema, 'zh-Hant');
  const zhSchemas = new Map(formFields(zh.schema, zh.uiSchema).map((f) => [f.path.join('\u0000'), f.schema]));
  return formFields(schema, uiSchema)
    .filter((f): f is FormField & { path: string[] } => !f.inArray && f.path.every((p) => p !== null))
    .filter((f) => !isGroup(f.schema) && !isTable(f.schema) && f.schema.type !== 'null')
    .filter((f) => !SERVER_WRITTEN.has(String(f.ui['ui:fieldType'])))
    .map((f) => {
      const en = typeof f.schema.title === 'string' ? f.schema.title : f.key;
      const zhSchema = zhSchemas.get(f.path.join('\u0000')) ?? f.schema;
      return {
        key: f.path.join('.'),
        path: f.path,
        schema: f.schema,
        ui: f.ui,
        zhSchema,
        title: { en, 'zh-Hant': typeof zhSchema.title === 'string' ? zhSchema.title : en },
      };
    });
}

/** Case, width (full-width letters) and spaces do not matter when a header is matched to a field. */
export const normalizeName = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * Column → field: a column remembered from this person's last import of the form keeps its field
 * (when that field still exists); any other column goes to the field whose key, path or English or
 * Chinese title matches its header. A field is taken by one column at most.
 */
export function initialMapping(columns: string[], fields: ImportField[], remembered: Record<string, string | null> | null) {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const byName = new Map<string, string>();
  for (const f of fields) {
    for (const name of [f.title['zh-Hant'], f.title.en, f.path[f.path.length - 1], f.key]) byName.set(normalizeName(name), f.key);
  }
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const column of columns) {
    if (remembered && Object.hasOwn(remembered, column)) {
      const field = remembered[column];
      mapping[column] = field && byKey.has(field) && !taken.has(field) ? field : null;
      if (mapping[column]) taken.add(mapping[column]);
    }
  }
  for (const column of columns) {
    if (Object.hasOwn(mapping, column)) continue;
    const field = byName.get(normalizeName(column));
    mapping[column] = field && !taken.has(field) ? field : null;
    if (mapping[column]) taken.add(mapping[column]);
  }
  return mapping;
}

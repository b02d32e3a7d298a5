import { isObject } from '../formFields.ts';

type JsonObject = Record<string, unknown>;

/** Field types whose value is a file id (services/filesSubmission.ts). */
const FILE_FIELD_TYPES: ReadonlySet<string> = new Set(['file', 'photo', 'signature']);
const MAX_DEPTH = 8;

export interface MadeUpData {
  data: JsonObject;
  /** The made-up file ids in `data`, with a name each: the envelope's `submission.files`. */
  files: Record<string, { name: string }>;
}

/**
 * Values of the right type for every field of a form that has no submissions yet, so the Zap
 * editor can offer each field for mapping. Sub-tables get one row; files a placeholder name.
 */
export function madeUpData(schema: JsonObject, uiSchema: JsonObject): MadeUpData {
  const files: MadeUpData['files'] = {};
  const valueFor = (key: string, field: JsonObject, ui: JsonObject, depth: number): unknown => {
    const fieldType = ui['ui:fieldType'];
    if (typeof fieldType === 'string' && FILE_FIELD_TYPES.has(fieldType)) {
      const id = `sample-file-${key}`;
      files[id] = { name: fieldType === 'file' ? 'document.pdf' : `${fieldType}.png` };
      return id;
    }
    if (Array.isArray(field.enum) && field.enum.length) return field.enum[0];
    if ('const' in field) return field.const;
    if (Array.isArray(field.oneOf)) {
      const first = field.oneOf.find((o) => isObject(o) && 'const' in o) as JsonObject | undefined;
      if (first) return first.const;
    }
    const type = Array.isArray(field.type) ? field.type.find((t) => t !== 'null') : field.type;
    switch (type) {
      case 'string':
        return sampleString(key, field);
      case 'integer':
        return typeof field.minimum === 'number' ? Math.ceil(field.minimum) : 1;
      case 'number':
        return typeof field.minimum === 'number' ? field.minimum : 1.5;
      case 'boolean':
        return true;
      case 'object':
        return depth < MAX_DEPTH ? objectFor(field, ui, depth + 1) : {};
      case 'array': {
        const items = isObject(field.items) ? field.items : {};
        if (depth >= MAX_DEPTH || !('type' in items || 'enum' in items || 'properties' in items)) return [];
        return [valueFor(key, items, isObject(ui.items) ? ui.items : {}, depth + 1)];
      }
      default:
        return null;
    }
  };
  const objectFor = (objectSchema: JsonObject, ui: JsonObject, depth: number): JsonObject => {
    const out: JsonObject = {};
    const properties = isObject(objectSchema.properties) ? objectSchema.properties : {};
    for (const [key, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      const value = valueFor(key, child, isObject(ui[key]) ? ui[key] : {}, depth);
      if (value !== null) out[key] = value;
    }
    return out;
  };
  return { data: objectFor(schema, uiSchema, 0), files };
}

function sampleString(key: string, field: JsonObject): string {
  switch (field.format) {
    case 'date':
      return '2026-01-31';
    case 'date-time':
      return '2026-01-31T09:30:00.000Z';
    case 'time':
      return '09:30';
    case 'email':
      return 'someone@example.com';
    case 'uri':
      return 'https://example.com/';
  }
  const title = typeof field.title === 'string' && field.title.trim() ? field.title.trim() : key;
  return `Sample ${title}`.slice(0, typeof field.maxLength === 'number' && field.maxLength > 0 ? field.maxLength : undefined);
}

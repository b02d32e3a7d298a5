import type { JsonObject } from '@formloom/schemas';

const SUMMARY_FIELDS = 3;

interface FieldSchema {
  title?: string;
  type?: string | string[];
  oneOf?: { const?: unknown; title?: string }[];
}

/** A value as one line of text: an option's title rather than its stored value, lists joined. */
function asText(field: FieldSchema, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') {
    if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(', ') || null;
    return null;
  }
  const option = field.oneOf?.find((o) => o.const === value);
  return option?.title ?? String(value);
}

/**
 * The submission's first few answered fields in form order, for a one-line summary in the inbox.
 * Sub-tables, groups and files are left out: they do not read as one line. `hidden` fields (hidden
 * from the person at a node) never appear.
 */
export function submissionSummary(
  schema: JsonObject,
  data: JsonObject,
  hidden: ReadonlySet<string> = new Set(),
): { key: string; title: string; value: string }[] {
  const properties = (schema.properties ?? {}) as Record<string, FieldSchema>;
  const out: { key: string; title: string; value: string }[] = [];
  for (const [key, field] of Object.entries(properties)) {
    if (out.length >= SUMMARY_FIELDS) break;
    if (hidden.has(key)) continue;
    const value = asText(field, data[key]);
    if (value !== null) out.push({ key, title: field.title ?? key, value });
  }
  return out;
}

/** The data without the hidden fields. */
export function withoutFields(data: JsonObject, hidden: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !hidden.has(key)));
}

/** A form's JSON Schema and uiSchema without the hidden fields, so a reader is not shown empty ones. */
export function schemaWithout(
  schema: JsonObject,
  uiSchema: JsonObject,
  hidden: ReadonlySet<string>,
): { schema: JsonObject; uiSchema: JsonObject } {
  if (hidden.size === 0) return { schema, uiSchema };
  const properties = withoutFields((schema.properties ?? {}) as JsonObject, hidden);
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((k) => !hidden.has(k)) : undefined;
  const order = Array.isArray(uiSchema['ui:order']) ? (uiSchema['ui:order'] as string[]).filter((k) => !hidden.has(k)) : undefined;
  return {
    schema: { ...schema, properties, ...(required ? { required } : {}) },
    uiSchema: { ...withoutFields(uiSchema, hidden), ...(order ? { 'ui:order': order } : {}) },
  };
}

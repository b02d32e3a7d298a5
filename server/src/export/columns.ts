/**
 * Which columns an export of a form has. A form has many published versions and every submission
 * keeps the version it was made with, so the columns are the union of the fields of all versions:
 * a field dropped in version 3 still has data in older rows.
 */

export interface ExportColumn {
  /** Dotted path, used as the CSV header: `shipping.line1`. */
  key: string;
  /** Where the value sits in a row: a meta field of the submission, or a path into its data. */
  kind: 'meta' | 'field';
  path: string[];
  title: string;
}

type JsonObject = Record<string, unknown>;

/** Fixed, first, in this order; `path` names the ExportRow property they come from. */
export const metaColumns: readonly ExportColumn[] = Object.freeze([
  { key: 'id', kind: 'meta', path: ['id'], title: 'Submission ID' },
  { key: 'submitted_at', kind: 'meta', path: ['submittedAt'], title: 'Submitted at' },
  { key: 'submitted_by', kind: 'meta', path: ['submittedBy'], title: 'Submitted by' },
  { key: 'form_version', kind: 'meta', path: ['formVersion'], title: 'Form version' },
]);

const META_KEYS = new Set(metaColumns.map((c) => c.key));
const TITLE_SEPARATOR = ' / ';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field that stores nothing (static text): JSON Schema `type: null`. */
function storesNothing(schema: JsonObject): boolean {
  return schema.type === 'null';
}

/** Objects with declared properties are spread into one column per leaf; anything else is one column. */
function isGroup(schema: JsonObject): boolean {
  return schema.type !== 'array' && isObject(schema.properties) && Object.keys(schema.properties).length > 0;
}

interface Leaf {
  path: string[];
  titles: string[];
}

function leaves(schema: JsonObject, path: string[], titles: string[]): Leaf[] {
  if (!isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([key, child]) => {
    const childSchema = isObject(child) ? child : {}; // `true` (anything goes) is still a column
    if (storesNothing(childSchema)) return [];
    const here = [...path, key];
    const title = [...titles, typeof childSchema.title === 'string' ? childSchema.title : key];
    return isGroup(childSchema) ? leaves(childSchema, here, title) : [{ path: here, titles: title }];
  });
}

/**
 * Meta columns, then every field over all versions, in order of first appearance (pass versions
 * oldest first). A column's title comes from the newest version that has it, since that is what
 * people now call the field. A field whose dotted key would clash with a meta column is exported
 * as `data.<key>`, so the fixed columns always mean the same thing.
 */
export function exportColumns(schemas: object[]): ExportColumn[] {
  const byKey = new Map<string, ExportColumn>();
  for (const schema of schemas) {
    for (const leaf of leaves(schema as JsonObject, [], [])) {
      const dotted = leaf.path.join('.');
      const key = META_KEYS.has(dotted) ? `data.${dotted}` : dotted;
      const title = leaf.titles.join(TITLE_SEPARATOR);
      const existing = byKey.get(key);
      if (existing) existing.title = title;
      else byKey.set(key, { key, kind: 'field', path: leaf.path, title });
    }
  }
  return [...metaColumns.map((c) => ({ ...c, path: [...c.path] })), ...byKey.values()];
}

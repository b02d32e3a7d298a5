/**
 * "Choose an item → its unit and price fill in": when a relation field's value changes to a record
 * the page has seen (or a select whose options come from another form changes to a value one of
 * the records it listed holds), the fields named in its `ui:options.fill` ({here: there}) take the record's
 * values (beside the relation: in its section or table row). They stay editable; the server applies
 * the same map on submit to fields left empty (and always to read-only ones).
 */
import type { LinkableRecord } from '../api/types.ts';

type Data = Record<string, unknown>;
const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The key a choice from another form's records is remembered under: its value, within its source
 * (`ui:options.optionsFrom: {form, field}`), since the value is that text and not a record id.
 */
export function optionsFromRecordKey(source: { form: string; field: string }, value: string): string {
  return JSON.stringify(['optionsFrom', source.form, source.field, value]);
}

/** How a field's value finds its record: a relation by id, a select with optionsFrom by value. */
function fillOf(fieldUi: unknown): { fill: Record<string, string>; keyOf: (value: string) => string } | null {
  if (!isObject(fieldUi)) return null;
  const options = fieldUi['ui:options'];
  const fill = isObject(options) ? options.fill : undefined;
  if (!isObject(fill) || !isObject(options)) return null;
  const map = fill as Record<string, string>;
  if (fieldUi['ui:fieldType'] === 'relation') return { fill: map, keyOf: (value) => value };
  const source = options.optionsFrom;
  if (fieldUi['ui:fieldType'] === 'select' && isObject(source) && typeof source.form === 'string' && typeof source.field === 'string') {
    const from = { form: source.form, field: source.field };
    return { fill: map, keyOf: (value) => optionsFromRecordKey(from, value) };
  }
  return null;
}

function fillObject(schema: Data, ui: Data, prev: unknown, next: Data, records: ReadonlyMap<string, LinkableRecord>): Data {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const before = isObject(prev) ? prev : {};
  let out = next;
  const set = (key: string, value: unknown) => {
    if (out === next) out = { ...next };
    out[key] = value;
  };
  for (const [key, child] of Object.entries(properties)) {
    const childUi = isObject(ui[key]) ? (ui[key] as Data) : {};
    const linkage = fillOf(childUi);
    const value = next[key];
    if (linkage && typeof value === 'string' && value !== before[key]) {
      const record = records.get(linkage.keyOf(value));
      if (record)
        for (const [here, there] of Object.entries(linkage.fill)) if (Object.hasOwn(record.data, there)) set(here, record.data[there]);
      continue;
    }
    if (!isObject(child)) continue;
    if (isObject(value)) {
      const filled = fillObject(child, childUi, before[key], value, records);
      if (filled !== value) set(key, filled);
    } else if (Array.isArray(value) && isObject(child.items)) {
      const rowSchema = child.items;
      const rowUi = isObject(childUi.items) ? (childUi.items as Data) : {};
      const prevRows = Array.isArray(before[key]) ? (before[key] as unknown[]) : [];
      const rows = value.map((row, i) => (isObject(row) ? fillObject(rowSchema, rowUi, prevRows[i], row, records) : row));
      if (rows.some((row, i) => row !== value[i])) set(key, rows);
    }
  }
  return out;
}

export function fillFromLinkedRecords(
  schema: Data,
  uiSchema: Data,
  prev: Data,
  next: Data,
  records: ReadonlyMap<string, LinkableRecord>,
): Data {
  return records.size === 0 ? next : fillObject(schema, uiSchema, prev, next, records);
}

/**
 * Fields hidden by their show/hide rule are not shown and keep no value: what a person cannot see
 * they cannot answer, and a value typed before the field was hidden must not be submitted.
 */
import { evaluateCondition, type RuntimeCondition } from './runtimeCondition.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The field's show/hide condition, if its uiSchema entry has one. */
export function visibleWhenOf(fieldUi: unknown): RuntimeCondition | undefined {
  const options = isObject(fieldUi) ? fieldUi['ui:options'] : undefined;
  const condition = isObject(options) ? options.visibleWhen : undefined;
  return isObject(condition) ? (condition as RuntimeCondition) : undefined;
}

/** Whether a field is shown; `rows` are the sub-table row indexes on the way to it (for same-row conditions). */
export function isFieldVisible(fieldUi: unknown, data: unknown, rows: readonly number[] = []): boolean {
  const condition = visibleWhenOf(fieldUi);
  return condition ? evaluateCondition(condition, data, rows) : true;
}

/** `data` without the values of hidden fields, at every level (sections and sub-table rows). Pure. */
export function dropHiddenValues(schema: JsonObject, uiSchema: JsonObject, data: JsonObject): JsonObject {
  const walkObject = (node: JsonObject, ui: JsonObject, value: JsonObject, rows: number[]): JsonObject => {
    const properties = isObject(node.properties) ? node.properties : {};
    let out: JsonObject | null = null;
    for (const [key, childSchema] of Object.entries(properties)) {
      if (!Object.hasOwn(value, key)) continue;
      const childUi = isObject(ui[key]) ? (ui[key] as JsonObject) : {};
      let next: unknown = value[key];
      if (!isFieldVisible(childUi, data, rows)) next = undefined;
      else if (isObject(childSchema)) next = walkValue(childSchema, childUi, next, rows);
      if (next !== value[key]) {
        out ??= { ...value };
        if (next === undefined) delete out[key];
        else out[key] = next;
      }
    }
    return out ?? value;
  };
  const walkValue = (node: JsonObject, ui: JsonObject, value: unknown, rows: number[]): unknown => {
    if (isObject(value) && isObject(node.properties)) return walkObject(node, ui, value, rows);
    if (Array.isArray(value) && isObject(node.items) && isObject(node.items.properties)) {
      const itemUi = isObject(ui.items) ? (ui.items as JsonObject) : {};
      const items = node.items;
      let changed = false;
      const next = value.map((row, i) => {
        const r = isObject(row) ? walkObject(items, itemUi, row, [...rows, i]) : row;
        changed ||= r !== row;
        return r;
      });
      return changed ? next : value;
    }
    return value;
  };
  return walkObject(schema, uiSchema, data, []);
}

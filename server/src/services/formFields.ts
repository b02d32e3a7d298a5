/**
 * Walking a form's fields: the schema's `properties`, into nested objects (sections, columns) and
 * into the rows of arrays (sub-tables), with the uiSchema entry that goes with each field.
 */
type JsonObject = Record<string, unknown>;

/** A path from the data's root to a field: property names, and `null` for "every row of this array". */
export type FieldPath = (string | null)[];

export interface FormField {
  key: string;
  path: FieldPath;
  schema: JsonObject;
  ui: JsonObject;
  /** The properties of the object the field sits in (its siblings and itself). */
  siblings: JsonObject;
  /** True when the field is inside the rows of an array (a sub-table). */
  inArray: boolean;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const uiFor = (ui: JsonObject, key: string): JsonObject => (isObject(ui[key]) ? ui[key] : {});

/** Every field of the form, parents before their children. */
export function formFields(schema: JsonObject, uiSchema: JsonObject): FormField[] {
  const out: FormField[] = [];
  const walk = (objectSchema: JsonObject, ui: JsonObject, path: FieldPath, inArray: boolean) => {
    const properties = objectSchema.properties;
    if (!isObject(properties)) return;
    for (const [key, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      const childUi = uiFor(ui, key);
      out.push({ key, path: [...path, key], schema: child, ui: childUi, siblings: properties, inArray });
      walk(child, childUi, [...path, key], inArray);
      if (isObject(child.items)) walk(child.items, uiFor(childUi, 'items'), [...path, key, null], true);
    }
  };
  walk(schema, isObject(uiSchema) ? uiSchema : {}, [], false);
  return out;
}

/** Where a field's values sit in one submission's data: each object holding it (one per table row). */
export interface FieldSlot {
  /** Tokens of the JSON Pointer to the value, e.g. ['lines', 0, 'item']. */
  pointer: (string | number)[];
  holder: JsonObject;
  key: string;
}

/** The slots of a field in `data`; objects and rows that are absent are not created. */
export function fieldSlots(data: JsonObject, path: FieldPath): FieldSlot[] {
  const out: FieldSlot[] = [];
  const walk = (node: unknown, i: number, pointer: (string | number)[]) => {
    const step = path[i];
    if (i === path.length - 1) {
      if (isObject(node) && step !== null) out.push({ pointer: [...pointer, step], holder: node, key: step });
      return;
    }
    if (step === null) {
      if (Array.isArray(node)) node.forEach((row, n) => walk(row, i + 1, [...pointer, n]));
    } else if (isObject(node) && Object.hasOwn(node, step)) walk(node[step], i + 1, [...pointer, step]);
  };
  walk(data, 0, []);
  return out;
}

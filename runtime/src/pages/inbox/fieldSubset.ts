type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The form document cut down to some of its top-level fields: the task page shows the values an
 * approver may read, and renders as inputs only those the node lets them edit. `ui:order` keeps only
 * what is left (rjsf refuses an order naming a field the schema lacks).
 */
export function subsetForm(
  schema: JsonObject,
  uiSchema: JsonObject,
  keep: (key: string) => boolean,
): { schema: JsonObject; uiSchema: JsonObject } {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const kept = Object.fromEntries(Object.entries(properties).filter(([key]) => keep(key)));
  const required = Array.isArray(schema.required) ? schema.required.filter((k) => typeof k === 'string' && keep(k)) : undefined;
  const order = uiSchema['ui:order'];
  return {
    schema: { ...schema, properties: kept, ...(required ? { required } : {}) },
    uiSchema: Array.isArray(order)
      ? { ...uiSchema, 'ui:order': order.filter((k) => k === '*' || (typeof k === 'string' && k in kept)) }
      : uiSchema,
  };
}

export const pick = (data: JsonObject, keys: string[]): JsonObject =>
  Object.fromEntries(Object.entries(data).filter(([key]) => keys.includes(key)));

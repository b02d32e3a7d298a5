type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The top-level keys of a form's schema in the order people see them: `ui:order` (with `*` for the
 * rest), then any the order leaves out; static text (type null) stores nothing and is left out.
 */
export function orderedFieldKeys(schema: JsonObject, uiSchema: JsonObject): string[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  let keys = Object.keys(properties);
  const order = uiSchema['ui:order'];
  if (Array.isArray(order)) {
    const rest = keys.filter((k) => !order.includes(k));
    keys = order.flatMap((k) => (k === '*' ? rest : keys.includes(k) ? [k] : []));
    if (!order.includes('*')) keys.push(...rest);
  }
  return keys.filter((key) => isObject(properties[key]) && properties[key].type !== 'null');
}

/**
 * "Current user" and "submit time" fields record who submitted and when: the server writes them
 * (whatever the page sent), like auto-numbers, so they cannot be forged. Sections are followed;
 * a table row has no submitter of its own, so rows are not stamped.
 */
import type { JsonObject } from '@formloom/schemas';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function stampSubmitter(
  schema: JsonObject,
  uiSchema: JsonObject,
  data: JsonObject,
  stamp: { userId: string; at: string },
): JsonObject {
  const walk = (node: JsonObject, ui: JsonObject, value: JsonObject): JsonObject => {
    const properties = isObject(node.properties) ? node.properties : {};
    let out = value;
    const set = (key: string, v: unknown) => {
      if (out === value) out = { ...value };
      out[key] = v;
    };
    for (const [key, child] of Object.entries(properties)) {
      const childUi = isObject(ui[key]) ? (ui[key] as JsonObject) : {};
      const type = childUi['ui:fieldType'];
      if (type === 'currentUser') set(key, stamp.userId);
      else if (type === 'submitTime') set(key, stamp.at);
      else if (isObject(child) && isObject(child.properties) && (isObject(value[key]) || hasStamps(childUi))) {
        const inner = walk(child, childUi, isObject(value[key]) ? (value[key] as JsonObject) : {});
        if (inner !== value[key] && (isObject(value[key]) || Object.keys(inner).length)) set(key, inner);
      }
    }
    return out;
  };
  return hasStamps(uiSchema) ? walk(schema, uiSchema, data) : data;
}

function hasStamps(ui: unknown): boolean {
  if (!isObject(ui)) return false;
  return Object.entries(ui).some(([key, v]) => (key === 'ui:fieldType' && (v === 'currentUser' || v === 'submitTime')) || hasStamps(v));
}

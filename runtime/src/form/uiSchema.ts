import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { runtimeUiFor } from './fieldTypeRendering.ts';

type JsonObject = Record<string, unknown>;

/** What the renderer needs of the field-type registry. */
export type FieldTypeLookup = Pick<ReadonlyFieldTypeRegistry, 'get'>;

/** Runtime text that goes into the uiSchema, in the UI language. */
export interface UiText {
  choose?: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The uiSchema rjsf gets. For each field with a `ui:fieldType`, three layers, later ones winning:
 * the registry's uiSchema defaults, the runtime's rendering for the type (widget, class names), and what
 * the form itself says (`ui:options` merge key by key). Calculated fields are always read-only: their
 * value comes from applyCalculations. Returns a copy; `ui:i18n` is dropped (localizeForm has used it).
 */
export function prepareUiSchema(uiSchema: JsonObject, fieldTypes?: FieldTypeLookup, text?: UiText): JsonObject {
  const out: JsonObject = {};
  const type = typeof uiSchema['ui:fieldType'] === 'string' ? (uiSchema['ui:fieldType'] as string) : undefined;
  const put = (key: string, value: unknown) => {
    out[key] = key === 'ui:options' && isObject(value) && isObject(out[key]) ? { ...(out[key] as JsonObject), ...value } : value;
  };

  if (type) {
    const defaults: JsonObject = fieldTypes?.get(type)?.uiSchema ?? {};
    for (const [k, v] of Object.entries(defaults)) if (k.startsWith('ui:')) put(k, structuredClone(v));
    const options = {
      ...(isObject(defaults['ui:options']) ? defaults['ui:options'] : {}),
      ...(isObject(uiSchema['ui:options']) ? uiSchema['ui:options'] : {}),
    };
    for (const [k, v] of Object.entries(runtimeUiFor(type, options))) put(k, v);
  }
  for (const [key, value] of Object.entries(uiSchema)) {
    if (key === 'ui:i18n') continue;
    if (!key.startsWith('ui:') && isObject(value))
      out[key] = prepareUiSchema(value, fieldTypes, text); // child field or `items`
    else put(key, value);
  }
  if (type === 'calculated') out['ui:readonly'] = true;
  // A drop-down with an empty first line gives no hint that it is one; rjsf labels that line with the placeholder.
  if (out['ui:widget'] === 'select' && out['ui:placeholder'] === undefined && text?.choose) out['ui:placeholder'] = text.choose;
  return out;
}

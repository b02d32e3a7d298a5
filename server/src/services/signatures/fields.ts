import type { JsonObject } from '@formloom/schemas';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The form's top-level digitalSignature fields, by key. */
export function signatureFieldsOf(uiSchema: JsonObject): string[] {
  return Object.entries(uiSchema)
    .filter(([, ui]) => isObject(ui) && ui['ui:fieldType'] === 'digitalSignature')
    .map(([key]) => key);
}

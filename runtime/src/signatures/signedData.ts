/**
 * What a signature of a form's answers covers, as a string to compare: every answer except digital
 * signatures themselves (`{signatureId}` values, which canonicalContentHash leaves out too), keys sorted,
 * undefined dropped. When it changes after signing, the signature no longer matches and is let go.
 */
export function signedContentKey(data: Record<string, unknown>): string {
  return JSON.stringify(sortKeys(withoutSignatures(data)));
}

export const isSignatureValue = (value: unknown): value is { signatureId: string } =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  typeof (value as { signatureId?: unknown }).signatureId === 'string';

function withoutSignatures(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => !isSignatureValue(v)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** A form whose fields include a digital signature: its fields need the whole form's answers to sign. */
export function hasDigitalSignatureField(uiSchema: unknown): boolean {
  if (Array.isArray(uiSchema)) return uiSchema.some(hasDigitalSignatureField);
  if (!uiSchema || typeof uiSchema !== 'object') return false;
  return Object.entries(uiSchema).some(([k, v]) => (k === 'ui:fieldType' ? v === 'digitalSignature' : hasDigitalSignatureField(v)));
}

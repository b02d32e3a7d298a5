import { sha256, toHex } from './bytes.ts';

/** JSON with object keys sorted and undefined left out, so equal data always hashes the same. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** A `digitalSignature` field's value: `{ signatureId }` and nothing else. */
export function isSignatureValue(value: unknown): value is { signatureId: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'signatureId' && typeof (value as { signatureId: unknown }).signatureId === 'string';
}

/** The data with every digitalSignature value (at any depth) and the named signature fields taken out. */
function withoutSignatures(value: unknown, signatureFields: ReadonlySet<string>, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutSignatures(v, signatureFields, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSignatureValue(v) || (top && signatureFields.has(key))) continue;
    out[key] = withoutSignatures(v, signatureFields, false);
  }
  return out;
}

/**
 * Hex sha256 over a stable JSON of `{formId, formVersion, data}`, where `data` leaves out the values of
 * `digitalSignature` fields (so such a field can carry a signature of the rest). `signatureFields` names the
 * form's digitalSignature fields, so an empty one (null, "") is left out too; values shaped `{signatureId}`
 * are left out wherever they are.
 */
export async function canonicalContentHash(input: {
  formId: string;
  formVersion: number;
  data: Record<string, unknown>;
  signatureFields?: readonly string[];
}): Promise<string> {
  const data = withoutSignatures(input.data, new Set(input.signatureFields ?? []), true);
  const text = stableJson({ formId: input.formId, formVersion: input.formVersion, data });
  return toHex(await sha256(new TextEncoder().encode(text)));
}

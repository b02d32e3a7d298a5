import { AsyncLocalStorage } from 'node:async_hooks';
import type { JsonObject } from '@formloom/schemas';

/**
 * Set while data is checked to be signed (POST /api/signatures/prepare) rather than stored: the
 * digitalSignature extension then records the data it sees — the same point of the submission path where
 * a later submit compares the signed hash — and lets the still-empty signature fields through.
 */
const store = new AsyncLocalStorage<{ data?: JsonObject }>();

export async function asSigningPreview<T>(work: () => Promise<T>): Promise<{ result: T; signedData: JsonObject }> {
  const capture: { data?: JsonObject } = {};
  const result = await store.run(capture, work);
  if (!capture.data) throw new Error('the digitalSignature extension did not run');
  return { result, signedData: capture.data };
}

export const signingPreview = () => store.getStore();

/** The pretend value an empty digitalSignature field holds while its data is being checked for signing. */
export const PENDING_SIGNATURE = { signatureId: 'pending' };

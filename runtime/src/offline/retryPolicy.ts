import { ApiError } from '../api/errors.ts';
import { LocalFileMissingError } from './localFiles.ts';
import type { OutboxRefusal } from './outboxTypes.ts';

export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 5 * 60_000;

/**
 * Exponential backoff with jitter: about 5 s, 10 s, 20 s … up to 5 min, each scaled by a random factor in
 * [0.5, 1) so phones that lost the same Wi-Fi do not all come back in the same second. A server's
 * Retry-After is respected when longer.
 */
export function retryDelayMs(attempts: number, random: () => number, retryAfterSeconds?: number): number {
  const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

/** What to do with an entry after a failed attempt. */
export type FailureOutcome =
  /** The outcome is unknown or the server is in trouble: same key, later. */
  | { kind: 'retry'; reason: string; retryAfterSeconds?: number }
  /** A definite no: keep the reason for the person, go on with the next entry. */
  | { kind: 'refused'; refusal: OutboxRefusal }
  /** The session ended: wait for the person to sign in again (the entry is theirs, it stays). */
  | { kind: 'signedOut' };

const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);

export function classifyFailure(error: unknown): FailureOutcome {
  if (error instanceof LocalFileMissingError)
    return { kind: 'refused', refusal: { status: 0, code: 'local_file_missing', message: error.message } };
  if (!(error instanceof ApiError)) return { kind: 'retry', reason: 'network' };
  if (error.status === 401) return { kind: 'signedOut' };
  // 409 idempotency_key_in_flight: an earlier attempt with this key is still being stored; its answer will be replayed.
  if (error.status >= 500 || TRANSIENT_CLIENT_STATUSES.has(error.status) || error.code === 'idempotency_key_in_flight') {
    return { kind: 'retry', reason: error.code, retryAfterSeconds: error.retryAfterSeconds };
  }
  const details = error.validationDetails;
  const facts = isPlainObject(error.details) ? { facts: error.details } : {};
  return {
    kind: 'refused',
    refusal: { status: error.status, code: error.code, message: error.message, ...(details.length ? { details } : {}), ...facts },
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

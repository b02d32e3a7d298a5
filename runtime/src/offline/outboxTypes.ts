import type { ValidationDetail } from '../api/types.ts';

/**
 * `waiting`: to be sent (again) once `nextAttemptAt` has passed and there is a connection. `sending`: a tab
 * has claimed it and is sending it now, until `leaseUntil`. `refused`: the server answered with a definite
 * no (4xx); it stays until the person fixes or discards it.
 */
export type OutboxStatus = 'waiting' | 'sending' | 'refused';

/** The server's reason for refusing a submission, as its error body gave it. */
export interface OutboxRefusal {
  status: number;
  code: string;
  message: string;
  details?: ValidationDetail[];
  /** The other kind of `details` a refusal carries (insufficient_stock's `{item, zone, onHand, requested}`), to say it in words. */
  facts?: Record<string, unknown>;
}

/** A submission made on this device that the server has not confirmed yet. */
export interface OutboxEntry {
  id: string;
  /** Whose it is: only sent, and only shown, while this user is signed in on this device. */
  userId: string;
  formId: string;
  /** The published version the person filled in (the server validates against its latest). */
  formVersion: number;
  /** The form's name in the language it was filled in, to list the entry without the form. */
  formName: string;
  /** What it records, in a line (e.g. "Issue 3 × Lemon tea · Zone B-02"), shown under the form's name. */
  summary?: string;
  data: Record<string, unknown>;
  /** Sent with every attempt, so a repeat after a lost answer is recognised and not stored twice. */
  idempotencyKey: string;
  /** ms since the epoch; entries are sent in this order. */
  createdAt: number;
  /** Failed attempts so far (network, 5xx): the backoff grows with it. */
  attempts: number;
  nextAttemptAt: number;
  status: OutboxStatus;
  leaseUntil?: number;
  /** Why the last attempt did not get through (`network`, `http_503`, …), for the outbox page. */
  lastFailure?: string;
  error?: OutboxRefusal;
}

/**
 * Where entries live: IndexedDB in the browser (idbOutboxStore.ts), a Map in tests. `update` reads, changes
 * and writes one entry in one transaction, so two tabs cannot both claim the same entry.
 */
export interface OutboxStore {
  /** The user's entries, oldest first. */
  list(userId: string): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  add(entry: OutboxEntry): Promise<void>;
  /** Applies `change` to the stored entry; `null` from `change` (or no entry) leaves it as it is and returns null. */
  update(id: string, change: (entry: OutboxEntry) => OutboxEntry | null): Promise<OutboxEntry | null>;
  remove(id: string): Promise<void>;
}

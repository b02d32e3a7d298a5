import { newIdempotencyKey } from '../form/idempotency.ts';
import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';
import { classifyFailure, retryDelayMs } from './retryPolicy.ts';

/** How long a claimed entry is reserved for the tab sending it; longer than a send may take. */
export const LEASE_MS = 60_000;
export const SEND_TIMEOUT_MS = 30_000;
/** A safety net besides the `online` event and the backoff timer (a connection that came back silently). */
export const POLL_MS = 60_000;

export interface NewOutboxEntry {
  formId: string;
  formVersion: number;
  formName: string;
  /** What it records, in a line, where the form's name alone tells entries apart poorly (a stock movement). */
  summary?: string;
  data: Record<string, unknown>;
  idempotencyKey: string;
}

export interface OutboxSyncOptions {
  store: OutboxStore;
  userId: string;
  /** Sends one entry (POST with its Idempotency-Key); rejects with ApiError / NetworkError. */
  send(entry: OutboxEntry): Promise<unknown>;
  /**
   * Work before sending that changes the data (uploading files kept on the device). Its result is stored
   * before the entry is sent, so a retry sends the same body with the same key; errors count as the send's.
   */
  prepare?: (entry: OutboxEntry) => Promise<Record<string, unknown>>;
  isOnline(): boolean;
  /**
   * Runs a pass so that no other tab runs one at the same time (navigator.locks). `held` false: no lock
   * available, the claims in the store are then all that keeps two tabs from sending one entry.
   */
  exclusive?: (pass: (held: boolean) => Promise<void>) => Promise<void>;
  /** The session ended (401): the page should ask the person to sign in. */
  onSignedOut?: () => void;
  /** The store changed here (other tabs should re-read it). */
  onStoreChanged?: () => void;
  now?: () => number;
  random?: () => number;
  sendTimeoutMs?: number;
}

/**
 * Sends one user's outbox, oldest first, one entry at a time. A 2xx (a replay included) removes the entry;
 * a 4xx marks it refused and the next one goes; a network error, timeout or 5xx stops the pass and tries the
 * same entry again after a backoff, so later entries never overtake it. Framework-free: the React side
 * subscribes to `entries`.
 */
export class OutboxSync {
  private entriesNow: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private again: { force: boolean } | null = null;
  private wake: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: OutboxSyncOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Loads the entries and starts sending; the timers run until stop(). */
  start(): void {
    this.stopped = false;
    this.poll ??= setInterval(() => void this.sync(), POLL_MS);
    void this.sync();
  }

  stop(): void {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.wake) clearTimeout(this.wake);
    this.poll = this.wake = null;
  }

  readonly getEntries = (): readonly OutboxEntry[] => this.entriesNow;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get(id: string): Promise<OutboxEntry | undefined> {
    return this.options.store.get(id).then((e) => (e?.userId === this.options.userId ? e : undefined));
  }

  /** Stores a submission for later; it is sent after every older entry. */
  async enqueue(input: NewOutboxEntry): Promise<OutboxEntry> {
    const now = this.now();
    // Strictly after the newest entry, so two submissions within one millisecond keep the order they were made in.
    const newest = (await this.options.store.list(this.options.userId)).at(-1)?.createdAt ?? 0;
    const entry: OutboxEntry = {
      ...input,
      id: newIdempotencyKey(),
      userId: this.options.userId,
      createdAt: Math.max(now, newest + 1),
      attempts: 0,
      nextAttemptAt: now,
      status: 'waiting',
    };
    await this.options.store.add(entry);
    await this.changed();
    return entry;
  }

  /**
   * A fixed submission takes the place of the entry (its place in the order too) with new data and a new
   * key, since the old key was answered with a refusal.
   */
  async replace(id: string, input: NewOutboxEntry): Promise<OutboxEntry | null> {
    const now = this.now();
    const next = await this.options.store.update(id, (e) =>
      e.userId !== this.options.userId || e.status === 'sending'
        ? null
        : {
            ...e,
            ...input,
            attempts: 0,
            nextAttemptAt: now,
            status: 'waiting',
            error: undefined,
            lastFailure: undefined,
            leaseUntil: undefined,
          },
    );
    await this.changed();
    return next;
  }

  async discard(id: string): Promise<void> {
    const entry = await this.get(id);
    if (entry) await this.options.store.remove(id);
    await this.changed();
  }

  /** Re-reads the store (another tab changed it). */
  async refresh(): Promise<void> {
    this.entriesNow = await this.options.store.list(this.options.userId);
    this.listeners.forEach((l) => l());
  }

  /**
   * Sends what is due. `force`: what waits for its backoff too (the connection came back, "Send now").
   * Calls during a pass run one more pass after it; the promise settles when there is nothing left to do.
   */
  sync({ force = false }: { force?: boolean } = {}): Promise<void> {
    if (this.running) {
      this.again = { force: force || (this.again?.force ?? false) };
      return this.running;
    }
    this.running = (async () => {
      let pending: { force: boolean } | null = { force };
      try {
        while (pending && !this.stopped) {
          const { force: forced } = pending;
          this.again = null;
          const exclusive = this.options.exclusive ?? ((pass) => pass(false));
          await exclusive((held) => this.pass(forced, held));
          pending = this.again;
        }
        await this.refresh();
      } catch {
        // The store failed (storage evicted, quota): try again at the next poll; the entries stay as they were.
      } finally {
        this.running = null;
        this.scheduleWake();
      }
    })();
    return this.running;
  }

  private async pass(force: boolean, holdsLock: boolean): Promise<void> {
    const { store, userId } = this.options;
    for (const entry of await store.list(userId)) {
      if (this.stopped || !this.options.isOnline()) return;
      if (entry.status === 'refused') continue;
      const now = this.now();
      if (!force && entry.nextAttemptAt > now) return;
      // Under the lock no other tab is sending, so a 'sending' entry was left by a tab that closed mid-send.
      const claimed = await store.update(entry.id, (e) =>
        e.status === 'waiting' || (e.status === 'sending' && (holdsLock || (e.leaseUntil ?? 0) <= now))
          ? { ...e, status: 'sending', leaseUntil: now + LEASE_MS }
          : null,
      );
      if (!claimed) return; // another tab is sending it: leave the rest to that tab, in order
      await this.changed();
      if (!(await this.attempt(claimed))) return;
    }
  }

  /** Sends one claimed entry and records the outcome; false when the pass should stop. */
  private async attempt(entry: OutboxEntry): Promise<boolean> {
    const { store } = this.options;
    const sameAttempt = (e: OutboxEntry) => e.idempotencyKey === entry.idempotencyKey && e.status === 'sending';
    let failure: ReturnType<typeof classifyFailure> | null = null;
    try {
      const data = this.options.prepare ? await this.options.prepare(entry) : entry.data;
      if (data !== entry.data) {
        const prepared = await store.update(entry.id, (e) => (sameAttempt(e) ? { ...e, data } : null));
        if (!prepared) return false; // discarded meanwhile
      }
      await withTimeout(this.options.send({ ...entry, data }), this.options.sendTimeoutMs ?? SEND_TIMEOUT_MS);
    } catch (error) {
      failure = classifyFailure(error);
    }
    if (!failure) {
      await store.remove(entry.id);
    } else if (failure.kind === 'refused') {
      const { refusal } = failure;
      await store.update(entry.id, (e) => (sameAttempt(e) ? { ...e, status: 'refused', error: refusal, leaseUntil: undefined } : null));
    } else if (failure.kind === 'retry') {
      const { reason, retryAfterSeconds } = failure;
      const attempts = entry.attempts + 1;
      const nextAttemptAt = this.now() + retryDelayMs(attempts, this.random, retryAfterSeconds);
      await store.update(entry.id, (e) =>
        sameAttempt(e) ? { ...e, status: 'waiting', attempts, nextAttemptAt, lastFailure: reason, leaseUntil: undefined } : null,
      );
    } else {
      await store.update(entry.id, (e) => (sameAttempt(e) ? { ...e, status: 'waiting', leaseUntil: undefined } : null));
      this.options.onSignedOut?.();
    }
    await this.changed();
    return !failure || failure.kind === 'refused';
  }

  private async changed(): Promise<void> {
    this.options.onStoreChanged?.();
    await this.refresh();
  }

  /** Wakes up when the first waiting entry is due (or a dead tab's claim runs out). */
  private scheduleWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    if (this.stopped) return;
    const times = this.entriesNow.flatMap((e) =>
      e.status === 'waiting' ? [e.nextAttemptAt] : e.status === 'sending' ? [e.leaseUntil ?? this.now()] : [],
    );
    if (!times.length) return;
    const delay = Math.max(0, Math.min(...times) - this.now());
    if (delay < POLL_MS) this.wake = setTimeout(() => void this.sync(), delay + 50);
  }
}

/** No answer in time: the outcome is unknown, as after a network error. */
export class SendTimeoutError extends Error {
  override readonly name = 'SendTimeoutError';
}

/** Rejects after `ms` if `promise` has not settled; the request itself may still reach the server (the key covers that). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Passes one at a time across every tab of the origin, where the Web Locks API exists (secure contexts). */
export function webLockExclusive(name = 'formloom-outbox'): OutboxSyncOptions['exclusive'] {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return undefined;
  return async (pass) => {
    await locks.request(name, () => pass(true));
  };
}

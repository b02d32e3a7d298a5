import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../api/errors.ts';
import { createMemoryOutboxStore } from './memoryOutboxStore.ts';
import { LEASE_MS, OutboxSync, type NewOutboxEntry } from './outboxSync.ts';
import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';
import { MAX_RETRY_MS, classifyFailure, retryDelayMs } from './retryPolicy.ts';

const apiError = (statusCode: number, code: string, details?: unknown, retryAfter?: number) =>
  new ApiError({ statusCode, code, error: 'Error', message: `${code} happened`, details }, retryAfter);

const submission = (n: number): NewOutboxEntry => ({
  formId: 'form1',
  formVersion: 2,
  formName: 'Stock count',
  data: { n },
  idempotencyKey: `key-${n}`,
});

/** A server stand-in: answers each POST with what `answer` says and records the keys it was sent. */
function harness(
  answer: (entry: OutboxEntry, call: number) => Promise<unknown> = () => Promise.resolve({}),
  store = createMemoryOutboxStore(),
) {
  const clock = { now: 1_000_000 };
  const sent: string[] = [];
  const online = { value: true };
  let signedOut = 0;
  const make = (userId = 'u1') =>
    new OutboxSync({
      store,
      userId,
      send: (entry) => {
        sent.push(entry.idempotencyKey);
        return answer(entry, sent.length);
      },
      isOnline: () => online.value,
      onSignedOut: () => void signedOut++,
      now: () => clock.now,
      random: () => 0.5,
    });
  const sync = make();
  return { store, sync, make, sent, clock, online, signedOuts: () => signedOut };
}

const live: OutboxSync[] = [];
afterEach(() => live.splice(0).forEach((s) => s.stop()));

describe('OutboxSync', () => {
  it('sends entries oldest first, one at a time, and removes each on a 2xx', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { sync, sent, clock } = harness(async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    });
    live.push(sync);
    for (const n of [1, 2, 3]) {
      await sync.enqueue(submission(n));
      clock.now += 10;
    }
    await sync.sync();
    expect(sent).toEqual(['key-1', 'key-2', 'key-3']);
    expect(maxInFlight).toBe(1);
    expect(sync.getEntries()).toEqual([]);
  });

  it('keeps an entry with its key after a network error, retries it later with backoff, and never lets a later one overtake it', async () => {
    let failing = true;
    const { sync, sent, clock } = harness((entry) =>
      failing && entry.idempotencyKey === 'key-1'
        ? Promise.reject(new NetworkError(new TypeError('Failed to fetch')))
        : Promise.resolve({}),
    );
    live.push(sync);
    await sync.enqueue(submission(1));
    await sync.enqueue(submission(2));
    await sync.sync();
    expect(sent).toEqual(['key-1']); // the second waits behind the first
    const [first, second] = sync.getEntries();
    expect(first).toMatchObject({ status: 'waiting', attempts: 1, lastFailure: 'network', nextAttemptAt: clock.now + 3750 });
    expect(second).toMatchObject({ status: 'waiting', attempts: 0 });

    await sync.sync(); // not due yet: nothing is sent
    expect(sent).toEqual(['key-1']);

    clock.now += 3750;
    await sync.sync();
    expect(sent).toEqual(['key-1', 'key-1']);
    expect(sync.getEntries()[0]).toMatchObject({ attempts: 2, nextAttemptAt: clock.now + 7500 });

    failing = false;
    await sync.sync({ force: true }); // the connection came back: no waiting out the backoff
    expect(sent).toEqual(['key-1', 'key-1', 'key-1', 'key-2']);
    expect(sync.getEntries()).toEqual([]);
  });

  it('marks a 4xx refused with the server’s reason and goes on with the next entry', async () => {
    const details = [{ path: '/qty', message: 'must be >= 0' }];
    const { sync, sent } = harness((entry) =>
      entry.idempotencyKey === 'key-1' ? Promise.reject(apiError(422, 'validation_failed', details)) : Promise.resolve({}),
    );
    live.push(sync);
    await sync.enqueue(submission(1));
    await sync.enqueue(submission(2));
    await sync.sync();
    expect(sent).toEqual(['key-1', 'key-2']);
    expect(sync.getEntries()).toEqual([
      expect.objectContaining({
        idempotencyKey: 'key-1',
        status: 'refused',
        error: { status: 422, code: 'validation_failed', message: 'validation_failed happened', details },
      }),
    ]);
    await sync.sync({ force: true }); // a refused entry is not sent again as it is
    expect(sent).toEqual(['key-1', 'key-2']);
  });

  it('a fixed entry gets new data and a new key, keeps its place, and is sent', async () => {
    const { sync, sent } = harness((entry) =>
      (entry.data as { n: number }).n < 0 ? Promise.reject(apiError(422, 'validation_failed', [])) : Promise.resolve({}),
    );
    live.push(sync);
    const entry = await sync.enqueue({ ...submission(1), data: { n: -1 } });
    await sync.sync();
    expect(sync.getEntries()[0].status).toBe('refused');
    await sync.replace(entry.id, { ...submission(1), data: { n: 1 }, idempotencyKey: 'key-fixed' });
    expect(sync.getEntries()[0]).toMatchObject({ status: 'waiting', createdAt: entry.createdAt, error: undefined, data: { n: 1 } });
    await sync.sync();
    expect(sent).toEqual(['key-1', 'key-fixed']);
    expect(sync.getEntries()).toEqual([]);
  });

  it('retries 5xx, 429 (after Retry-After) and a key still in flight; stops and reports a 401 without losing the entry', async () => {
    const answers = [
      apiError(503, 'http_503'),
      apiError(429, 'too_many_attempts', undefined, 120),
      apiError(409, 'idempotency_key_in_flight'),
      apiError(401, 'unauthenticated'),
    ];
    const { sync, sent, clock, signedOuts } = harness((_e, call) => Promise.reject(answers[call - 1]));
    live.push(sync);
    await sync.enqueue(submission(1));
    await sync.sync();
    expect(sync.getEntries()[0]).toMatchObject({ status: 'waiting', attempts: 1, lastFailure: 'http_503' });
    await sync.sync({ force: true });
    expect(sync.getEntries()[0]).toMatchObject({ attempts: 2, nextAttemptAt: clock.now + 120_000 });
    await sync.sync({ force: true });
    expect(sync.getEntries()[0]).toMatchObject({ attempts: 3, lastFailure: 'idempotency_key_in_flight' });
    await sync.sync({ force: true });
    expect(signedOuts()).toBe(1);
    expect(sync.getEntries()[0]).toMatchObject({ status: 'waiting', attempts: 3 });
    expect(new Set(sent)).toEqual(new Set(['key-1']));
  });

  it('sends nothing while offline', async () => {
    const { sync, sent, online } = harness();
    live.push(sync);
    online.value = false;
    await sync.enqueue(submission(1));
    await sync.sync({ force: true });
    expect(sent).toEqual([]);
    expect(sync.getEntries()).toHaveLength(1);
  });

  it('two tabs syncing at once send each entry once (the claim is one store transaction)', async () => {
    const store = createMemoryOutboxStore();
    const { sync: tabA, make, sent } = harness(() => new Promise((r) => setTimeout(r, 5)), store);
    const tabB = make();
    live.push(tabA, tabB);
    for (const n of [1, 2, 3, 4]) await tabA.enqueue(submission(n));
    await Promise.all([tabA.sync(), tabB.sync(), tabA.sync(), tabB.sync()]);
    await Promise.all([tabA.sync(), tabB.sync()]);
    expect([...sent].sort()).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
  });

  it('takes over an entry a closed tab left mid-send once its claim runs out', async () => {
    const store = createMemoryOutboxStore();
    const { sync, sent, clock } = harness(undefined, store);
    live.push(sync);
    const entry = await sync.enqueue(submission(1));
    await store.update(entry.id, (e) => ({ ...e, status: 'sending', leaseUntil: clock.now + 60_000 }));
    await sync.sync();
    expect(sent).toEqual([]);
    clock.now += 60_000;
    await sync.sync();
    expect(sent).toEqual(['key-1']);
  });

  it('shows and sends only the signed-in user’s entries', async () => {
    const store = createMemoryOutboxStore();
    const { sync: mei, make, sent } = harness(undefined, store);
    const other = make('u2');
    live.push(mei, other);
    await mei.enqueue(submission(1));
    await other.refresh();
    expect(other.getEntries()).toEqual([]);
    await other.sync();
    expect(sent).toEqual([]);
    expect(await other.get(mei.getEntries()[0].id)).toBeUndefined();
  });

  it('keeps the entries when the store fails mid-pass and tries again later', async () => {
    const inner = createMemoryOutboxStore();
    let broken = false;
    const store: OutboxStore = { ...inner, remove: (id) => (broken ? Promise.reject(new Error('quota')) : inner.remove(id)) };
    const { sync, sent, clock } = harness(undefined, store);
    live.push(sync);
    await sync.enqueue(submission(1));
    broken = true;
    await sync.sync();
    broken = false;
    expect(sync.getEntries()).toEqual([expect.objectContaining({ status: 'sending' })]);
    clock.now += LEASE_MS; // no lock in this test: the claim has to run out first
    await sync.sync();
    // Sent twice with one key: the server answers the second from its idempotency record, one row.
    expect(sent).toEqual(['key-1', 'key-1']);
    expect(sync.getEntries()).toEqual([]);
  });
});

describe('retry policy', () => {
  it('doubles from 5 s to a 5 min cap, jittered into [0.5, 1) of that', () => {
    expect(retryDelayMs(1, () => 0)).toBe(2500);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(5000);
    expect(retryDelayMs(3, () => 0.5)).toBe(15_000);
    expect(retryDelayMs(30, () => 0.999)).toBeLessThanOrEqual(MAX_RETRY_MS);
    expect(retryDelayMs(30, () => 0)).toBe(MAX_RETRY_MS / 2);
    expect(retryDelayMs(1, () => 0, 90)).toBe(90_000);
  });

  it('refuses definite answers and retries unknown ones', () => {
    expect(classifyFailure(new NetworkError(new TypeError('x')))).toEqual({ kind: 'retry', reason: 'network' });
    expect(classifyFailure(new Error('no answer within 30000 ms'))).toEqual({ kind: 'retry', reason: 'network' });
    expect(classifyFailure(apiError(500, 'internal_error')).kind).toBe('retry');
    expect(classifyFailure(apiError(404, 'form_not_found'))).toEqual({
      kind: 'refused',
      refusal: { status: 404, code: 'form_not_found', message: 'form_not_found happened' },
    });
    expect(classifyFailure(apiError(409, 'form_not_published')).kind).toBe('refused');
    expect(classifyFailure(apiError(403, 'forbidden')).kind).toBe('refused');
    expect(classifyFailure(apiError(401, 'unauthenticated')).kind).toBe('signedOut');
  });
});

import { describe, expect, it } from 'vitest';
import { ConnectorRetryableError } from '@formloom/plugin-api';
import { RealmRateLimiter } from './limiter.ts';

describe('per-realm rate limiter', () => {
  it('lets 10 go in a second, then waits until the oldest answer is a second old', async () => {
    let now = 1_000_000;
    const limiter = new RealmRateLimiter({ perSecond: 10, perMinute: 500, maxWaitMs: 5_000 }, () => now);
    for (let i = 0; i < 10; i++) (await limiter.take('r1'))();
    expect(limiter.waitMs('r1')).toBe(1_000);
    expect(limiter.waitMs('r2')).toBe(0); // another company has its own limits
    now += 400;
    expect(limiter.waitMs('r1')).toBe(600);
    now += 600;
    expect(limiter.waitMs('r1')).toBe(0);
  });

  it('counts a request still in flight however long it takes', async () => {
    let now = 0;
    const limiter = new RealmRateLimiter({ perSecond: 2, perMinute: 500, maxWaitMs: 5_000 }, () => now);
    const first = await limiter.take('r');
    (await limiter.take('r'))();
    now += 5_000;
    // The second answered long ago; the first is still out, so only one more may go.
    expect(limiter.waitMs('r')).toBe(0);
    await limiter.take('r');
    expect(limiter.waitMs('r')).toBeGreaterThan(0);
    first();
    // The first answered just now: with the third still out, the second is full for a second more.
    expect(limiter.waitMs('r')).toBe(1_000);
    now += 1_000;
    expect(limiter.waitMs('r')).toBe(0);
  });

  it('gives the job back with the wait when the minute is used up', async () => {
    let now = 0;
    const limiter = new RealmRateLimiter({ perSecond: 1_000, perMinute: 3, maxWaitMs: 5_000 }, () => now);
    for (let i = 0; i < 3; i++) (await limiter.take('r'))();
    now += 10_000;
    const err = await limiter.take('r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorRetryableError);
    expect((err as ConnectorRetryableError).retryAfterMs).toBe(50_000);
  });
});

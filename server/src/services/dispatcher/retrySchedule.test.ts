import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_DELAY_MS,
  nextRetryDelayMs,
  parseRetryAfter,
  RETRY_DELAYS_MS,
} from './retrySchedule.ts';

describe('retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after the 1st…9th failure, then gives up', () => {
    const mid = () => 0.5; // no jitter
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => nextRetryDelayMs(i + 1, null, mid));
    expect(waits).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
    expect(MAX_ATTEMPTS).toBe(10);
    expect(nextRetryDelayMs(MAX_ATTEMPTS, null, mid)).toBeNull();
    expect(nextRetryDelayMs(MAX_ATTEMPTS, 1000, mid)).toBeNull();
  });

  it('jitters by at most ±10 %', () => {
    expect(nextRetryDelayMs(2, null, () => 0)).toBe(RETRY_DELAYS_MS[1] * 0.9);
    expect(nextRetryDelayMs(2, null, () => 0.999999)).toBeCloseTo(RETRY_DELAYS_MS[1] * 1.1, -2);
  });

  it('lets a requested wait win, within a second and a day', () => {
    expect(nextRetryDelayMs(3, 120_000)).toBe(120_000);
    expect(nextRetryDelayMs(3, 0)).toBe(MIN_RETRY_DELAY_MS);
    expect(nextRetryDelayMs(3, 7 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

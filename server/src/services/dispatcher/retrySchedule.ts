/**
 * When a failed delivery or connector job is tried again: the first try is immediate, then after
 * the 1st, 2nd, … failure wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (±10 % jitter, so
 * a receiver that came back is not hit by every retry at once). A failure after the last wait is final.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
] as const;
/** The first try plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const JITTER = 0.1;
/** A receiver may ask for a later retry, but not for more than a day. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;
/** Never again in the same instant (a `Retry-After: 0` must not spin a pass). */
export const MIN_RETRY_DELAY_MS = SECOND;

/**
 * The wait after `attempts` failed tries, or null when that was the last one.
 * `requestedMs` is what the other side asked for (Retry-After, a throttle window): it wins.
 */
export function nextRetryDelayMs(attempts: number, requestedMs: number | null = null, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  if (requestedMs !== null) return Math.max(MIN_RETRY_DELAY_MS, Math.min(requestedMs, MAX_RETRY_AFTER_MS));
  const base = RETRY_DELAYS_MS[Math.max(0, attempts - 1)]!;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * Counts failed logins per (client address, email) and per address, in this process. Several
 * servers each keep their own count, which still caps guessing at a small multiple.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

interface Bucket {
  failures: number;
  windowStart: number;
}

export class LoginThrottle {
  private buckets = new Map<string, Bucket>();

  constructor(private now: () => number = Date.now) {}

  /** Seconds until the caller may try again, or 0. */
  retryAfter(address: string, email: string): number {
    const t = this.now();
    const waits = [
      this.wait(`a:${address}|${email.toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT, t),
      this.wait(`i:${address}`, MAX_FAILURES_PER_ADDRESS, t),
    ];
    return Math.max(...waits);
  }

  recordFailure(address: string, email: string): void {
    this.bump(`a:${address}|${email.toLowerCase()}`);
    this.bump(`i:${address}`);
  }

  recordSuccess(address: string, email: string): void {
    this.buckets.delete(`a:${address}|${email.toLowerCase()}`);
  }

  private wait(key: string, max: number, t: number): number {
    const b = this.buckets.get(key);
    if (!b || t - b.windowStart >= LOGIN_WINDOW_MS) return 0;
    return b.failures >= max ? Math.ceil((b.windowStart + LOGIN_WINDOW_MS - t) / 1000) : 0;
  }

  private bump(key: string): void {
    const t = this.now();
    const b = this.buckets.get(key);
    if (!b || t - b.windowStart >= LOGIN_WINDOW_MS) this.buckets.set(key, { failures: 1, windowStart: t });
    else b.failures++;
    if (this.buckets.size > 100_000) this.prune(t);
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.windowStart >= LOGIN_WINDOW_MS) this.buckets.delete(k);
  }
}

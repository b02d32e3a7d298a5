import { ConnectorRetryableError } from '@formloom/plugin-api';

/**
 * Keeps this process under QuickBooks' limits per company (realm): 10 requests a second and 500 a
 * minute. A call waits for its slot; when the wait would be long (the minute is used up) it gives the
 * job back to be retried then, instead of holding a worker.
 */
export interface RateLimits {
  perSecond: number;
  perMinute: number;
  /** The longest a call waits in process before it is rescheduled instead. */
  maxWaitMs: number;
}

export const QUICKBOOKS_LIMITS: RateLimits = { perSecond: 10, perMinute: 500, maxWaitMs: 5_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RealmRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly limits: RateLimits = QUICKBOOKS_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** How long until a call to the realm may go (0: now). */
  waitMs(realmId: string): number {
    const now = this.clock();
    const times = (this.sent.get(realmId) ?? []).filter((t) => now - t < 60_000);
    this.sent.set(realmId, times);
    const inLastSecond = times.filter((t) => now - t < 1_000);
    let wait = 0;
    if (inLastSecond.length >= this.limits.perSecond)
      wait = Math.max(wait, inLastSecond[inLastSecond.length - this.limits.perSecond] + 1_000 - now);
    if (times.length >= this.limits.perMinute) wait = Math.max(wait, times[times.length - this.limits.perMinute] + 60_000 - now);
    return wait;
  }

  /** Takes a slot for one request, waiting for it if need be. */
  async take(realmId: string): Promise<void> {
    for (;;) {
      const wait = this.waitMs(realmId);
      if (wait <= 0) {
        this.sent.get(realmId)!.push(this.clock());
        return;
      }
      if (wait > this.limits.maxWaitMs) {
        throw new ConnectorRetryableError(
          'The QuickBooks request limit for this company is used up for the minute; trying again shortly.',
          wait,
        );
      }
      await sleep(wait);
    }
  }
}

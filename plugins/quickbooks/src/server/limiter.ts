import { ConnectorRetryableError } from '@formloom/plugin-api';

/**
 * Keeps this process under QuickBooks' limits per company (realm): 10 requests a second and 500 a
 * minute. A call waits for its slot; when the wait would be long (the minute is used up) it gives the
 * job back to be retried then, instead of holding a worker.
 *
 * QuickBooks counts a request when it arrives, which is after it left here and before its answer came
 * back. So a slot counts from the moment it is taken until the answer, and then for a window from
 * the answer: whatever the network's delays, every request QuickBooks counted in its last second is
 * still counted here.
 */
export interface RateLimits {
  perSecond: number;
  perMinute: number;
  /** The longest a call waits in process before it is rescheduled instead. */
  maxWaitMs: number;
}

export const QUICKBOOKS_LIMITS: RateLimits = { perSecond: 10, perMinute: 500, maxWaitMs: 5_000 };

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
/** How often a call blocked by requests still in flight looks again. */
const IN_FLIGHT_POLL_MS = 25;

interface Slot {
  /** When the answer came back; null while in flight. */
  doneAt: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RealmRateLimiter {
  private readonly slots = new Map<string, Slot[]>();

  constructor(
    private readonly limits: RateLimits = QUICKBOOKS_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** How long until a call to the realm may go (0: now). */
  waitMs(realmId: string): number {
    const now = this.clock();
    const slots = (this.slots.get(realmId) ?? []).filter((s) => s.doneAt === null || now - s.doneAt < MINUTE_MS);
    this.slots.set(realmId, slots);
    const inWindow = (windowMs: number) => slots.filter((s) => s.doneAt === null || now - s.doneAt < windowMs);
    let wait = 0;
    for (const [windowMs, limit] of [
      [SECOND_MS, this.limits.perSecond],
      [MINUTE_MS, this.limits.perMinute],
    ] as const) {
      const counted = inWindow(windowMs);
      if (counted.length < limit) continue;
      // The oldest finished slot that must leave the window before one more may go.
      const finished = counted
        .map((s) => s.doneAt)
        .filter((t): t is number => t !== null)
        .sort((a, b) => a - b);
      const mustLeave = counted.length - limit;
      wait = Math.max(wait, mustLeave < finished.length ? finished[mustLeave] + windowMs - now : IN_FLIGHT_POLL_MS);
    }
    return wait;
  }

  /** Takes a slot for one request, waiting for it if need be; call the returned function when the answer is in. */
  async take(realmId: string): Promise<() => void> {
    for (;;) {
      const wait = this.waitMs(realmId);
      if (wait <= 0) {
        const slot: Slot = { doneAt: null };
        this.slots.get(realmId)!.push(slot);
        return () => {
          slot.doneAt ??= this.clock();
        };
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

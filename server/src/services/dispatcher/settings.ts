/**
 * The dispatcher's knobs, read from the environment once at start (docs/API.md, "Webhooks"):
 * FORMLOOM_DISPATCH_INTERVAL_MS (0 turns the timer off: tests drive passes themselves),
 * FORMLOOM_WEBHOOK_LEASE_MS, FORMLOOM_WEBHOOK_DISABLE_AFTER_HOURS.
 */
export interface DispatcherSettings {
  /** Time between passes when the last one found nothing to do; 0: no timer. */
  intervalMs: number;
  /** How long a claimed delivery belongs to this process; longer than the request timeout. */
  leaseMs: number;
  /** The same for connector jobs, whose handlers may wait out a rate limit. */
  jobLeaseMs: number;
  /** Whole exchange with a receiver; a slower answer is a failure (Standard Webhooks' window). */
  requestTimeoutMs: number;
  /** A subscription failing without a success for longer than this is turned off. */
  disableAfterMs: number;
  /** Rows taken per claim: events per fan-out batch, deliveries/jobs per claim (1 = one by one). */
  claimBatch: number;
  /** Deliveries in flight at once in this process. */
  concurrency: number;
  /** Connector jobs in flight at once in this process (external APIs have their own rate limits). */
  jobConcurrency: number;
}

export const DEFAULT_SETTINGS: DispatcherSettings = {
  intervalMs: 500,
  leaseMs: 60_000,
  jobLeaseMs: 5 * 60_000,
  requestTimeoutMs: 15_000,
  disableAfterMs: 120 * 3600_000,
  // 16 lanes: a delivery mostly waits on database round trips (bench/dispatcher.ts measured 8, 16, 32).
  claimBatch: 16,
  concurrency: 16,
  jobConcurrency: 4,
};

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}".`);
  return value;
}

export function dispatcherSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DispatcherSettings {
  const leaseMs = number(env, 'FORMLOOM_WEBHOOK_LEASE_MS', DEFAULT_SETTINGS.leaseMs, 1000);
  return {
    ...DEFAULT_SETTINGS,
    intervalMs: number(env, 'FORMLOOM_DISPATCH_INTERVAL_MS', DEFAULT_SETTINGS.intervalMs, 0),
    leaseMs,
    // A lease shorter than the timeout would let a second process send while the first still waits.
    requestTimeoutMs: Math.min(DEFAULT_SETTINGS.requestTimeoutMs, leaseMs - 500),
    jobLeaseMs: number(env, 'FORMLOOM_CONNECTOR_LEASE_MS', DEFAULT_SETTINGS.jobLeaseMs, 1000),
    disableAfterMs: number(env, 'FORMLOOM_WEBHOOK_DISABLE_AFTER_HOURS', 120, 1) * 3600_000,
  };
}

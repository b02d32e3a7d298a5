/**
 * Failed sign-ins counted in the database (login_failures, login_lockouts: migration 020), so every
 * server behind a balancer counts together. An email (from anywhere) or an address (for any email)
 * with too many failures within the policy's window is locked for the lockout time; failures from
 * before a lockout ended do not count again. A successful sign-in clears the email's count.
 */
import type { SecuritySettings } from '@formloom/schemas';
import type { Knex } from 'knex';
import type { Db } from '../../repositories/types.ts';

type Throttling = SecuritySettings['throttling'];

export interface Lockout {
  /** Seconds until the caller may try again. */
  retryAfterSeconds: number;
  scope: 'account' | 'address';
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
const iso = (ms: number) => new Date(ms).toISOString();

export class LoginThrottle {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** The lockout in force for this email or address, if any (the longer of the two). */
  async lockout(address: string, email: string): Promise<Lockout | null> {
    const t = this.now();
    const rows: { key: string; until: string }[] = await this.db('login_lockouts')
      .whereIn('key', [accountKey(email), addressKey(address)])
      .where('until', '>', iso(t))
      .select('key', 'until');
    let worst: Lockout | null = null;
    for (const row of rows) {
      const seconds = Math.max(1, Math.ceil((Date.parse(row.until) - t) / 1000));
      if (!worst || seconds > worst.retryAfterSeconds) {
        worst = { retryAfterSeconds: seconds, scope: row.key.startsWith('account:') ? 'account' : 'address' };
      }
    }
    return worst;
  }

  /** Counts a failure; returns the lockouts it started (each is audited by the caller). */
  async recordFailure(address: string, email: string, policy: Throttling): Promise<Lockout[]> {
    const t = this.now();
    const account = email.trim().toLowerCase().slice(0, 254);
    return this.db.transaction(async (trx) => {
      await trx('login_failures').insert({ account, address, at: iso(t) });
      const started: Lockout[] = [];
      const checks = [
        { key: accountKey(account), column: 'account', value: account, max: policy.maxFailuresPerAccount, scope: 'account' as const },
        { key: addressKey(address), column: 'address', value: address, max: policy.maxFailuresPerAddress, scope: 'address' as const },
      ];
      for (const c of checks) {
        const previous: { until: string } | undefined = await trx('login_lockouts').where({ key: c.key }).first('until');
        if (previous && Date.parse(previous.until) > t) continue;
        const since = Math.max(t - policy.windowMinutes * 60_000, previous ? Date.parse(previous.until) : 0);
        const failures = await countSince(trx, c.column, c.value, iso(since));
        if (failures < c.max) continue;
        const until = iso(t + policy.lockoutMinutes * 60_000);
        await trx('login_lockouts')
          .insert({ key: c.key, locked_at: iso(t), until })
          .onConflict('key')
          .merge(['locked_at', 'until']);
        started.push({ retryAfterSeconds: policy.lockoutMinutes * 60, scope: c.scope });
      }
      return started;
    });
  }

  /** A successful sign-in: the email's failures no longer count. */
  async recordSuccess(email: string): Promise<void> {
    await this.db('login_failures').where({ account: email.trim().toLowerCase() }).delete();
  }
}

async function countSince(db: Db, column: string, value: string, since: string): Promise<number> {
  const row = await db('login_failures').where(column, value).where('at', '>=', since).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Rows the maintenance purge may delete: failures older than a day and lockouts that have ended. */
export async function purgeLoginThrottle(knex: Knex, now = Date.now()): Promise<number> {
  const failures = await knex('login_failures')
    .where('at', '<', iso(now - 24 * 3600_000))
    .delete();
  const lockouts = await knex('login_lockouts').where('until', '<', iso(now)).delete();
  return failures + lockouts;
}

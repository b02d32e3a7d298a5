import { ConnectorPermanentError, ConnectorRetryableError, type ConnectorHost } from '@formloom/plugin-api';
import { findCompany, type CompanyRow } from './companies.ts';
import { TokenGrantError, refreshTokens } from './oauth.ts';
import { loadAppKeys } from './settings.ts';

/**
 * A company's access token, refreshed before it runs out or after a 401. Intuit rotates refresh
 * tokens: the old one dies once used, so exactly one server may refresh at a time. The winner takes
 * a short lease by compare-and-set on (token_version, refresh_lease_until), refreshes, and stores the
 * new pair with token_version + 1; everyone else waits for the version to move and re-reads.
 */

type Host = Pick<ConnectorHost, 'knex' | 'env' | 'http' | 'trustedHttp' | 'publicUrl' | 'secrets' | 'log'>;

/** Refresh this long before the access token's end, so a call never starts with a dying token. */
export const REFRESH_MARGIN_MS = 2 * 60_000;
/** Longer than a token request can take (its timeout is 15 s); a crashed refresher's lease runs out. */
export const REFRESH_LEASE_MS = 30_000;
const WAIT_STEP_MS = 100;

export interface AccessToken {
  token: string;
  /** The token_version it belongs to: a 401 with it asks for a refresh past this version. */
  version: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function companyOrFail(host: Host, realmId: string): Promise<CompanyRow> {
  const row = await findCompany(host, realmId);
  if (!row)
    throw new ConnectorPermanentError(`The QuickBooks company ${realmId} is not connected any more. An admin must connect it again.`);
  if (row.problem) throw new ConnectorPermanentError(row.problem);
  return row;
}

/** A usable access token for the company; refreshes when it ends within the margin. */
export async function accessToken(host: Host, realmId: string, now = () => new Date()): Promise<AccessToken> {
  const row = await companyOrFail(host, realmId);
  if (Date.parse(row.access_expires_at) - now().getTime() > REFRESH_MARGIN_MS) {
    return { token: host.secrets.open(row.access_token_sealed), version: row.token_version };
  }
  return refreshAccessToken(host, realmId, row.token_version, now);
}

/**
 * A token newer than `staleVersion`: refreshed here, or by whoever holds the lease. Safe to call from
 * many places at once (two jobs seeing a 401 together make one refresh).
 */
export async function refreshAccessToken(host: Host, realmId: string, staleVersion: number, now = () => new Date()): Promise<AccessToken> {
  const deadline = now().getTime() + REFRESH_LEASE_MS + 5_000;
  for (;;) {
    const row = await companyOrFail(host, realmId);
    if (row.token_version !== staleVersion) return { token: host.secrets.open(row.access_token_sealed), version: row.token_version };

    const at = now();
    const claimed = await host
      .knex('quickbooks_companies')
      .where({ realm_id: realmId, token_version: staleVersion })
      .where((q) => q.whereNull('refresh_lease_until').orWhere('refresh_lease_until', '<', at.toISOString()))
      .update({ refresh_lease_until: new Date(at.getTime() + REFRESH_LEASE_MS).toISOString() });
    if (claimed === 1) return refreshHoldingLease(host, row, at);

    if (now().getTime() > deadline)
      throw new ConnectorRetryableError('Another server is still refreshing the QuickBooks token; trying again later.');
    await sleep(WAIT_STEP_MS);
  }
}

async function refreshHoldingLease(host: Host, row: CompanyRow, at: Date): Promise<AccessToken> {
  const release = () =>
    host
      .knex('quickbooks_companies')
      .where({ realm_id: row.realm_id, token_version: row.token_version })
      .update({ refresh_lease_until: null });
  const keys = await loadAppKeys(host);
  if (!keys) {
    await release();
    throw new ConnectorPermanentError('QuickBooks is not configured (no Client ID and Secret). An admin must set them up.');
  }
  let tokens;
  try {
    tokens = await refreshTokens(host, keys, host.secrets.open(row.refresh_token_sealed), at);
  } catch (err) {
    if (err instanceof TokenGrantError) {
      // The refresh token is dead for good: say so on the company, so the screen asks for a reconnect.
      await host
        .knex('quickbooks_companies')
        .where({ realm_id: row.realm_id, token_version: row.token_version })
        .update({ problem: err.message, refresh_lease_until: null, updated_at: at.toISOString() });
    } else {
      await release();
    }
    throw err;
  }
  // Compare-and-set: if an admin reconnected meanwhile (version moved), their tokens stay.
  const stored = await host
    .knex('quickbooks_companies')
    .where({ realm_id: row.realm_id, token_version: row.token_version })
    .update({
      access_token_sealed: host.secrets.seal(tokens.accessToken),
      access_expires_at: tokens.accessExpiresAt,
      refresh_token_sealed: host.secrets.seal(tokens.refreshToken),
      refresh_expires_at: tokens.refreshExpiresAt,
      token_version: row.token_version + 1,
      refresh_lease_until: null,
      updated_at: at.toISOString(),
    });
  if (stored !== 1) host.log.warn({ realmId: row.realm_id }, 'QuickBooks tokens changed during a refresh; keeping the newer ones');
  host.log.info({ realmId: row.realm_id, version: row.token_version + 1 }, 'QuickBooks access token refreshed');
  return { token: tokens.accessToken, version: row.token_version + 1 };
}

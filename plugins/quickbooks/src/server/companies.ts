import type { ConnectorHost } from '@formloom/plugin-api';
import type { QuickBooksCompany, QuickBooksEnvironment } from '../shared/index.ts';
import type { TokenSet } from './oauth.ts';

/** The connected companies (realms) and which one is active. Tokens are stored sealed. */

type Host = Pick<ConnectorHost, 'knex' | 'secrets'>;

export interface CompanyRow {
  realm_id: string;
  name: string;
  environment: QuickBooksEnvironment;
  access_token_sealed: string;
  access_expires_at: string;
  refresh_token_sealed: string;
  refresh_expires_at: string | null;
  token_version: number;
  refresh_lease_until: string | null;
  active: boolean | number;
  problem: string | null;
  connected_at: string;
  connected_by: string | null;
  updated_at: string;
}

export const findCompany = (host: Pick<ConnectorHost, 'knex'>, realmId: string): Promise<CompanyRow | undefined> =>
  host.knex('quickbooks_companies').where({ realm_id: realmId }).first();

export async function activeCompany(host: Pick<ConnectorHost, 'knex'>): Promise<CompanyRow | undefined> {
  return host.knex('quickbooks_companies').where({ active: true }).first();
}

export async function listCompanies(host: Pick<ConnectorHost, 'knex'>): Promise<QuickBooksCompany[]> {
  const rows: CompanyRow[] = await host.knex('quickbooks_companies').orderBy('connected_at');
  return rows.map((r) => ({
    realmId: r.realm_id,
    name: r.name,
    active: Boolean(r.active),
    connectedAt: r.connected_at,
    problem: r.problem,
  }));
}

/**
 * Stores a company's fresh tokens after a consent. A company connected again keeps its place; its
 * token_version moves on, so a refresh begun with the old tokens cannot overwrite the new ones.
 * The first company connected becomes the active one.
 */
export async function saveConnectedCompany(
  host: Host,
  input: { realmId: string; name: string; environment: QuickBooksEnvironment; tokens: TokenSet; userId: string },
  now: string,
): Promise<void> {
  await host.knex.transaction(async (trx) => {
    const anyActive = await trx('quickbooks_companies').where({ active: true }).first('realm_id');
    const existing: CompanyRow | undefined = await trx('quickbooks_companies').where({ realm_id: input.realmId }).first();
    const tokenColumns = {
      name: input.name,
      environment: input.environment,
      access_token_sealed: host.secrets.seal(input.tokens.accessToken),
      access_expires_at: input.tokens.accessExpiresAt,
      refresh_token_sealed: host.secrets.seal(input.tokens.refreshToken),
      refresh_expires_at: input.tokens.refreshExpiresAt,
      refresh_lease_until: null,
      problem: null,
      connected_by: input.userId,
      updated_at: now,
    };
    if (existing) {
      await trx('quickbooks_companies')
        .where({ realm_id: input.realmId })
        .update({ ...tokenColumns, token_version: existing.token_version + 1 });
    } else {
      await trx('quickbooks_companies').insert({
        realm_id: input.realmId,
        ...tokenColumns,
        token_version: 1,
        active: !anyActive,
        connected_at: now,
      });
    }
  });
}

/** Makes one connected company the active one; false when it is not connected. */
export async function selectCompany(host: Pick<ConnectorHost, 'knex'>, realmId: string, now: string): Promise<boolean> {
  return host.knex.transaction(async (trx) => {
    const found = await trx('quickbooks_companies').where({ realm_id: realmId }).first('realm_id');
    if (!found) return false;
    await trx('quickbooks_companies').whereNot({ realm_id: realmId }).where({ active: true }).update({ active: false, updated_at: now });
    await trx('quickbooks_companies').where({ realm_id: realmId }).update({ active: true, updated_at: now });
    return true;
  });
}

/** Forgets a company and its tokens; another company (the oldest) becomes active if this one was. */
export async function removeCompany(host: Pick<ConnectorHost, 'knex'>, realmId: string, now: string): Promise<boolean> {
  return host.knex.transaction(async (trx) => {
    const row: CompanyRow | undefined = await trx('quickbooks_companies').where({ realm_id: realmId }).first();
    if (!row) return false;
    await trx('quickbooks_companies').where({ realm_id: realmId }).delete();
    if (row.active) {
      const next = await trx('quickbooks_companies').orderBy('connected_at').first('realm_id');
      if (next) await trx('quickbooks_companies').where({ realm_id: next.realm_id }).update({ active: true, updated_at: now });
    }
    return true;
  });
}

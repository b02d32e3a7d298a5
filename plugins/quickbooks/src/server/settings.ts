import type { ConnectorHost } from '@formloom/plugin-api';
import type { QuickBooksEnvironment, QuickBooksSettingsInput } from '../shared/index.ts';
import { environmentFromEnv } from './config.ts';

type Host = Pick<ConnectorHost, 'knex' | 'env' | 'secrets'>;

export interface AppKeys {
  clientId: string;
  clientSecret: string;
  environment: QuickBooksEnvironment;
  /** FORMLOOM_QBO_CLIENT_ID/SECRET are set: they win over what an admin saved. */
  fromEnv: boolean;
}

const SETTINGS_ID = 'default';

/** What the connection screen shows when nothing is configured yet. */
export const DEFAULT_ENVIRONMENT: QuickBooksEnvironment = 'sandbox';

/** The Intuit app's keys in force, or null when there are none. */
export async function loadAppKeys(host: Host): Promise<AppKeys | null> {
  const envId = host.env.FORMLOOM_QBO_CLIENT_ID?.trim();
  const envSecret = host.env.FORMLOOM_QBO_CLIENT_SECRET?.trim();
  const row = await host.knex('quickbooks_settings').where({ id: SETTINGS_ID }).first();
  if (envId && envSecret) {
    return {
      clientId: envId,
      clientSecret: envSecret,
      environment: environmentFromEnv(host.env) ?? (row?.environment as QuickBooksEnvironment | undefined) ?? DEFAULT_ENVIRONMENT,
      fromEnv: true,
    };
  }
  if (!row) return null;
  return {
    clientId: row.client_id,
    clientSecret: host.secrets.open(row.client_secret_sealed),
    environment: row.environment as QuickBooksEnvironment,
    fromEnv: false,
  };
}

export async function saveSettings(host: Host, input: QuickBooksSettingsInput, now: string): Promise<void> {
  await host
    .knex('quickbooks_settings')
    .insert({
      id: SETTINGS_ID,
      client_id: input.clientId,
      client_secret_sealed: host.secrets.seal(input.clientSecret),
      environment: input.environment,
      updated_at: now,
    })
    .onConflict('id')
    .merge(['client_id', 'client_secret_sealed', 'environment', 'updated_at']);
}

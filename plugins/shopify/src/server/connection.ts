import { ConnectorPermanentError, type ConnectorHost } from '@formloom/plugin-api';
import { SHOPIFY_API_VERSION, type ShopifyConnection } from '../shared/index.ts';
import { ShopifyClient } from './client.ts';

/** The connected store (one per Formloom server), its token sealed with the server key. */

export interface StoredConnection {
  shopDomain: string;
  shopName: string;
  currencyCode: string;
  accessToken: string;
  connectedAt: string;
}

interface ConnectionRow {
  shop_domain: string;
  shop_name: string;
  currency_code: string;
  access_token_sealed: string;
  connected_at: string;
}

export async function loadConnection(host: Pick<ConnectorHost, 'knex' | 'secrets'>): Promise<StoredConnection | null> {
  const row: ConnectionRow | undefined = await host.knex('shopify_connection').where({ id: 'default' }).first();
  if (!row) return null;
  return {
    shopDomain: row.shop_domain,
    shopName: row.shop_name,
    currencyCode: row.currency_code,
    accessToken: host.secrets.open(row.access_token_sealed),
    connectedAt: row.connected_at,
  };
}

export function connectionView(conn: StoredConnection | null): ShopifyConnection {
  return {
    connected: conn !== null,
    shopDomain: conn?.shopDomain ?? null,
    shopName: conn?.shopName ?? null,
    currencyCode: conn?.currencyCode ?? null,
    apiVersion: SHOPIFY_API_VERSION,
    connectedAt: conn?.connectedAt ?? null,
  };
}

export async function saveConnection(host: Pick<ConnectorHost, 'knex' | 'secrets'>, conn: StoredConnection, userId: string): Promise<void> {
  await host
    .knex('shopify_connection')
    .insert({
      id: 'default',
      shop_domain: conn.shopDomain,
      shop_name: conn.shopName,
      currency_code: conn.currencyCode,
      access_token_sealed: host.secrets.seal(conn.accessToken),
      connected_by: userId,
      connected_at: conn.connectedAt,
    })
    .onConflict('id')
    .merge();
}

export async function deleteConnection(host: Pick<ConnectorHost, 'knex'>): Promise<boolean> {
  return (await host.knex('shopify_connection').where({ id: 'default' }).delete()) > 0;
}

/** The store's client for a job; a permanent error when no store is connected (nothing to retry until one is). */
export async function clientForJob(host: ConnectorHost): Promise<{ client: ShopifyClient; conn: StoredConnection }> {
  const conn = await loadConnection(host);
  if (!conn)
    throw new ConnectorPermanentError('No Shopify store is connected. An admin must connect it under Integrations → Shopify, then retry.');
  return { client: new ShopifyClient(host, conn), conn };
}

/** The admin page of a created order or draft order. */
export function adminUrl(shopDomain: string, kind: 'draft_order' | 'order', gid: string): string {
  const id = gid.split('/').pop();
  return `https://admin.shopify.com/store/${shopDomain.replace(/\.myshopify\.com$/, '')}/${kind === 'order' ? 'orders' : 'draft_orders'}/${id}`;
}

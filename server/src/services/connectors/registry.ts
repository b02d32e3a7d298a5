import type { ConnectorPlugin } from '@formloom/plugin-api';
import { quickbooksConnector } from '@formloom/plugin-quickbooks/server';
import { shopifyConnector } from '@formloom/plugin-shopify/server';

/** The connector plugins this server runs; their migrations run after the core ones. */
export const connectors: readonly ConnectorPlugin[] = [shopifyConnector, quickbooksConnector];

export function connectorById(id: string): ConnectorPlugin | undefined {
  return connectors.find((c) => c.id === id);
}

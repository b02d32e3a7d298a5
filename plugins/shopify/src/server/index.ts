import { defineConnector, installConnectorErrorHandler } from '@formloom/plugin-api';
import { connectionRoutes } from './connectionRoutes.ts';
import { mappingRoutes } from './mappingRoutes.ts';
import { shopifyMigrations } from './migrations.ts';
import { acceptsEvent, handleEvent, SHOPIFY_EVENTS } from './sync.ts';

/**
 * The Shopify connector: a custom app's Admin API token (pinned to 2025-09), forms mapped without
 * code to draft orders or orders (when submitted or approved), and stock movements to inventory
 * adjustments. See the package README.
 */
export const shopifyConnector = defineConnector({
  id: 'shopify',
  name: 'Shopify',
  version: '0.1.0',
  events: SHOPIFY_EVENTS,
  migrations: shopifyMigrations,
  accepts: acceptsEvent,
  handle: handleEvent,
  routes: async (app, host) => {
    installConnectorErrorHandler(app);
    connectionRoutes(app, host);
    mappingRoutes(app, host);
  },
});

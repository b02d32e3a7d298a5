import { defineConnector } from '@formloom/plugin-api';

/** PLACEHOLDER: the Shopify connector (orders/draft orders from forms, stock to inventoryAdjustQuantities). */
export const shopifyConnector = defineConnector({
  id: 'shopify',
  name: 'Shopify',
  version: '0.1.0',
  events: [],
  migrations: [],
  accepts: async () => false,
  handle: async () => undefined,
  routes: async () => undefined,
});

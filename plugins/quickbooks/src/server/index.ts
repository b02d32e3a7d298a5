import { defineConnector } from '@formloom/plugin-api';

/** PLACEHOLDER: the QuickBooks Online connector (purchase orders, bills, bill payments). */
export const quickbooksConnector = defineConnector({
  id: 'quickbooks',
  name: 'QuickBooks',
  version: '0.1.0',
  events: [],
  migrations: [],
  accepts: async () => false,
  handle: async () => undefined,
  routes: async () => undefined,
});

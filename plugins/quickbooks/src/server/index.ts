import { defineConnector, installConnectorErrorHandler } from '@formloom/plugin-api';
import { connectionRoutes } from './connectionRoutes.ts';
import { listRoutes } from './listRoutes.ts';
import { mappingRoutes } from './mappingRoutes.ts';
import { quickbooksMigrations } from './migrations.ts';
import { QUICKBOOKS_EVENTS, acceptsEvent, handleEvent } from './sync.ts';

/**
 * The QuickBooks Online connector: OAuth 2.0 connect (rotating refresh tokens), company selection,
 * and mappings without code: approved purchase requests → PurchaseOrder, payment requests → Bill,
 * and BillPayment once marked paid. See the package README.
 */
export const quickbooksConnector = defineConnector({
  id: 'quickbooks',
  name: 'QuickBooks',
  version: '0.1.0',
  events: QUICKBOOKS_EVENTS,
  migrations: quickbooksMigrations,
  accepts: acceptsEvent,
  handle: handleEvent,
  routes: async (app, host) => {
    installConnectorErrorHandler(app);
    connectionRoutes(app, host);
    listRoutes(app, host);
    mappingRoutes(app, host);
  },
});

/**
 * What the server part and the runtime's QuickBooks screens share: the zod models of the connection
 * and mapping API under /api/connectors/quickbooks (one source of truth for both sides).
 */
export const QUICKBOOKS_MINOR_VERSION = 75;

export * from './connection.ts';
export * from './lists.ts';
export * from './mappings.ts';

/**
 * What the server part and the runtime's Shopify screens share: the zod models of the connection
 * and mapping API under /api/connectors/shopify (one source of truth for both sides).
 */
export const SHOPIFY_API_VERSION = '2025-09';

export * from './connection.ts';
export * from './mappings.ts';

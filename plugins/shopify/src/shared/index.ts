/**
 * What the server part and the runtime's Shopify screens share: the zod models of the connection
 * and mapping API (one source of truth for both sides). Filled in by the Shopify connector's author.
 */
export const SHOPIFY_API_VERSION = '2025-09';

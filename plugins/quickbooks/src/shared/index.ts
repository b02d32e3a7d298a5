/**
 * What the server part and the runtime's QuickBooks screens share: the zod models of the connection
 * and mapping API (one source of truth for both sides). Filled in by the QuickBooks connector's author.
 */
export const QUICKBOOKS_MINOR_VERSION = 75;

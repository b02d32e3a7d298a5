import { z } from 'zod';

/** `<name>.myshopify.com`, lower case: the store's permanent domain (not a custom domain). */
export const SHOP_DOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/;

/** PUT /connection: a custom app's Admin API access token (`shpat_…`), stored sealed and never read back. */
export const ShopifyConnectInput = z.object({
  shopDomain: z.string().trim().max(100).regex(SHOP_DOMAIN_PATTERN, 'enter the store domain as <name>.myshopify.com, in lower case'),
  accessToken: z.string().trim().min(1, 'enter the Admin API access token of the custom app').max(500),
});
export type ShopifyConnectInput = z.infer<typeof ShopifyConnectInput>;

/** GET (and PUT) /connection. */
export const ShopifyConnection = z.object({
  connected: z.boolean(),
  shopDomain: z.string().nullable(),
  shopName: z.string().nullable(),
  /** The store's currency; custom-priced line items are sent in it (e.g. HKD). */
  currencyCode: z.string().nullable(),
  /** The Admin API version every request is pinned to (SHOPIFY_API_VERSION). */
  apiVersion: z.string(),
  connectedAt: z.string().nullable(),
});
export type ShopifyConnection = z.infer<typeof ShopifyConnection>;

/** GET /locations. */
export const ShopifyLocation = z.object({ id: z.string(), name: z.string(), isActive: z.boolean() });
export type ShopifyLocation = z.infer<typeof ShopifyLocation>;
export const ShopifyLocationList = z.object({ locations: z.array(ShopifyLocation) });
export type ShopifyLocationList = z.infer<typeof ShopifyLocationList>;

/** GET /variants?query=: product variants matching a title or SKU (Shopify's search syntax). */
export const ShopifyVariant = z.object({
  id: z.string(),
  title: z.string(),
  productTitle: z.string(),
  sku: z.string().nullable(),
  price: z.string(),
  /** For stock mappings: the item record's field holds this id. */
  inventoryItemId: z.string().nullable(),
});
export type ShopifyVariant = z.infer<typeof ShopifyVariant>;
export const ShopifyVariantList = z.object({ variants: z.array(ShopifyVariant) });
export type ShopifyVariantList = z.infer<typeof ShopifyVariantList>;

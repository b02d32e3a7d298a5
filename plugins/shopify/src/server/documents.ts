/**
 * The GraphQL documents the connector sends, all valid against the pinned 2025-09 schema (the
 * tests' fake validates every one against the published SDL).
 */

export const SHOP_QUERY = `query FormloomShop { shop { name currencyCode } }`;

export const LOCATIONS_QUERY = `query FormloomLocations { locations(first: 100) { nodes { id name isActive } } }`;

export const VARIANTS_QUERY = `query FormloomVariants($query: String) {
  productVariants(first: 25, query: $query) {
    nodes { id title sku price product { title } inventoryItem { id } }
  }
}`;

export const DRAFT_ORDER_CREATE = `mutation FormloomDraftOrderCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) {
    draftOrder { id name }
    userErrors { field message }
  }
}`;

export const ORDER_CREATE = `mutation FormloomOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { id name }
    userErrors { field message code }
  }
}`;

/** Finds what an uncertain earlier attempt may have created, by its `formloom-<key>` tag. */
export const DRAFT_ORDER_BY_TAG = `query FormloomDraftOrderByTag($query: String!) {
  draftOrders(first: 1, query: $query) { nodes { id name } }
}`;

export const ORDER_BY_TAG = `query FormloomOrderByTag($query: String!) {
  orders(first: 1, query: $query) { nodes { id name } }
}`;

export const INVENTORY_ADJUST = `mutation FormloomInventoryAdjust($input: InventoryAdjustQuantitiesInput!) {
  inventoryAdjustQuantities(input: $input) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri }
    userErrors { field message code }
  }
}`;

/**
 * From 2026-04 Shopify requires an idempotency key on inventory mutations, given as the
 * `@idempotent(key:)` directive. The pinned 2025-09 does not know the directive (a document with it
 * is invalid there), so it is added only when the pinned version is at least 2026-04.
 */
export function inventoryAdjustDocument(apiVersion: string): { query: string; keyed: boolean } {
  if (apiVersion < '2026-04') return { query: INVENTORY_ADJUST, keyed: false };
  return {
    query: INVENTORY_ADJUST.replace(
      '($input: InventoryAdjustQuantitiesInput!)',
      '($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!)',
    ).replace('inventoryAdjustQuantities(input: $input)', 'inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey)'),
    keyed: true,
  };
}

import type { ShopifyOrderMapping } from '../shared/index.ts';

type Json = Record<string, unknown>;

/**
 * A ready mapping for the sales order template (server/src/templates/salesOrder.ts): its lines are
 * custom items (description or SKU as the title, unit price, quantity) on a draft order made when the
 * order is submitted, shipped to its Hong Kong address. Offered by GET /mappings/:formId (not saved)
 * when the form has the template's fields.
 */
export const SALES_ORDER_MAPPING: ShopifyOrderMapping = {
  kind: 'draft_order',
  trigger: 'submitted',
  customer: { email: 'email', fullName: 'customerName', phone: 'phone' },
  lineItems: { table: 'lines', title: 'description', sku: 'sku', price: 'unitPrice', quantity: 'quantity' },
  shippingAddress: { address1: 'shipping.line1', address2: 'shipping.line2', city: 'shipping.district', countryCode: 'HK' },
  note: 'notes',
  tags: { fixed: ['formloom'] },
};

export function suggestedMapping(schema: Json | null): ShopifyOrderMapping | null {
  const p = schema && typeof schema.properties === 'object' && schema.properties !== null ? (schema.properties as Json) : {};
  const lines = p.lines as { items?: { properties?: Json } } | undefined;
  const cols = lines?.items?.properties ?? {};
  const looksLikeSalesOrder =
    ['customerName', 'email', 'shipping'].every((k) => k in p) && ['sku', 'quantity', 'unitPrice'].every((k) => k in cols);
  return looksLikeSalesOrder ? SALES_ORDER_MAPPING : null;
}

import { createHash } from 'node:crypto';

/** What the Shopify tests share: the route prefix, the idempotency key as the connector makes it, a sales order. */

export const SHOPIFY = '/api/connectors/shopify';

export const keyOf = (submissionId: string, kind: string) =>
  createHash('sha256').update(`formloom:${submissionId}:${kind}`).digest('hex').slice(0, 16);

export const salesOrderData = {
  customerName: 'Mary Chan',
  email: 'mary.chan@example.com',
  phone: '+852 9123 4567',
  lines: [
    { sku: 'TEA-0042', description: 'Lemon tea 250 g', quantity: 2, unitPrice: 48 },
    { sku: 'CUP-0001', quantity: 1, unitPrice: 120.5 },
  ],
  shipping: { line1: 'Flat A, 12/F, Harbour Building', line2: '38 Hoi Bun Road', district: 'Kwun Tong', region: 'kowloon' },
  notes: 'Leave at the door',
};

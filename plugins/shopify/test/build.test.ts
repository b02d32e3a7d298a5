import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConnectorPermanentError } from '@formloom/plugin-api';
import { ShopifyMappingTarget, type ShopifyOrderMapping } from '../src/shared/index.ts';
import { buildOrder, idempotencyKey, valueAt } from '../src/server/build.ts';
import { rememberBucket, waitForBucket } from '../src/server/client.ts';
import * as documents from '../src/server/documents.ts';
import { SALES_ORDER_MAPPING } from '../src/server/suggested.ts';

const SDL = fileURLToPath(new URL('../../../../shared/contracts/shopify-admin-2025-09-unstable.graphql', import.meta.url));
const schema = buildSchema(readFileSync(SDL, 'utf8'));

const custom: ShopifyOrderMapping = ShopifyMappingTarget.parse({
  kind: 'draft_order',
  trigger: 'submitted',
  lineItems: { table: 'lines', title: 'title', price: 'price', quantity: 'qty' },
  tags: { fixed: ['web'], field: 'labels' },
}) as ShopifyOrderMapping;

describe('documents', () => {
  it('are all valid against the pinned 2025-09 schema', () => {
    const texts = Object.entries(documents as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    expect(texts.length).toBeGreaterThanOrEqual(8);
    for (const [name, text] of texts)
      expect(
        validate(schema, parse(text)).map((e) => e.message),
        name,
      ).toEqual([]);
    expect(documents.inventoryAdjustDocument('2025-09')).toEqual({ query: documents.INVENTORY_ADJUST, keyed: false });
  });

  it('carry the @idempotent key from 2026-04, which 2025-09 would refuse', () => {
    const keyed = documents.inventoryAdjustDocument('2026-04');
    expect(keyed.keyed).toBe(true);
    expect(keyed.query).toContain('inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey)');
    expect(validate(schema, parse(keyed.query)).map((e) => e.message)).toContain('Unknown directive "@idempotent".');
  });
});

describe('buildOrder', () => {
  it('reads section fields, splits a full name, rounds money to cents and keeps the tag last', () => {
    expect(valueAt({ shipping: { line1: 'A' } }, 'shipping.line1')).toBe('A');
    expect(valueAt({ shipping: 'x' }, 'shipping.line1')).toBeUndefined();
    const built = buildOrder(
      SALES_ORDER_MAPPING,
      's1',
      { customerName: 'Chan Tai Man', lines: [{ sku: 'A-1', quantity: 3, unitPrice: 0.1 + 0.2 }], shipping: { line1: 'Flat 1' } },
      'HKD',
    );
    const input = built.variables.input as Record<string, any>;
    expect(input.shippingAddress).toEqual({ firstName: 'Chan Tai', lastName: 'Man', address1: 'Flat 1', countryCode: 'HK' });
    expect(input.lineItems).toEqual([
      { title: 'A-1', sku: 'A-1', originalUnitPriceWithCurrency: { amount: '0.30', currencyCode: 'HKD' }, quantity: 3 },
    ]);
    expect(input.tags).toEqual(['formloom', `formloom-${idempotencyKey('s1', 'draft_order')}`]);
    expect(built.key).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes tags from a field without commas or duplicates', () => {
    const built = buildOrder(custom, 's2', { lines: [{ title: 'T', price: 5, qty: 1 }], labels: ['vip', 'web', 'a,b'] }, 'HKD');
    expect((built.variables.input as any).tags).toEqual(['web', 'vip', 'a b', `formloom-${idempotencyKey('s2', 'draft_order')}`]);
  });

  it('names the line Shopify could not take', () => {
    const run = (lines: object[]) => () => buildOrder(custom, 's3', { lines }, 'HKD');
    expect(
      run([
        { title: 'T', price: 5, qty: 1 },
        { title: 'U', qty: 1 },
      ]),
    ).toThrow('Line 2 has neither a product variant nor a title and a price.');
    expect(run([{ title: 'T', price: 5, qty: 1.5 }])).toThrow(/Line 1: the quantity must be a whole number/);
    expect(run([])).toThrow(/no line items/);
    expect(run(Array.from({ length: 251 }, () => ({ title: 'T', price: 1, qty: 1 })))).toThrow(ConnectorPermanentError);
    expect(run(Array.from({ length: 250 }, () => ({ title: 'T', price: 1, qty: 1 })))).not.toThrow();
  });

  it('makes one line from the form itself when no sub-table is named, and orders in the shop currency', () => {
    const one = ShopifyMappingTarget.parse({
      kind: 'order',
      trigger: 'approved',
      customer: { email: 'email', firstName: 'first', lastName: 'last' },
      lineItems: { variantId: 'variant' },
    }) as ShopifyOrderMapping;
    const built = buildOrder(one, 's4', { email: 'a@b.hk', first: 'Ka', last: 'Chan', variant: 'gid://shopify/ProductVariant/1' }, 'USD');
    expect(built.mutation).toBe('orderCreate');
    expect(built.variables.order).toEqual({
      email: 'a@b.hk',
      tags: [`formloom-${idempotencyKey('s4', 'order')}`],
      currency: 'USD',
      customer: { toUpsert: { email: 'a@b.hk', firstName: 'Ka', lastName: 'Chan' } },
      lineItems: [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }],
    });
  });
});

describe('waitForBucket', () => {
  it('is zero for an unknown store and the refill time when the last report was short', () => {
    expect(waitForBucket('unknown.myshopify.com', 10)).toBe(0);
    const t = 1_700_000_000_000;
    rememberBucket('low.myshopify.com', { maximumAvailable: 100, currentlyAvailable: 2, restoreRate: 4 }, t);
    expect(waitForBucket('low.myshopify.com', 10, t)).toBe(2_000);
    expect(waitForBucket('low.myshopify.com', 10, t + 1_000)).toBe(1_000);
    expect(waitForBucket('low.myshopify.com', 10, t + 2_000)).toBe(0);
    // Never more than the bucket holds.
    expect(waitForBucket('low.myshopify.com', 10, t + 3_600_000)).toBe(0);
  });
});

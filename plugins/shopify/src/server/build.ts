import { createHash } from 'node:crypto';
import { ConnectorPermanentError } from '@formloom/plugin-api';
import type { ShopifyAddressMapping, ShopifyOrderKind, ShopifyOrderMapping } from '../shared/index.ts';

/**
 * Turns a submission's data into the exact variables of draftOrderCreate / orderCreate. Pure: the
 * preview route and the job build the same thing. Missing values are left out (Shopify fills its
 * defaults); what Shopify could never accept (a line without quantity, too many lines) is a
 * permanent error naming the line.
 */

type Data = Record<string, unknown>;

/** Shopify caps input arrays at 250 items. */
export const MAX_LINE_ITEMS = 250;

/** Per (submission, kind): the same on every attempt, and short enough for a tag (`formloom-` + 16). */
export function idempotencyKey(submissionId: string, kind: string): string {
  return createHash('sha256').update(`formloom:${submissionId}:${kind}`).digest('hex').slice(0, 16);
}

export const tagFor = (key: string) => `formloom-${key}`;

/** A field's value by `name` or `section.name`. */
export function valueAt(data: Data, path: string | undefined): unknown {
  if (!path) return undefined;
  const [head, tail] = path.split('.');
  const v = data[head!];
  if (tail === undefined) return v;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data)[tail] : undefined;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** Money as Shopify's Decimal string, from a number or a numeric string; undefined if it is not one. */
function decimal(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  return (Math.round(n * 100) / 100).toFixed(2);
}

function splitName(full: string): { firstName?: string; lastName?: string } {
  const at = full.lastIndexOf(' ');
  return at < 0 ? { lastName: full } : { firstName: full.slice(0, at).trim(), lastName: full.slice(at + 1).trim() };
}

const compact = <T extends Data>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function address(m: ShopifyAddressMapping | undefined, data: Data, names: { firstName?: string; lastName?: string }): Data | undefined {
  if (!m) return undefined;
  const out = compact({
    address1: text(valueAt(data, m.address1)),
    address2: text(valueAt(data, m.address2)),
    city: text(valueAt(data, m.city)),
    provinceCode: text(valueAt(data, m.provinceCode)),
    zip: text(valueAt(data, m.zip)),
    phone: text(valueAt(data, m.phone)),
    countryCode: text(valueAt(data, m.countryCodeField))?.toUpperCase() ?? m.countryCode,
  });
  if (!Object.keys(out).length) return undefined;
  return { ...compact(names), ...out };
}

interface Line {
  variantId?: string;
  title?: string;
  price?: string;
  sku?: string;
  quantity: number;
}

function lines(m: ShopifyOrderMapping, data: Data): Line[] {
  const l = m.lineItems;
  const rows: Data[] = l.table
    ? ((valueAt(data, l.table) as Data[] | undefined) ?? []).filter((r) => typeof r === 'object' && r !== null)
    : [data];
  if (rows.length > MAX_LINE_ITEMS) {
    throw new ConnectorPermanentError(
      `This submission has ${rows.length} line items; Shopify takes at most ${MAX_LINE_ITEMS} in one order. Split it into several submissions.`,
    );
  }
  if (!rows.length) throw new ConnectorPermanentError('The submission has no line items, and Shopify needs at least one.');
  return rows.map((row, i) => {
    const n = i + 1;
    const rawQty = l.quantity ? row[l.quantity] : 1;
    const quantity = typeof rawQty === 'number' ? rawQty : Number(rawQty);
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw new ConnectorPermanentError(
        `Line ${n}: the quantity must be a whole number of at least 1 (it is ${JSON.stringify(rawQty ?? null)}).`,
      );
    }
    const variantId = text(l.variantId ? row[l.variantId] : undefined);
    const line: Line = compact({
      variantId,
      // Without a title (the sales order's description is optional) the SKU names the line.
      title: variantId ? undefined : (text(l.title ? row[l.title] : undefined) ?? text(l.sku ? row[l.sku] : undefined)),
      price: variantId ? undefined : decimal(l.price ? row[l.price] : undefined),
      sku: variantId ? undefined : text(l.sku ? row[l.sku] : undefined),
      quantity,
    });
    if (!line.variantId && (!line.title || line.price === undefined)) {
      throw new ConnectorPermanentError(`Line ${n} has neither a product variant nor a title and a price.`);
    }
    return line;
  });
}

function tags(m: ShopifyOrderMapping, data: Data, key: string): string[] {
  const fromField = valueAt(data, m.tags.field);
  const picked = Array.isArray(fromField) ? fromField.map(text) : [text(fromField)];
  const all = [
    ...m.tags.fixed,
    ...picked.filter((t): t is string => t !== undefined).map((t) => t.replace(/,/g, ' ').slice(0, 40)),
    tagFor(key),
  ];
  return [...new Set(all)];
}

export interface BuiltOrder {
  mutation: 'draftOrderCreate' | 'orderCreate';
  variables: Data;
  key: string;
}

export function buildOrder(m: ShopifyOrderMapping, submissionId: string, data: Data, currencyCode: string): BuiltOrder {
  const key = idempotencyKey(submissionId, m.kind);
  const email = text(valueAt(data, m.customer.email));
  const full = text(valueAt(data, m.customer.fullName));
  const names = compact(
    full ? splitName(full) : { firstName: text(valueAt(data, m.customer.firstName)), lastName: text(valueAt(data, m.customer.lastName)) },
  );
  const phone = text(valueAt(data, m.customer.phone));
  const shippingAddress = address(m.shippingAddress, data, names);
  const note = text(valueAt(data, m.note));
  const items = lines(m, data);
  const tagList = tags(m, data, key);

  if (m.kind === 'draft_order') {
    const input = compact({
      email,
      phone,
      note,
      tags: tagList,
      shippingAddress,
      lineItems: items.map((l) =>
        compact({
          variantId: l.variantId,
          title: l.title,
          sku: l.sku,
          originalUnitPriceWithCurrency: l.price === undefined ? undefined : { amount: l.price, currencyCode },
          quantity: l.quantity,
        }),
      ),
    });
    return { mutation: 'draftOrderCreate', variables: { input }, key };
  }
  const customer =
    email || names.firstName || names.lastName
      ? { toUpsert: compact({ email, firstName: names.firstName, lastName: names.lastName }) }
      : undefined;
  const order = compact({
    email,
    phone,
    note,
    tags: tagList,
    currency: currencyCode,
    customer,
    shippingAddress,
    lineItems: items.map((l) =>
      compact({
        variantId: l.variantId,
        title: l.title,
        sku: l.sku,
        priceSet: l.price === undefined ? undefined : { shopMoney: { amount: l.price, currencyCode } },
        quantity: l.quantity,
      }),
    ),
  });
  return { mutation: 'orderCreate', variables: { order, options: { sendReceipt: false, sendFulfillmentReceipt: false } }, key };
}

export const orderKindLabel: Record<ShopifyOrderKind, string> = { draft_order: 'the draft order', order: 'the order' };

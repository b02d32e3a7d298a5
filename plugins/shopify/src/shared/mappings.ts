import { z } from 'zod';

/**
 * How a form reaches Shopify, set without code. A field is named by its property name, or
 * `section.field` for a field inside a section (the sales order's `shipping.line1`); a `column` is a
 * property name inside the line items' sub-table rows. PUT /mappings/:formId checks every name
 * against the form's latest published schema (422 invalid_mapping, `details` naming each field).
 */
const FieldName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^.]+(\.[^.]+)?$/, 'a field name, or section.field');

export const SHOPIFY_ORDER_KINDS = ['draft_order', 'order'] as const;
export const ShopifyOrderKind = z.enum(SHOPIFY_ORDER_KINDS);
export type ShopifyOrderKind = z.infer<typeof ShopifyOrderKind>;

/** `submitted`: when the submission is created; `approved`: when its approval flow approves it. */
export const ShopifyTrigger = z.enum(['submitted', 'approved']);
export type ShopifyTrigger = z.infer<typeof ShopifyTrigger>;

export const ShopifyCustomerMapping = z.object({
  email: FieldName.optional(),
  /** One field with the whole name (split at the last space), or first and last name fields. */
  fullName: FieldName.optional(),
  firstName: FieldName.optional(),
  lastName: FieldName.optional(),
  phone: FieldName.optional(),
});
export type ShopifyCustomerMapping = z.infer<typeof ShopifyCustomerMapping>;

/**
 * The line items: the rows of a sub-table (`table`), or the form's own fields as one line when
 * `table` is left out. Each line is a product variant (`variantId`: a gid://shopify/ProductVariant/…
 * value) or a custom item (`title` + `price`, sent in the store's currency). Without `quantity` a line is 1.
 */
export const ShopifyLineItemsMapping = z
  .object({
    table: FieldName.optional(),
    variantId: FieldName.optional(),
    title: FieldName.optional(),
    price: FieldName.optional(),
    sku: FieldName.optional(),
    quantity: FieldName.optional(),
  })
  .refine((l) => l.variantId !== undefined || (l.title !== undefined && l.price !== undefined), {
    message: 'choose the variant id column, or a title and a price column for custom items',
    path: ['variantId'],
  });
export type ShopifyLineItemsMapping = z.infer<typeof ShopifyLineItemsMapping>;

/** The shipping address (MailingAddressInput); `countryCode` is fixed (HK) or read from a field. */
export const ShopifyAddressMapping = z.object({
  address1: FieldName.optional(),
  address2: FieldName.optional(),
  city: FieldName.optional(),
  provinceCode: FieldName.optional(),
  zip: FieldName.optional(),
  phone: FieldName.optional(),
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as HK')
    .optional(),
  countryCodeField: FieldName.optional(),
});
export type ShopifyAddressMapping = z.infer<typeof ShopifyAddressMapping>;

const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,]+$/, 'a tag cannot hold a comma');

/** Form → draft order (draftOrderCreate) or order (orderCreate). Every order is tagged `formloom-<key>`. */
export const ShopifyOrderMapping = z.object({
  kind: ShopifyOrderKind,
  trigger: ShopifyTrigger,
  customer: ShopifyCustomerMapping.default({}),
  lineItems: ShopifyLineItemsMapping,
  shippingAddress: ShopifyAddressMapping.optional(),
  note: FieldName.optional(),
  tags: z.object({ fixed: z.array(Tag).max(20).default([]), field: FieldName.optional() }).default({ fixed: [] }),
});
export type ShopifyOrderMapping = z.infer<typeof ShopifyOrderMapping>;

/** Shopify's reasons for an `available` adjustment (inventoryAdjustQuantities `reason`). */
export const SHOPIFY_ADJUST_REASONS = ['correction', 'received', 'movement_created', 'restock', 'shrinkage', 'damaged', 'other'] as const;

/**
 * A stock movement form (ui:options.stockLedger) → inventoryAdjustQuantities on `available` for every
 * `stock.moved` event: each zone's delta at the zone's Shopify location. The item record keeps its
 * Shopify inventory item id (gid://shopify/InventoryItem/…) in `inventoryItemIdField`; items without
 * one are skipped (not every item is sold online), zones without a location too.
 */
export const ShopifyInventoryMapping = z.object({
  kind: z.literal('inventory'),
  inventoryItemIdField: FieldName,
  /** Zone (the zone record's id, or the zone value when zones are plain values) → Shopify location id. */
  locations: z.record(z.string().min(1).max(200), z.string().regex(/^gid:\/\/shopify\/Location\/\d+$/, 'a Shopify location id')),
  reason: z.enum(SHOPIFY_ADJUST_REASONS).default('correction'),
});
export type ShopifyInventoryMapping = z.infer<typeof ShopifyInventoryMapping>;

export const ShopifyMappingTarget = z.union([ShopifyOrderMapping, ShopifyInventoryMapping]);
export type ShopifyMappingTarget = z.infer<typeof ShopifyMappingTarget>;
export type ShopifyMappingTargetInput = z.input<typeof ShopifyMappingTarget>;

/** PUT /mappings/:formId. */
export const ShopifyMappingInput = z.object({ enabled: z.boolean().default(true), target: ShopifyMappingTarget });
export type ShopifyMappingInput = z.input<typeof ShopifyMappingInput>;

/** GET|PUT /mappings/:formId. `suggested`: GET answers a built-in mapping (not saved) for known templates. */
export const ShopifyMapping = z.object({
  formId: z.string(),
  formName: z.string(),
  enabled: z.boolean(),
  target: ShopifyMappingTarget,
  updatedAt: z.string().nullable(),
  suggested: z.boolean(),
});
export type ShopifyMapping = z.infer<typeof ShopifyMapping>;

export const ShopifyMappingSummary = z.object({
  formId: z.string(),
  formName: z.string(),
  enabled: z.boolean(),
  kind: z.enum(['draft_order', 'order', 'inventory']),
  trigger: z.enum(['submitted', 'approved', 'stock_moved']),
  updatedAt: z.string(),
});
export type ShopifyMappingSummary = z.infer<typeof ShopifyMappingSummary>;
export const ShopifyMappingList = z.object({ mappings: z.array(ShopifyMappingSummary) });
export type ShopifyMappingList = z.infer<typeof ShopifyMappingList>;

/** One problem of a mapping (422 invalid_mapping `details`): `path` into the PUT body, e.g. /target/lineItems/price. */
export const ShopifyMappingProblem = z.object({ path: z.string(), message: z.string() });
export type ShopifyMappingProblem = z.infer<typeof ShopifyMappingProblem>;

/** POST /mappings/:formId/preview body: an unsaved mapping (else the stored one), a submission (else the latest). */
export const ShopifyPreviewInput = z.object({
  target: ShopifyMappingTarget.optional(),
  submissionId: z.string().min(1).max(64).optional(),
});
export type ShopifyPreviewInput = z.input<typeof ShopifyPreviewInput>;

/** The mutation and exact variables that would be sent (nothing is sent). */
export const ShopifyPreview = z.object({
  submissionId: z.string(),
  mutation: z.enum(['draftOrderCreate', 'orderCreate', 'inventoryAdjustQuantities']),
  variables: z.record(z.string(), z.unknown()),
});
export type ShopifyPreview = z.infer<typeof ShopifyPreview>;

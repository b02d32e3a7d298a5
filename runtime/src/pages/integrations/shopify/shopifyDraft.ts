import type { ShopifyMapping, ShopifyMappingInput, ShopifyMappingTarget, SHOPIFY_ADJUST_REASONS } from '@formloom/plugin-shopify/shared';

type Reason = (typeof SHOPIFY_ADJUST_REASONS)[number];

/**
 * The mapping editor's state: the order settings and the inventory settings side by side, so switching
 * the target keeps what was picked; `toInput` sends the chosen one. Field names are stored as the
 * server reads them: `name`, or `section.name` for a field inside a section.
 */
export interface ShopifyDraft {
  enabled: boolean;
  kind: 'draft_order' | 'order' | 'inventory';
  trigger: 'submitted' | 'approved';
  email?: string;
  nameMode: 'full' | 'parts';
  fullName?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  /** Unset: the form's own fields are one line. */
  table?: string;
  lineMode: 'variant' | 'custom';
  variantId?: string;
  title?: string;
  price?: string;
  sku?: string;
  quantity?: string;
  shipTo: boolean;
  address1?: string;
  address2?: string;
  city?: string;
  provinceCode?: string;
  zip?: string;
  addressPhone?: string;
  countryMode: 'fixed' | 'field';
  countryCode: string;
  countryCodeField?: string;
  note?: string;
  /** Comma separated, as typed. */
  fixedTags: string;
  tagsField?: string;
  inventoryItemIdField?: string;
  locations: Record<string, string>;
  reason: Reason;
}

export const emptyDraft = (kind: ShopifyDraft['kind'] = 'draft_order'): ShopifyDraft => ({
  enabled: true,
  kind,
  trigger: 'submitted',
  nameMode: 'full',
  lineMode: 'custom',
  shipTo: false,
  countryMode: 'fixed',
  countryCode: 'HK',
  fixedTags: '',
  locations: {},
  reason: 'correction',
});

export function draftFromTarget(target: ShopifyMappingTarget, enabled: boolean): ShopifyDraft {
  const draft = emptyDraft(target.kind);
  draft.enabled = enabled;
  if (target.kind === 'inventory') {
    return { ...draft, inventoryItemIdField: target.inventoryItemIdField, locations: { ...target.locations }, reason: target.reason };
  }
  const { customer, lineItems: l, shippingAddress: a, tags } = target;
  Object.assign(draft, {
    trigger: target.trigger,
    email: customer.email,
    nameMode: customer.firstName || customer.lastName ? 'parts' : 'full',
    fullName: customer.fullName,
    firstName: customer.firstName,
    lastName: customer.lastName,
    phone: customer.phone,
    table: l.table,
    lineMode: l.variantId ? 'variant' : 'custom',
    variantId: l.variantId,
    title: l.title,
    price: l.price,
    sku: l.sku,
    quantity: l.quantity,
    note: target.note,
    fixedTags: tags.fixed.join(', '),
    tagsField: tags.field,
  });
  if (a) {
    Object.assign(draft, {
      shipTo: true,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      provinceCode: a.provinceCode,
      zip: a.zip,
      addressPhone: a.phone,
      countryMode: a.countryCodeField ? 'field' : 'fixed',
      countryCode: a.countryCode ?? 'HK',
      countryCodeField: a.countryCodeField,
    });
  }
  return draft;
}

export const draftFromMapping = (mapping: ShopifyMapping) => draftFromTarget(mapping.target, mapping.suggested ? true : mapping.enabled);

/** Drops unset keys so the body holds only what was chosen. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function toTarget(draft: ShopifyDraft): ShopifyMappingTarget {
  if (draft.kind === 'inventory') {
    return {
      kind: 'inventory',
      // An unpicked field goes as '' on purpose: the server names it at its field (422).
      inventoryItemIdField: draft.inventoryItemIdField ?? '',
      locations: Object.fromEntries(Object.entries(draft.locations).filter(([, id]) => id)),
      reason: draft.reason,
    };
  }
  const custom = draft.lineMode === 'custom';
  return {
    kind: draft.kind,
    trigger: draft.trigger,
    customer: defined({
      email: draft.email,
      fullName: draft.nameMode === 'full' ? draft.fullName : undefined,
      firstName: draft.nameMode === 'parts' ? draft.firstName : undefined,
      lastName: draft.nameMode === 'parts' ? draft.lastName : undefined,
      phone: draft.phone,
    }),
    lineItems: defined({
      table: draft.table,
      variantId: custom ? undefined : draft.variantId,
      title: custom ? draft.title : undefined,
      price: custom ? draft.price : undefined,
      sku: draft.sku,
      quantity: draft.quantity,
    }),
    shippingAddress: draft.shipTo
      ? defined({
          address1: draft.address1,
          address2: draft.address2,
          city: draft.city,
          provinceCode: draft.provinceCode,
          zip: draft.zip,
          phone: draft.addressPhone,
          countryCode: draft.countryMode === 'fixed' ? draft.countryCode.trim().toUpperCase() : undefined,
          countryCodeField: draft.countryMode === 'field' ? draft.countryCodeField : undefined,
        })
      : undefined,
    note: draft.note,
    tags: defined({
      fixed: draft.fixedTags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      field: draft.tagsField,
    }),
  };
}

export const toInput = (draft: ShopifyDraft): ShopifyMappingInput => ({ enabled: draft.enabled, target: toTarget(draft) });

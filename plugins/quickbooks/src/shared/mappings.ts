import { z } from 'zod';
import { QuickBooksRef } from './lists.ts';

/**
 * How a form becomes QuickBooks entities, set without code. Field names are the form's top-level
 * property names; `column`s are property names inside a sub-table's rows. PUT /mappings/:formId checks
 * every name against the form's latest published schema (422 invalid_mapping with details).
 */
const FieldName = z.string().trim().min(1).max(100);

/** The vendor: always the same one, or a form field whose text is matched to a vendor's name (case-insensitive). */
export const QuickBooksVendorSource = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), vendor: QuickBooksRef }),
  z.object({ mode: z.literal('field'), field: FieldName }),
]);
export type QuickBooksVendorSource = z.infer<typeof QuickBooksVendorSource>;

/** The item of an item-based purchase order line: fixed, or a column matched to an item's name. */
export const QuickBooksItemSource = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), item: QuickBooksRef }),
  z.object({ mode: z.literal('column'), column: FieldName }),
]);
export type QuickBooksItemSource = z.infer<typeof QuickBooksItemSource>;

/** Each purchase order line is item based (ItemRef, Qty, UnitPrice) or account based (AccountRef). */
export const QuickBooksLineDetail = z.discriminatedUnion('type', [
  z.object({ type: z.literal('item'), item: QuickBooksItemSource }),
  z.object({ type: z.literal('account'), account: QuickBooksRef }),
]);
export type QuickBooksLineDetail = z.infer<typeof QuickBooksLineDetail>;

/** Purchase request → PurchaseOrder, sent when the submission is approved. */
export const QuickBooksPurchaseOrderMapping = z.object({
  kind: z.literal('purchase_order'),
  vendor: QuickBooksVendorSource,
  /** The accounts payable account (APAccountRef). */
  apAccount: QuickBooksRef,
  lines: z.object({
    /** The sub-table holding the items. */
    field: FieldName,
    description: FieldName.optional(),
    quantity: FieldName,
    unitPrice: FieldName,
    detail: QuickBooksLineDetail,
  }),
  /** A date field → DueDate. */
  dueDate: FieldName.optional(),
  /** A text field → Memo (shown on the PO). */
  memo: FieldName.optional(),
});
export type QuickBooksPurchaseOrderMapping = z.infer<typeof QuickBooksPurchaseOrderMapping>;

/** When the bill is marked paid (a true checkbox), a BillPayment by cheque from this bank account. */
export const QuickBooksBillPaymentMapping = z.object({
  /** A boolean field Finance ticks. */
  paidField: FieldName,
  /** A date field → TxnDate of the payment (else the day it is sent). */
  paymentDateField: FieldName.optional(),
  bankAccount: QuickBooksRef,
});
export type QuickBooksBillPaymentMapping = z.infer<typeof QuickBooksBillPaymentMapping>;

/** Payment request → Bill when approved (and BillPayment when paid). */
export const QuickBooksBillMapping = z
  .object({
    kind: z.literal('bill'),
    vendor: QuickBooksVendorSource,
    /** The invoice number → DocNumber. */
    docNumber: FieldName.optional(),
    dueDate: FieldName.optional(),
    lines: z.object({
      field: FieldName,
      description: FieldName.optional(),
      amount: FieldName,
      /** A choice column (expense category); its option values map to expense accounts. */
      category: FieldName.optional(),
      categoryAccounts: z.record(z.string().max(200), QuickBooksRef).default({}),
      /** For lines whose category has no account (or when there is no category column). */
      defaultAccount: QuickBooksRef.optional(),
    }),
    payment: QuickBooksBillPaymentMapping.optional(),
  })
  .refine(
    (m) => m.lines.defaultAccount !== undefined || (m.lines.category !== undefined && Object.keys(m.lines.categoryAccounts).length > 0),
    {
      message: 'choose a default expense account, or map the expense categories to accounts',
      path: ['lines', 'defaultAccount'],
    },
  );
export type QuickBooksBillMapping = z.infer<typeof QuickBooksBillMapping>;

export const QuickBooksMappingTarget = z.discriminatedUnion('kind', [QuickBooksPurchaseOrderMapping, QuickBooksBillMapping]);
export type QuickBooksMappingTarget = z.infer<typeof QuickBooksMappingTarget>;

/** PUT /mappings/:formId. `realmId` defaults to the active company; refs belong to that company. */
export const QuickBooksMappingInput = z.object({
  enabled: z.boolean().default(true),
  realmId: z.string().min(1).max(64).optional(),
  target: QuickBooksMappingTarget,
});
export type QuickBooksMappingInput = z.input<typeof QuickBooksMappingInput>;

/** GET|PUT /mappings/:formId. */
export const QuickBooksMapping = z.object({
  formId: z.string(),
  formName: z.string(),
  realmId: z.string(),
  enabled: z.boolean(),
  target: QuickBooksMappingTarget,
  updatedAt: z.string(),
});
export type QuickBooksMapping = z.infer<typeof QuickBooksMapping>;

/** GET /mappings: the mapped forms the caller may manage. */
export const QuickBooksMappingSummary = z.object({
  formId: z.string(),
  formName: z.string(),
  realmId: z.string(),
  enabled: z.boolean(),
  kind: z.enum(['purchase_order', 'bill']),
  updatedAt: z.string(),
});
export type QuickBooksMappingSummary = z.infer<typeof QuickBooksMappingSummary>;
export const QuickBooksMappingList = z.object({ mappings: z.array(QuickBooksMappingSummary) });
export type QuickBooksMappingList = z.infer<typeof QuickBooksMappingList>;

/** One problem of a mapping (422 invalid_mapping `details`): `path` into the mapping, e.g. /target/lines/amount. */
export const QuickBooksMappingProblem = z.object({ path: z.string(), message: z.string() });
export type QuickBooksMappingProblem = z.infer<typeof QuickBooksMappingProblem>;

/**
 * POST /mappings/:formId/preview: what would be sent for the form's latest submission (nothing is sent).
 * `payment` is the BillPayment, shown once the submission's bill exists in QuickBooks and it is marked paid.
 */
export const QuickBooksPreview = z.object({
  submissionId: z.string(),
  entity: z.enum(['PurchaseOrder', 'Bill']),
  body: z.record(z.string(), z.unknown()),
  payment: z.record(z.string(), z.unknown()).nullable(),
});
export type QuickBooksPreview = z.infer<typeof QuickBooksPreview>;

import type { QuickBooksMapping, QuickBooksMappingInput, QuickBooksRef } from '@formloom/plugin-quickbooks/shared';

/**
 * The mapping editor's state: every setting of both kinds at once, so switching Purchase order ↔ Bill
 * keeps what was picked; `toInput` keeps the ones the chosen kind uses.
 */
export interface QuickBooksDraft {
  enabled: boolean;
  kind: 'purchase_order' | 'bill';
  vendorMode: 'fixed' | 'field';
  vendor?: QuickBooksRef;
  vendorField?: string;
  apAccount?: QuickBooksRef;
  linesField?: string;
  description?: string;
  quantity?: string;
  unitPrice?: string;
  amount?: string;
  detailType: 'item' | 'account';
  itemMode: 'fixed' | 'column';
  item?: QuickBooksRef;
  itemColumn?: string;
  lineAccount?: QuickBooksRef;
  category?: string;
  categoryAccounts: Record<string, QuickBooksRef>;
  defaultAccount?: QuickBooksRef;
  dueDate?: string;
  memo?: string;
  docNumber?: string;
  payWhenPaid: boolean;
  paidField?: string;
  paymentDateField?: string;
  bankAccount?: QuickBooksRef;
}

export const emptyDraft = (): QuickBooksDraft => ({
  enabled: true,
  kind: 'purchase_order',
  vendorMode: 'field',
  detailType: 'item',
  itemMode: 'column',
  categoryAccounts: {},
  payWhenPaid: false,
});

export function draftFromMapping(mapping: QuickBooksMapping): QuickBooksDraft {
  const draft = emptyDraft();
  const target = mapping.target;
  draft.enabled = mapping.enabled;
  draft.kind = target.kind;
  if (target.vendor.mode === 'fixed') Object.assign(draft, { vendorMode: 'fixed', vendor: target.vendor.vendor });
  else Object.assign(draft, { vendorMode: 'field', vendorField: target.vendor.field });
  draft.dueDate = target.dueDate;
  draft.linesField = target.lines.field;
  draft.description = target.lines.description;
  if (target.kind === 'purchase_order') {
    draft.apAccount = target.apAccount;
    draft.memo = target.memo;
    draft.quantity = target.lines.quantity;
    draft.unitPrice = target.lines.unitPrice;
    const detail = target.lines.detail;
    if (detail.type === 'account') Object.assign(draft, { detailType: 'account', lineAccount: detail.account });
    else if (detail.item.mode === 'fixed') Object.assign(draft, { detailType: 'item', itemMode: 'fixed', item: detail.item.item });
    else Object.assign(draft, { detailType: 'item', itemMode: 'column', itemColumn: detail.item.column });
  } else {
    draft.docNumber = target.docNumber;
    draft.amount = target.lines.amount;
    draft.category = target.lines.category;
    draft.categoryAccounts = { ...target.lines.categoryAccounts };
    draft.defaultAccount = target.lines.defaultAccount;
    if (target.payment) {
      draft.payWhenPaid = true;
      draft.paidField = target.payment.paidField;
      draft.paymentDateField = target.payment.paymentDateField;
      draft.bankAccount = target.payment.bankAccount;
    }
  }
  return draft;
}

/**
 * What PUT /mappings/:formId gets. Unpicked required settings go as empty strings / missing refs on
 * purpose: the server's check names each one at its field (422), the one place the rules live.
 */
export function toInput(draft: QuickBooksDraft): QuickBooksMappingInput {
  const vendor =
    draft.vendorMode === 'fixed'
      ? { mode: 'fixed' as const, vendor: draft.vendor ?? { value: '' } }
      : { mode: 'field' as const, field: draft.vendorField ?? '' };
  if (draft.kind === 'purchase_order') {
    const detail =
      draft.detailType === 'account'
        ? { type: 'account' as const, account: draft.lineAccount ?? { value: '' } }
        : {
            type: 'item' as const,
            item:
              draft.itemMode === 'fixed'
                ? { mode: 'fixed' as const, item: draft.item ?? { value: '' } }
                : { mode: 'column' as const, column: draft.itemColumn ?? '' },
          };
    return {
      enabled: draft.enabled,
      target: {
        kind: 'purchase_order',
        vendor,
        apAccount: draft.apAccount ?? { value: '' },
        lines: {
          field: draft.linesField ?? '',
          description: draft.description,
          quantity: draft.quantity ?? '',
          unitPrice: draft.unitPrice ?? '',
          detail,
        },
        dueDate: draft.dueDate,
        memo: draft.memo,
      },
    };
  }
  return {
    enabled: draft.enabled,
    target: {
      kind: 'bill',
      vendor,
      docNumber: draft.docNumber,
      dueDate: draft.dueDate,
      lines: {
        field: draft.linesField ?? '',
        description: draft.description,
        amount: draft.amount ?? '',
        category: draft.category,
        // Only the options a category column has: a stale entry from another column is not sent.
        categoryAccounts: draft.category ? draft.categoryAccounts : {},
        defaultAccount: draft.defaultAccount,
      },
      payment: draft.payWhenPaid
        ? { paidField: draft.paidField ?? '', paymentDateField: draft.paymentDateField, bankAccount: draft.bankAccount ?? { value: '' } }
        : undefined,
    },
  };
}

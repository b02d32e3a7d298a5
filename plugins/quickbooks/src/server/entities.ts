import { createHash } from 'node:crypto';
import { ConnectorPermanentError } from '@formloom/plugin-api';
import type {
  QuickBooksBillMapping,
  QuickBooksItemSource,
  QuickBooksPurchaseOrderMapping,
  QuickBooksRef,
  QuickBooksVendorSource,
} from '../shared/index.ts';
import { centsToAmount, lineCents, sumCents, toCents } from './money.ts';

/**
 * Builds the QuickBooks entities (PurchaseOrder, Bill, BillPayment) from a submission's data and its
 * form's mapping. Names typed in the form (a vendor, an item) are matched through `lookups`; amounts
 * are worked out in integer cents. Data that cannot make a valid entity is a permanent error people
 * can act on (fix the submission or the mapping), never a half-filled request.
 */

type Json = Record<string, unknown>;

export interface NameLookups {
  vendor(name: string): Promise<QuickBooksRef>;
  item(name: string): Promise<QuickBooksRef>;
}

export type EntityKind = 'purchase_order' | 'bill' | 'bill_payment';

/** The same request id for the same (submission, kind) on every attempt: QuickBooks returns the first result. */
export function requestIdFor(submissionId: string, kind: EntityKind): string {
  return createHash('sha256').update(`formloom:${submissionId}:${kind}`).digest('hex').slice(0, 36);
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const date = (v: unknown): string | undefined => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const ref = (r: QuickBooksRef) => (r.name ? { value: r.value, name: r.name } : { value: r.value });

function rowsOf(data: Json, field: string): Json[] {
  const rows = data[field];
  if (!Array.isArray(rows) || rows.length === 0) throw new ConnectorPermanentError(`The submission has no lines in "${field}".`);
  return rows.map((r) => (r && typeof r === 'object' ? (r as Json) : {}));
}

async function vendorRef(source: QuickBooksVendorSource, data: Json, lookups: NameLookups) {
  if (source.mode === 'fixed') return ref(source.vendor);
  const name = text(data[source.field]);
  if (!name) throw new ConnectorPermanentError(`The submission names no vendor in "${source.field}".`);
  return lookups.vendor(name);
}

async function itemRef(source: QuickBooksItemSource, row: Json, line: number, lookups: NameLookups) {
  if (source.mode === 'fixed') return ref(source.item);
  const name = text(row[source.column]);
  if (!name) throw new ConnectorPermanentError(`Line ${line} names no item in "${source.column}".`);
  return lookups.item(name);
}

function memoNote(submissionId: string): string {
  return `Formloom submission ${submissionId}`;
}

export async function buildPurchaseOrder(mapping: QuickBooksPurchaseOrderMapping, submissionId: string, data: Json, lookups: NameLookups) {
  const rows = rowsOf(data, mapping.lines.field);
  const Line = [];
  for (const [i, row] of rows.entries()) {
    const quantity = row[mapping.lines.quantity];
    const unitPrice = row[mapping.lines.unitPrice];
    const cents = lineCents(quantity, unitPrice);
    if (cents === null || cents < 0n) {
      throw new ConnectorPermanentError(
        `Line ${i + 1}: "${mapping.lines.quantity}" and "${mapping.lines.unitPrice}" must be numbers of at least 0.`,
      );
    }
    const description = mapping.lines.description ? text(row[mapping.lines.description]) : undefined;
    const detail = mapping.lines.detail;
    Line.push({
      Amount: centsToAmount(cents),
      ...(description ? { Description: description } : {}),
      ...(detail.type === 'item'
        ? {
            DetailType: 'ItemBasedExpenseLineDetail',
            ItemBasedExpenseLineDetail: {
              ItemRef: await itemRef(detail.item, row, i + 1, lookups),
              Qty: Number(quantity),
              UnitPrice: Number(unitPrice),
            },
          }
        : { DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: ref(detail.account) } }),
    });
  }
  const dueDate = mapping.dueDate ? date(data[mapping.dueDate]) : undefined;
  const memo = mapping.memo ? text(data[mapping.memo]) : undefined;
  return {
    VendorRef: await vendorRef(mapping.vendor, data, lookups),
    APAccountRef: ref(mapping.apAccount),
    Line,
    ...(dueDate ? { DueDate: dueDate } : {}),
    ...(memo ? { Memo: memo.slice(0, 4000) } : {}),
    PrivateNote: memoNote(submissionId),
  };
}

export async function buildBill(mapping: QuickBooksBillMapping, submissionId: string, data: Json, lookups: NameLookups) {
  const rows = rowsOf(data, mapping.lines.field);
  const Line = rows.map((row, i) => {
    const cents = toCents(row[mapping.lines.amount]);
    if (cents === null || cents < 0n)
      throw new ConnectorPermanentError(`Line ${i + 1}: "${mapping.lines.amount}" must be an amount of at least 0.`);
    const category = mapping.lines.category ? text(row[mapping.lines.category]) : undefined;
    const account = (category !== undefined ? mapping.lines.categoryAccounts[category] : undefined) ?? mapping.lines.defaultAccount;
    if (!account)
      throw new ConnectorPermanentError(
        `Line ${i + 1}: the expense category "${category ?? ''}" has no QuickBooks account in the mapping.`,
      );
    const description = mapping.lines.description ? text(row[mapping.lines.description]) : undefined;
    return {
      cents,
      line: {
        Amount: centsToAmount(cents),
        ...(description ? { Description: description } : {}),
        DetailType: 'AccountBasedExpenseLineDetail',
        AccountBasedExpenseLineDetail: { AccountRef: ref(account) },
      },
    };
  });
  const docNumber = mapping.docNumber ? text(data[mapping.docNumber]) : undefined;
  const dueDate = mapping.dueDate ? date(data[mapping.dueDate]) : undefined;
  return {
    body: {
      VendorRef: await vendorRef(mapping.vendor, data, lookups),
      Line: Line.map((l) => l.line),
      ...(docNumber ? { DocNumber: docNumber } : {}),
      ...(dueDate ? { DueDate: dueDate } : {}),
      PrivateNote: memoNote(submissionId),
    },
    totalCents: sumCents(Line.map((l) => l.cents)),
  };
}

/**
 * Pays what is still open on the bill as QuickBooks has it (its Balance, else TotalAmt), from the
 * mapped bank account by cheque, linked to the bill.
 */
export function buildBillPayment(
  payment: NonNullable<QuickBooksBillMapping['payment']>,
  submissionId: string,
  data: Json,
  bill: { id: string; vendorRef: QuickBooksRef; openCents: bigint },
) {
  const amount = centsToAmount(bill.openCents);
  const txnDate = payment.paymentDateField ? date(data[payment.paymentDateField]) : undefined;
  return {
    VendorRef: ref(bill.vendorRef),
    TotalAmt: amount,
    PayType: 'Check',
    CheckPayment: { BankAccountRef: ref(payment.bankAccount) },
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: bill.id, TxnType: 'Bill' }] }],
    ...(txnDate ? { TxnDate: txnDate } : {}),
    PrivateNote: memoNote(submissionId),
  };
}

/** Whether the mapped "paid" box is ticked (a checkbox or yes/no field). */
export function isMarkedPaid(mapping: QuickBooksBillMapping, data: Json): boolean {
  return mapping.payment !== undefined && data[mapping.payment.paidField] === true;
}

import {
  ConnectorPermanentError,
  type ConnectorHost,
  type ConnectorResult,
  type ConnectorSubmission,
  type ExternalRef,
} from '@formloom/plugin-api';
import type { DomainEvent, DomainEventType } from '@formloom/schemas';
import type { QuickBooksBillMapping, QuickBooksPurchaseOrderMapping, QuickBooksRef } from '../shared/index.ts';
import { QuickBooksClient, queryString } from './client.ts';
import { findCompany } from './companies.ts';
import { appLink } from './config.ts';
import { buildBill, buildBillPayment, buildPurchaseOrder, isMarkedPaid, requestIdFor, type NameLookups } from './entities.ts';
import { cachedMapping, findMapping, type StoredMapping } from './mappings.ts';
import { toCents } from './money.ts';

/**
 * What the connector does with an event: an approved purchase request becomes a PurchaseOrder, an
 * approved payment request a Bill, and a bill marked paid a BillPayment linked to it. Each entity is
 * made once per submission: its external ref is looked at first, and the request id is the same on
 * every attempt, so a retry after a crash between "created" and "ref stored" gets the first result.
 */

export const QUICKBOOKS_EVENTS: readonly DomainEventType[] = ['submission.status_changed', 'submission.updated'];

export async function acceptsEvent(event: DomainEvent, host: Pick<ConnectorHost, 'knex'>): Promise<boolean> {
  if (!event.formId) return false;
  if (event.type === 'submission.status_changed' && event.payload.to !== 'approved') return false;
  if (event.type !== 'submission.status_changed' && event.type !== 'submission.updated') return false;
  const mapping = await cachedMapping(host, event.formId);
  if (!mapping?.enabled) return false;
  return event.type === 'submission.status_changed' || (mapping.target.kind === 'bill' && mapping.target.payment !== undefined);
}

type Host = ConnectorHost;

/** Vendor and item names matched to the company's records (QuickBooks compares names case-insensitively). */
export function nameLookups(client: QuickBooksClient): NameLookups {
  const find = async (entity: 'Vendor' | 'Item', column: string, name: string, what: string): Promise<QuickBooksRef> => {
    const rows = await client.query(entity, `select * from ${entity} where ${column} = ${queryString(name)}`);
    const row = rows[0];
    if (!row || typeof row.Id !== 'string') {
      throw new ConnectorPermanentError(
        `QuickBooks has no ${what} named "${name}". Add it in QuickBooks (or correct the name on the submission), then retry.`,
      );
    }
    return { value: row.Id, name: String(row[column] ?? name) };
  };
  return {
    vendor: (name) => find('Vendor', 'DisplayName', name, 'vendor'),
    item: (name) => find('Item', 'Name', name, 'item'),
  };
}

interface Context {
  host: Host;
  client: QuickBooksClient;
  submission: ConnectorSubmission;
  refs: ExternalRef[];
  environment: 'sandbox' | 'production';
}

async function createPurchaseOrder(ctx: Context, mapping: QuickBooksPurchaseOrderMapping) {
  const existing = ctx.refs.find((r) => r.kind === 'purchase_order');
  if (existing) return { purchaseOrderId: existing.externalId, existed: true };
  const body = await buildPurchaseOrder(mapping, ctx.submission.id, ctx.submission.data, nameLookups(ctx.client));
  const res = await ctx.client.create('PurchaseOrder', body, requestIdFor(ctx.submission.id, 'purchase_order'), 'the purchase order');
  const po = res.PurchaseOrder as { Id: string; DocNumber?: string };
  await ctx.host.submissions.setExternalRef({
    submissionId: ctx.submission.id,
    kind: 'purchase_order',
    externalId: po.Id,
    label: `PO ${po.DocNumber ?? po.Id}`,
    url: appLink(ctx.environment, 'purchaseorder', po.Id),
  });
  return { purchaseOrderId: po.Id, docNumber: po.DocNumber ?? null };
}

async function createBill(ctx: Context, mapping: QuickBooksBillMapping): Promise<string> {
  const existing = ctx.refs.find((r) => r.kind === 'bill');
  if (existing) return existing.externalId;
  const { body } = await buildBill(mapping, ctx.submission.id, ctx.submission.data, nameLookups(ctx.client));
  const res = await ctx.client.create('Bill', body, requestIdFor(ctx.submission.id, 'bill'), 'the bill');
  const bill = res.Bill as { Id: string; DocNumber?: string };
  const ref = {
    submissionId: ctx.submission.id,
    kind: 'bill',
    externalId: bill.Id,
    label: `Bill ${bill.DocNumber ?? bill.Id}`,
    url: appLink(ctx.environment, 'bill', bill.Id),
  };
  await ctx.host.submissions.setExternalRef(ref);
  ctx.refs.push(ref);
  return bill.Id;
}

async function payBill(ctx: Context, mapping: QuickBooksBillMapping, billId: string) {
  const existing = ctx.refs.find((r) => r.kind === 'bill_payment');
  if (existing) return { billPaymentId: existing.externalId, existed: true };
  const read = await ctx.client.read('Bill', billId, 'a read of the bill');
  const bill = read.Bill as { Id: string; VendorRef: QuickBooksRef; TotalAmt?: number; Balance?: number } | undefined;
  if (!bill) throw new ConnectorPermanentError(`QuickBooks has no bill ${billId} any more (deleted there?), so it cannot be paid.`);
  const openCents = toCents(bill.Balance ?? bill.TotalAmt) ?? 0n;
  if (openCents <= 0n) return { billPaymentId: null, alreadyPaidInQuickBooks: true };
  const body = buildBillPayment(mapping.payment!, ctx.submission.id, ctx.submission.data, {
    id: bill.Id,
    vendorRef: bill.VendorRef,
    openCents,
  });
  const res = await ctx.client.create('BillPayment', body, requestIdFor(ctx.submission.id, 'bill_payment'), 'the bill payment');
  const payment = res.BillPayment as { Id: string; DocNumber?: string };
  await ctx.host.submissions.setExternalRef({
    submissionId: ctx.submission.id,
    kind: 'bill_payment',
    externalId: payment.Id,
    label: `Payment ${payment.DocNumber ?? payment.Id}`,
    url: appLink(ctx.environment, 'billpayment', payment.Id),
  });
  return { billPaymentId: payment.Id };
}

async function contextFor(host: Host, mapping: StoredMapping, submission: ConnectorSubmission): Promise<Context> {
  const company = await findCompany(host, mapping.realmId);
  if (!company) {
    throw new ConnectorPermanentError(
      `The form is mapped to QuickBooks company ${mapping.realmId}, which is not connected. Connect it or change the mapping.`,
    );
  }
  const target = { realmId: company.realm_id, environment: company.environment };
  return {
    host,
    client: new QuickBooksClient(host, target),
    submission,
    refs: await host.submissions.externalRefs(submission.id),
    environment: company.environment,
  };
}

export async function handleEvent(event: DomainEvent, host: Host): Promise<ConnectorResult> {
  const payload = event.payload as { submissionId?: string };
  const submission = payload.submissionId ? await host.submissions.get(payload.submissionId) : null;
  if (!submission || submission.deletedAt) return { result: { skipped: 'the submission is gone' } };
  const mapping = await findMapping(host, submission.formId);
  if (!mapping?.enabled) return { result: { skipped: 'the form is not mapped to QuickBooks' } };
  const target = mapping.target;

  if (event.type === 'submission.status_changed') {
    if (event.payload.to !== 'approved') return { result: { skipped: 'not an approval' } };
    const ctx = await contextFor(host, mapping, submission);
    if (target.kind === 'purchase_order') return { result: await createPurchaseOrder(ctx, target) };
    const billId = await createBill(ctx, target);
    // Finance may tick "paid" while approving: then the payment goes with the bill.
    const payment = isMarkedPaid(target, submission.data) ? await payBill(ctx, target, billId) : null;
    return { result: { billId, ...(payment ?? {}) } };
  }

  if (event.type === 'submission.updated' && target.kind === 'bill') {
    if (!isMarkedPaid(target, submission.data)) return { result: { skipped: 'not marked paid' } };
    const ctx = await contextFor(host, mapping, submission);
    const bill = ctx.refs.find((r) => r.kind === 'bill');
    if (!bill) return { result: { skipped: 'no bill yet: the payment is sent with the bill when the request is approved' } };
    return { result: { billId: bill.externalId, ...(await payBill(ctx, target, bill.externalId)) } };
  }
  return { result: { skipped: `nothing to do for ${event.type}` } };
}

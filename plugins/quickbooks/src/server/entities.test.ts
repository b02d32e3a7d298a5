import { describe, expect, it } from 'vitest';
import { ConnectorPermanentError } from '@formloom/plugin-api';
import { QuickBooksBillMapping, QuickBooksPurchaseOrderMapping } from '../shared/index.ts';
import { buildBill, buildBillPayment, buildPurchaseOrder, requestIdFor, type NameLookups } from './entities.ts';

const lookups: NameLookups = {
  vendor: async (name) => {
    if (name.toLowerCase() !== 'acme ltd') throw new ConnectorPermanentError(`QuickBooks has no vendor named "${name}".`);
    return { value: '7', name: 'Acme Ltd' };
  },
  item: async (name) => ({ value: `item-${name}`, name }),
};

describe('QuickBooks entities from submissions', () => {
  it('request ids are stable per submission and kind, and differ between kinds', () => {
    expect(requestIdFor('s1', 'bill')).toBe(requestIdFor('s1', 'bill'));
    expect(requestIdFor('s1', 'bill')).not.toBe(requestIdFor('s1', 'bill_payment'));
    expect(requestIdFor('s1', 'bill')).not.toBe(requestIdFor('s2', 'bill'));
    expect(requestIdFor('s1', 'bill').length).toBeLessThanOrEqual(50);
  });

  it('builds item-based purchase order lines with Qty, UnitPrice and an exact Amount', async () => {
    const mapping = QuickBooksPurchaseOrderMapping.parse({
      kind: 'purchase_order',
      vendor: { mode: 'fixed', vendor: { value: '7', name: 'Acme Ltd' } },
      apAccount: { value: '33' },
      lines: {
        field: 'rows',
        quantity: 'q',
        unitPrice: 'p',
        description: 'd',
        detail: { type: 'item', item: { mode: 'column', column: 'd' } },
      },
    });
    const po = await buildPurchaseOrder(mapping, 's1', { rows: [{ d: 'Pens', q: 3, p: 0.1 }] }, lookups);
    expect(po).toEqual({
      VendorRef: { value: '7', name: 'Acme Ltd' },
      APAccountRef: { value: '33' },
      Line: [
        {
          Amount: 0.3,
          Description: 'Pens',
          DetailType: 'ItemBasedExpenseLineDetail',
          ItemBasedExpenseLineDetail: { ItemRef: { value: 'item-Pens', name: 'Pens' }, Qty: 3, UnitPrice: 0.1 },
        },
      ],
      PrivateNote: 'Formloom submission s1',
    });
    await expect(buildPurchaseOrder(mapping, 's1', { rows: [] }, lookups)).rejects.toThrow('The submission has no lines in "rows".');
    await expect(buildPurchaseOrder(mapping, 's1', { rows: [{ d: 'x', q: 'two', p: 1 }] }, lookups)).rejects.toThrow(
      /Line 1: "q" and "p" must be numbers/,
    );
  });

  it('builds a bill whose accounts follow the category map, with the total in cents', async () => {
    const mapping = QuickBooksBillMapping.parse({
      kind: 'bill',
      vendor: { mode: 'field', field: 'payee' },
      docNumber: 'inv',
      lines: {
        field: 'lines',
        amount: 'amount',
        category: 'cat',
        categoryAccounts: { travel: { value: '60' } },
        defaultAccount: { value: '15' },
      },
    });
    const { body, totalCents } = await buildBill(
      mapping,
      's2',
      {
        payee: 'ACME LTD',
        inv: 'A-1',
        lines: [
          { amount: 0.1, cat: 'travel' },
          { amount: 0.2, cat: 'other' },
        ],
      },
      lookups,
    );
    expect(totalCents).toBe(30n);
    expect(body).toMatchObject({ VendorRef: { value: '7', name: 'Acme Ltd' }, DocNumber: 'A-1' });
    expect(body.Line.map((l) => [l.Amount, l.AccountBasedExpenseLineDetail.AccountRef.value])).toEqual([
      [0.1, '60'],
      [0.2, '15'],
    ]);
    await expect(buildBill(mapping, 's2', { payee: 'Nobody', lines: [{ amount: 1 }] }, lookups)).rejects.toThrow(
      'QuickBooks has no vendor named "Nobody".',
    );
  });

  it('pays the open balance of the bill, linked to it', () => {
    const payment = buildBillPayment(
      { paidField: 'paid', bankAccount: { value: '35' } },
      's3',
      {},
      { id: '1001', vendorRef: { value: '7' }, openCents: 124686n },
    );
    expect(payment).toEqual({
      VendorRef: { value: '7' },
      TotalAmt: 1246.86,
      PayType: 'Check',
      CheckPayment: { BankAccountRef: { value: '35' } },
      Line: [{ Amount: 1246.86, LinkedTxn: [{ TxnId: '1001', TxnType: 'Bill' }] }],
      PrivateNote: 'Formloom submission s3',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { QBO_SEED, startFakeQuickBooks, type FakeQuickBooks } from './fakes/quickbooks.ts';
import { Browser, QBO, connectThroughBrowser, saveFakeKeys, useFakeQuickBooks } from './fakes/quickbooksConnect.ts';
import { approve, buildOrg, installFlowTemplate, letEveryoneFill, submit, type Org } from './workflowFixtures.ts';

/**
 * Mappings and what the dispatcher's QuickBooks jobs make of submissions, against the fake
 * QuickBooks: approved purchase requests → PurchaseOrder, payment requests → Bill and, once paid,
 * BillPayment; retries, throttling and Faults.
 */

process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const A = QBO_SEED.accounts;

const purchaseMapping = {
  target: {
    kind: 'purchase_order',
    vendor: { mode: 'field', field: 'supplier' },
    apAccount: { value: A.accountsPayable, name: 'Accounts Payable (A/P)' },
    lines: {
      field: 'lines',
      description: 'description',
      quantity: 'quantity',
      unitPrice: 'unitPrice',
      detail: { type: 'account', account: { value: A.officeSupplies, name: 'Office Supplies' } },
    },
    dueDate: 'neededBy',
    memo: 'justification',
  },
};

const paymentMapping = {
  target: {
    kind: 'bill',
    vendor: { mode: 'field', field: 'payee' },
    docNumber: 'invoiceNumber',
    dueDate: 'dueDate',
    lines: {
      field: 'lines',
      description: 'description',
      amount: 'amount',
      category: 'category',
      categoryAccounts: { utilities: { value: A.utilities }, repairs: { value: A.repairs }, travel: { value: A.travel } },
      defaultAccount: { value: A.officeSupplies },
    },
    payment: { paidField: 'paid', paymentDateField: 'paymentDate', bankAccount: { value: A.checking, name: 'Checking' } },
  },
};

const purchase = {
  department: 'Sales',
  neededBy: '2026-12-31',
  supplier: 'wing on stationery ltd',
  lines: [
    { description: 'A4 paper', quantity: 3, unitPrice: 45.5 },
    { description: 'Toner cartridge', quantity: 2, unitPrice: 19.99 },
    // 3 × 0.1 is 0.30000000000000004 in floating point: the PO must say 0.3.
    { description: 'Pens', quantity: 3, unitPrice: 0.1 },
  ],
  justification: 'Printer supplies for the quarter.',
};

const payment = (lines: { description: string; category: string; amount: number }[], extra: object = {}) => ({
  payee: 'HK Electric Co',
  invoiceNumber: 'INV-2041',
  lines,
  dueDate: '2026-12-20',
  ...extra,
});

describe.each(DIALECTS)('QuickBooks mappings and jobs (%s)', (dialect) => {
  let server: TestServer;
  let fake: FakeQuickBooks;
  let admin: Client;
  let org: Org;
  let purchaseForm: string;
  let paymentForm: string;

  const refsOf = async (submissionId: string) =>
    server.app
      .db('submission_external_refs')
      .where({ submission_id: submissionId, connector: 'quickbooks' })
      .orderBy('kind')
      .select('kind', 'external_id', 'label', 'url');
  const jobsOf = (submissionId: string) =>
    server.app.db('connector_jobs').where({ submission_id: submissionId, connector: 'quickbooks' }).orderBy('created_at').select('*');
  const created = () => fake.company().created;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    fake = await startFakeQuickBooks();
    useFakeQuickBooks(fake, server);
    admin = await adminClient(server);
    await saveFakeKeys(admin, fake);
    expect(await connectThroughBrowser(await new Browser(server).signIn(), fake)).toBe(
      `/integrations/quickbooks?connected=${fake.consentRealm}`,
    );
    org = await buildOrg(server, admin);
    ({ formId: purchaseForm } = await installFlowTemplate(admin, 'purchase-request'));
    const install = await admin.post('/api/templates/payment-request/install');
    expect(install.status).toBe(201);
    paymentForm = install.body.forms[0].id;
    await letEveryoneFill(admin, install.body.app.id);
    await server.app.dispatcher.drain();
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  describe('mapping validation', () => {
    it('checks every field against the published form: 422 invalid_mapping naming each problem', async () => {
      const res = await admin.put(`${QBO}/mappings/${purchaseForm}`, {
        target: {
          ...purchaseMapping.target,
          vendor: { mode: 'field', field: 'vendorName' },
          lines: { ...purchaseMapping.target.lines, quantity: 'description', unitPrice: 'price' },
          memo: 'lines',
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_mapping');
      expect(res.body.details).toEqual([
        { path: '/target/vendor/field', message: 'The form has no field "vendorName".' },
        { path: '/target/memo', message: '"lines" must be a text, choice or date field.' },
        { path: '/target/lines/quantity', message: '"lines.description" must be a number or money field.' },
        { path: '/target/lines/unitPrice', message: 'The sub-table "lines" has no column "price".' },
      ]);
    });

    it('checks category accounts against the category options, and the paid field is a checkbox', async () => {
      const { defaultAccount: _, ...linesWithoutDefault } = paymentMapping.target.lines;
      const res = await admin.put(`${QBO}/mappings/${paymentForm}`, {
        target: {
          ...paymentMapping.target,
          lines: { ...linesWithoutDefault, categoryAccounts: { ...linesWithoutDefault.categoryAccounts, gifts: { value: A.travel } } },
          payment: { ...paymentMapping.target.payment, paidField: 'paymentDate' },
        },
      });
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([
        { path: '/target/lines/categoryAccounts/gifts', message: '"gifts" is not an option of "lines.category".' },
        {
          path: '/target/lines/categoryAccounts',
          message: 'Choose an account for "office-supplies", "professional-fees", "other", or a default expense account.',
        },
        { path: '/target/payment/paidField', message: '"paymentDate" must be a checkbox or yes/no field.' },
      ]);
    });

    it('refuses a malformed body with 400, other people with 403, and keeps nothing', async () => {
      const bad = await admin.put(`${QBO}/mappings/${purchaseForm}`, { target: { kind: 'invoice' } });
      expect([bad.status, bad.body.code]).toEqual([400, 'invalid_request']);
      const res = await org.staff.client.put(`${QBO}/mappings/${purchaseForm}`, purchaseMapping);
      expect(res.status).toBe(403);
      expect((await org.staff.client.get(`${QBO}/vendors?formId=${purchaseForm}`)).status).toBe(403);
      expect((await admin.get(`${QBO}/mappings/${purchaseForm}`)).body.code).toBe('mapping_not_found');
      expect(Number((await server.app.db('quickbooks_mappings').count({ n: '*' }).first())!.n)).toBe(0);
    });

    it('stores valid mappings on the active company, lists, reads and deletes them', async () => {
      const po = await admin.put(`${QBO}/mappings/${purchaseForm}`, purchaseMapping);
      expect(po.status).toBe(200);
      expect(po.body).toMatchObject({
        formId: purchaseForm,
        formName: 'Purchase request',
        realmId: fake.consentRealm,
        enabled: true,
        target: purchaseMapping.target,
      });
      const bill = await admin.put(`${QBO}/mappings/${paymentForm}`, paymentMapping);
      expect(bill.status).toBe(200);
      const list = (await admin.get(`${QBO}/mappings`)).body.mappings;
      expect(list.map((m: any) => [m.formId, m.kind]).sort()).toEqual(
        [
          [paymentForm, 'bill'],
          [purchaseForm, 'purchase_order'],
        ].sort(),
      );
      expect((await org.staff.client.get(`${QBO}/mappings`)).body.mappings).toEqual([]);
      expect((await admin.get(`${QBO}/mappings/${paymentForm}`)).body.target).toEqual(paymentMapping.target);
      expect((await admin.request('DELETE', `${QBO}/mappings/${paymentForm}`)).status).toBe(204);
      expect((await admin.get(`${QBO}/mappings/${paymentForm}`)).status).toBe(404);
      expect((await admin.put(`${QBO}/mappings/${paymentForm}`, paymentMapping)).status).toBe(200);
    });
  });

  describe('purchase orders', () => {
    it('previews the purchase order of the latest submission without sending it', async () => {
      const none = await admin.post(`${QBO}/mappings/${purchaseForm}/preview`, {});
      expect([none.status, none.body.code]).toEqual([404, 'submission_not_found']);
      const sub = await submit(org.staff, purchaseForm, purchase);
      const before = created().PurchaseOrder.length;
      const res = await admin.post(`${QBO}/mappings/${purchaseForm}/preview`, {});
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ submissionId: sub.id, entity: 'PurchaseOrder', payment: null });
      expect(res.body.body.Line.map((l: any) => l.Amount)).toEqual([136.5, 39.98, 0.3]);
      expect(res.body.body.VendorRef).toEqual({ value: QBO_SEED.vendors.wingOn, name: 'Wing On Stationery Ltd' });
      expect(created().PurchaseOrder.length).toBe(before);
      await approve(org.salesHead, sub.id);
      await server.app.dispatcher.drain();
    });

    it('makes one PurchaseOrder with exact lines when a purchase request is approved', async () => {
      const sub = await submit(org.staff, purchaseForm, purchase);
      await server.app.dispatcher.drain();
      const count = created().PurchaseOrder.length;
      expect((await jobsOf(sub.id)).length).toBe(0);

      expect((await approve(org.salesHead, sub.id)).submissionStatus).toBe('approved');
      await server.app.dispatcher.drain();

      expect(created().PurchaseOrder.length).toBe(count + 1);
      const po = created().PurchaseOrder.at(-1)!;
      expect(po).toMatchObject({
        VendorRef: { value: QBO_SEED.vendors.wingOn, name: 'Wing On Stationery Ltd' },
        APAccountRef: { value: A.accountsPayable, name: 'Accounts Payable (A/P)' },
        DueDate: '2026-12-31',
        Memo: 'Printer supplies for the quarter.',
        PrivateNote: `Formloom submission ${sub.id}`,
        TotalAmt: 176.78,
      });
      expect(po.Line).toEqual([
        {
          Amount: 136.5,
          Description: 'A4 paper',
          DetailType: 'AccountBasedExpenseLineDetail',
          AccountBasedExpenseLineDetail: { AccountRef: { value: A.officeSupplies, name: 'Office Supplies' } },
        },
        {
          Amount: 39.98,
          Description: 'Toner cartridge',
          DetailType: 'AccountBasedExpenseLineDetail',
          AccountBasedExpenseLineDetail: { AccountRef: { value: A.officeSupplies, name: 'Office Supplies' } },
        },
        {
          Amount: 0.3,
          Description: 'Pens',
          DetailType: 'AccountBasedExpenseLineDetail',
          AccountBasedExpenseLineDetail: { AccountRef: { value: A.officeSupplies, name: 'Office Supplies' } },
        },
      ]);
      expect(await refsOf(sub.id)).toEqual([
        {
          kind: 'purchase_order',
          external_id: po.Id,
          label: `PO ${po.DocNumber}`,
          url: `https://app.sandbox.qbo.intuit.com/app/purchaseorder?txnId=${po.Id}`,
        },
      ]);
      const jobs = await jobsOf(sub.id);
      expect(jobs.map((j) => [j.event_type, j.status])).toEqual([['submission.status_changed', 'succeeded']]);
      const integrations = (await admin.get(`/api/submissions/${sub.id}/integrations`)).body.items;
      expect(integrations[0].refs).toEqual([expect.objectContaining({ kind: 'purchase_order', externalId: po.Id })]);
    });

    it('does not make a second one when the job runs again, even with the external ref lost', async () => {
      const sub = await submit(org.staff, purchaseForm, purchase);
      await approve(org.salesHead, sub.id);
      await server.app.dispatcher.drain();
      const count = created().PurchaseOrder.length;
      const [ref] = await refsOf(sub.id);

      // At least once: the same event again, after the ref was lost (a crash between "created" and "stored").
      await server.app.db('submission_external_refs').where({ submission_id: sub.id }).delete();
      await server.app
        .db('connector_jobs')
        .where({ submission_id: sub.id })
        .update({ status: 'pending', next_attempt_at: new Date().toISOString() });
      await server.app.dispatcher.drain();
      expect(created().PurchaseOrder.length).toBe(count);
      expect(await refsOf(sub.id)).toEqual([ref]);
      const posts = fake.apiRequests().filter((r) => r.method === 'POST' && r.path.endsWith('/purchaseorder') && r.body.includes(sub.id));
      expect(posts.length).toBe(2);
      expect(new Set(posts.map((p) => p.query.requestid)).size).toBe(1);

      // And with the ref in place, no request at all.
      await server.app
        .db('connector_jobs')
        .where({ submission_id: sub.id })
        .update({ status: 'pending', next_attempt_at: new Date().toISOString() });
      await server.app.dispatcher.drain();
      expect(fake.apiRequests().filter((r) => r.path.endsWith('/purchaseorder') && r.body.includes(sub.id)).length).toBe(2);
    });

    it('matches items by name for item-based lines, with Qty and UnitPrice', async () => {
      const put = await admin.put(`${QBO}/mappings/${purchaseForm}`, {
        target: {
          ...purchaseMapping.target,
          lines: { ...purchaseMapping.target.lines, detail: { type: 'item', item: { mode: 'column', column: 'description' } } },
        },
      });
      expect(put.status).toBe(200);
      const sub = await submit(org.staff, purchaseForm, { ...purchase, lines: purchase.lines.slice(0, 2) });
      await approve(org.salesHead, sub.id);
      await server.app.dispatcher.drain();
      expect(created().PurchaseOrder.at(-1)!.Line).toEqual([
        {
          Amount: 136.5,
          Description: 'A4 paper',
          DetailType: 'ItemBasedExpenseLineDetail',
          ItemBasedExpenseLineDetail: { ItemRef: { value: QBO_SEED.items.a4Paper, name: 'A4 paper' }, Qty: 3, UnitPrice: 45.5 },
        },
        {
          Amount: 39.98,
          Description: 'Toner cartridge',
          DetailType: 'ItemBasedExpenseLineDetail',
          ItemBasedExpenseLineDetail: { ItemRef: { value: QBO_SEED.items.toner, name: 'Toner cartridge' }, Qty: 2, UnitPrice: 19.99 },
        },
      ]);
      // An item QuickBooks does not know: the job gives up with a message people can act on.
      const unknown = await submit(org.staff, purchaseForm, {
        ...purchase,
        lines: [{ description: 'Stapler', quantity: 1, unitPrice: 30 }],
      });
      await approve(org.salesHead, unknown.id);
      await server.app.dispatcher.drain();
      const [job] = await jobsOf(unknown.id);
      expect(job.status).toBe('dead');
      expect(job.last_error).toBe(
        'QuickBooks has no item named "Stapler". Add it in QuickBooks (or correct the name on the submission), then retry.',
      );
      expect((await admin.put(`${QBO}/mappings/${purchaseForm}`, purchaseMapping)).status).toBe(200);
    });

    it('retries after a 429 at the time QuickBooks asks (or 60 s), then succeeds', async () => {
      const sub = await submit(org.staff, purchaseForm, purchase);
      await approve(org.salesHead, sub.id);
      const count = created().PurchaseOrder.length;
      fake.failNext({
        status: 429,
        headers: { 'retry-after': '7' },
        body: { Fault: { Error: [{ Message: 'ThrottleExceeded', code: '3001' }], type: 'ThrottlingFault' } },
      });
      const t0 = new Date();
      await server.app.dispatcher.runOnce(t0);
      let [job] = await jobsOf(sub.id);
      expect(job.status).toBe('failed');
      expect(job.last_error).toMatch(/throttling/);
      expect(Date.parse(job.next_attempt_at) - t0.getTime()).toBe(7000);

      fake.failNext({ status: 429 });
      await server.app.dispatcher.runOnce(new Date(t0.getTime() + 8000));
      [job] = await jobsOf(sub.id);
      expect(job.status).toBe('failed');
      expect(Date.parse(job.next_attempt_at) - (t0.getTime() + 8000)).toBe(60_000);
      expect(created().PurchaseOrder.length).toBe(count);

      await server.app.dispatcher.runOnce(new Date(t0.getTime() + 69_000));
      [job] = await jobsOf(sub.id);
      expect(job.status).toBe('succeeded');
      expect(created().PurchaseOrder.length).toBe(count + 1);
    });

    it('treats a Fault sent with HTTP 200 as a failure: the job is dead with its message', async () => {
      fake.faultStatus = 200;
      try {
        const put = await admin.put(`${QBO}/mappings/${purchaseForm}`, {
          target: { ...purchaseMapping.target, apAccount: { value: '9999' } },
        });
        expect(put.status).toBe(200);
        const sub = await submit(org.staff, purchaseForm, purchase);
        await approve(org.salesHead, sub.id);
        await server.app.dispatcher.drain();
        const [job] = await jobsOf(sub.id);
        expect(job.status).toBe('dead');
        expect(job.last_error).toBe(
          'QuickBooks refused the purchase order: Invalid Reference Id: Invalid Reference Id : APAccountRef 9999 does not exist (code 2500, field APAccountRef)',
        );
        expect(await refsOf(sub.id)).toEqual([]);
        const notices = await server.app.db('notifications').where({ kind: 'integration_failed', submission_id: sub.id }).select('user_id');
        expect(notices.length).toBeGreaterThan(0);
      } finally {
        fake.faultStatus = 400;
        await admin.put(`${QBO}/mappings/${purchaseForm}`, purchaseMapping);
      }
    });
  });

  describe('bills and bill payments', () => {
    const lines = [
      { description: 'Electricity, November', category: 'utilities', amount: 1234.56 },
      { description: 'Fuse box repair', category: 'repairs', amount: 0.1 },
      { description: 'Fuse', category: 'repairs', amount: 0.2 },
      { description: 'Envelopes', category: 'office-supplies', amount: 12 },
    ];

    it('makes a Bill when a payment request is approved, then a BillPayment linked to it when marked paid', async () => {
      const sub = await submit(org.staff, paymentForm, payment(lines));
      await approve(org.salesLead, sub.id);
      expect((await approve(org.financeDirector, sub.id)).submissionStatus).toBe('approved');
      await server.app.dispatcher.drain();

      const bill = created().Bill.at(-1)!;
      expect(bill).toMatchObject({
        VendorRef: { value: QBO_SEED.vendors.hkElectric, name: 'HK Electric Co' },
        DocNumber: 'INV-2041',
        DueDate: '2026-12-20',
        TotalAmt: 1246.86,
      });
      expect(bill.Line.map((l: any) => [l.Amount, l.AccountBasedExpenseLineDetail.AccountRef.value])).toEqual([
        [1234.56, A.utilities],
        [0.1, A.repairs],
        [0.2, A.repairs],
        [12, A.officeSupplies],
      ]);
      expect((await refsOf(sub.id)).map((r) => [r.kind, r.external_id, r.label])).toEqual([['bill', bill.Id, 'Bill INV-2041']]);
      const payments = created().BillPayment.length;

      // Finance records the payment later by editing the submission.
      const current = (await admin.get(`/api/submissions/${sub.id}`)).body.data;
      const edit = await admin.request('PATCH', `/api/submissions/${sub.id}`, {
        body: { data: { ...current, paid: true, paymentDate: '2026-12-18' } },
      });
      expect(edit.status).toBe(200);
      await server.app.dispatcher.drain();

      expect(created().BillPayment.length).toBe(payments + 1);
      const paid = created().BillPayment.at(-1)!;
      expect(paid).toMatchObject({
        VendorRef: { value: QBO_SEED.vendors.hkElectric, name: 'HK Electric Co' },
        TotalAmt: 1246.86,
        PayType: 'Check',
        CheckPayment: { BankAccountRef: { value: A.checking, name: 'Checking' } },
        TxnDate: '2026-12-18',
        Line: [{ Amount: 1246.86, LinkedTxn: [{ TxnId: bill.Id, TxnType: 'Bill' }] }],
      });
      expect(bill.Balance).toBe(0);
      expect((await refsOf(sub.id)).map((r) => r.kind)).toEqual(['bill', 'bill_payment']);

      // Another edit of a paid request pays nothing twice.
      const again = await admin.request('PATCH', `/api/submissions/${sub.id}`, {
        body: { data: { ...current, paid: true, paymentDate: '2026-12-19' } },
      });
      expect(again.status).toBe(200);
      await server.app.dispatcher.drain();
      expect(created().BillPayment.length).toBe(payments + 1);
    });

    it('pays with the bill when Finance ticks paid while approving', async () => {
      const sub = await submit(org.staff, paymentForm, payment(lines.slice(0, 1)));
      await approve(org.salesLead, sub.id);
      await approve(org.financeDirector, sub.id, { data: { paid: true, paymentDate: '2026-12-01' } });
      await server.app.dispatcher.drain();
      const bill = created().Bill.at(-1)!;
      const paid = created().BillPayment.at(-1)!;
      expect(bill.PrivateNote).toBe(`Formloom submission ${sub.id}`);
      expect(paid.Line).toEqual([{ Amount: 1234.56, LinkedTxn: [{ TxnId: bill.Id, TxnType: 'Bill' }] }]);
      expect((await refsOf(sub.id)).map((r) => r.kind)).toEqual(['bill', 'bill_payment']);
      expect((await jobsOf(sub.id)).every((j) => j.status === 'succeeded')).toBe(true);
    });

    it('previews the bill, and the payment once the bill exists and is paid', async () => {
      const res = await admin.post(`${QBO}/mappings/${paymentForm}/preview`, {});
      expect(res.status).toBe(200);
      expect(res.body.entity).toBe('Bill');
      expect(res.body.body.Line.map((l: any) => l.Amount)).toEqual([1234.56]);
      expect(res.body.payment.Line[0].LinkedTxn).toEqual([{ TxnId: created().Bill.at(-1)!.Id, TxnType: 'Bill' }]);
    });

    it('gives up with the reason when the payee is not a QuickBooks vendor', async () => {
      const sub = await submit(org.staff, paymentForm, payment(lines.slice(0, 1), { payee: 'Nobody Ltd' }));
      await approve(org.salesLead, sub.id);
      await approve(org.financeDirector, sub.id);
      await server.app.dispatcher.drain();
      const [job] = await jobsOf(sub.id);
      expect(job.status).toBe('dead');
      expect(job.last_error).toMatch(/^QuickBooks has no vendor named "Nobody Ltd"/);
    });
  });
});

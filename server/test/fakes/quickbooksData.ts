/**
 * The fake QuickBooks company's records and the contract checks of its write endpoints
 * (PurchaseOrder, Bill, BillPayment): required fields, references that must exist, line amounts
 * that must equal Qty × UnitPrice, payments linked to an open bill. A failed check is the Fault
 * QuickBooks would send.
 */

export type Row = Record<string, any>;

export interface FakeCompany {
  realmId: string;
  name: string;
  vendors: Row[];
  accounts: Row[];
  items: Row[];
  /** Created entities by type, in order, for the tests' assertions. */
  created: { PurchaseOrder: Row[]; Bill: Row[]; BillPayment: Row[] };
  nextId: number;
  nextDocNumber: number;
}

/** Ids tests can name: the seeded records of every fake company. */
export const QBO_SEED = {
  vendors: { wingOn: '56', hkElectric: '57', inactive: '58' },
  accounts: {
    accountsPayable: '33',
    checking: '35',
    officeSupplies: '15',
    travel: '60',
    professionalFees: '12',
    repairs: '24',
    utilities: '27',
    sales: '79',
  },
  items: { a4Paper: '19', toner: '20' },
} as const;

export function seedCompany(realmId: string, name: string): FakeCompany {
  const a = QBO_SEED.accounts;
  return {
    realmId,
    name,
    vendors: [
      { Id: QBO_SEED.vendors.wingOn, DisplayName: 'Wing On Stationery Ltd', Active: true },
      { Id: QBO_SEED.vendors.hkElectric, DisplayName: 'HK Electric Co', Active: true },
      { Id: QBO_SEED.vendors.inactive, DisplayName: 'Closed Supplier Ltd', Active: false },
    ],
    accounts: [
      {
        Id: a.accountsPayable,
        Name: 'Accounts Payable (A/P)',
        AccountType: 'Accounts Payable',
        AccountSubType: 'AccountsPayable',
        Active: true,
      },
      { Id: a.checking, Name: 'Checking', AccountType: 'Bank', AccountSubType: 'Checking', Active: true },
      {
        Id: a.officeSupplies,
        Name: 'Office Supplies',
        AccountType: 'Expense',
        AccountSubType: 'OfficeGeneralAdministrativeExpenses',
        Active: true,
      },
      { Id: a.travel, Name: 'Travel', AccountType: 'Expense', AccountSubType: 'Travel', Active: true },
      {
        Id: a.professionalFees,
        Name: 'Legal & Professional Fees',
        AccountType: 'Expense',
        AccountSubType: 'LegalProfessionalFees',
        Active: true,
      },
      { Id: a.repairs, Name: 'Repair & Maintenance', AccountType: 'Expense', AccountSubType: 'RepairMaintenance', Active: true },
      { Id: a.utilities, Name: 'Utilities', AccountType: 'Expense', AccountSubType: 'Utilities', Active: true },
      { Id: a.sales, Name: 'Sales of Product Income', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome', Active: true },
    ],
    items: [
      { Id: QBO_SEED.items.a4Paper, Name: 'A4 paper', Type: 'NonInventory', Active: true },
      { Id: QBO_SEED.items.toner, Name: 'Toner cartridge', Type: 'NonInventory', Active: true },
    ],
    created: { PurchaseOrder: [], Bill: [], BillPayment: [] },
    nextId: 1000,
    nextDocNumber: 1001,
  };
}

export class FaultError extends Error {
  constructor(
    readonly type: 'ValidationFault' | 'SystemFault' | 'ThrottlingFault',
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly element?: string,
  ) {
    super(message);
  }
  body() {
    return {
      Fault: {
        Error: [{ Message: this.message, Detail: this.detail, code: this.code, ...(this.element ? { element: this.element } : {}) }],
        type: this.type,
      },
      time: new Date().toISOString(),
    };
  }
}

const required = (element: string) =>
  new FaultError(
    'ValidationFault',
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${element} is missing in the request`,
    element,
  );
const invalidRef = (element: string, id: unknown) =>
  new FaultError(
    'ValidationFault',
    '2500',
    'Invalid Reference Id',
    `Invalid Reference Id : ${element} ${String(id)} does not exist`,
    element,
  );
const business = (detail: string, code = '6000') =>
  new FaultError(
    'ValidationFault',
    code,
    'A business validation error has occurred while processing your request',
    `Business Validation Error: ${detail}`,
  );

const cents = (n: number) => Math.round(n * 100);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function refTo(rows: Row[], ref: unknown, element: string, check?: (row: Row) => boolean): Row {
  const id = (ref as Row | undefined)?.value;
  if (typeof id !== 'string' || !id) throw required(`${element}.value`);
  const row = rows.find((r) => r.Id === id);
  if (!row || (check && !check(row))) throw invalidRef(element, id);
  return row;
}

function checkLines(company: FakeCompany, body: Row, allowItems: boolean): number {
  if (!Array.isArray(body.Line) || body.Line.length === 0) throw required('Line');
  let total = 0;
  body.Line.forEach((line: Row, i: number) => {
    if (!isNumber(line.Amount)) throw required(`Line[${i}].Amount`);
    if (line.Amount < 0) throw business(`Line ${i + 1}: the amount cannot be negative.`);
    if (line.DetailType === 'AccountBasedExpenseLineDetail') {
      refTo(company.accounts, line.AccountBasedExpenseLineDetail?.AccountRef, `Line[${i}].AccountBasedExpenseLineDetail.AccountRef`);
    } else if (line.DetailType === 'ItemBasedExpenseLineDetail' && allowItems) {
      const detail = line.ItemBasedExpenseLineDetail ?? {};
      refTo(company.items, detail.ItemRef, `Line[${i}].ItemBasedExpenseLineDetail.ItemRef`);
      if (isNumber(detail.Qty) && isNumber(detail.UnitPrice) && Math.abs(cents(detail.Qty * detail.UnitPrice) - cents(line.Amount)) > 1) {
        throw business('Amount is not equal to UnitPrice * Qty. Supplied value:' + line.Amount, '6070');
      }
    } else {
      throw required(`Line[${i}].DetailType`);
    }
    total += cents(line.Amount);
  });
  return total;
}

function stamp(company: FakeCompany, body: Row, extra: Row): Row {
  const id = String(company.nextId++);
  return { ...body, Id: id, SyncToken: '0', MetaData: { CreateTime: new Date().toISOString() }, ...extra };
}

export function createPurchaseOrder(company: FakeCompany, body: Row): Row {
  refTo(company.vendors, body.VendorRef, 'VendorRef', (v) => v.Active !== false);
  refTo(company.accounts, body.APAccountRef, 'APAccountRef', (a) => a.AccountType === 'Accounts Payable');
  const total = checkLines(company, body, true);
  const po = stamp(company, body, {
    DocNumber: body.DocNumber ?? String(company.nextDocNumber++),
    TotalAmt: total / 100,
    POStatus: 'Open',
  });
  company.created.PurchaseOrder.push(po);
  return po;
}

export function createBill(company: FakeCompany, body: Row): Row {
  refTo(company.vendors, body.VendorRef, 'VendorRef', (v) => v.Active !== false);
  const total = checkLines(company, body, false);
  if (body.Line.some((l: Row) => l.DetailType !== 'AccountBasedExpenseLineDetail')) throw required('Line.AccountBasedExpenseLineDetail');
  const bill = stamp(company, body, { TotalAmt: total / 100, Balance: total / 100 });
  company.created.Bill.push(bill);
  return bill;
}

export function createBillPayment(company: FakeCompany, body: Row): Row {
  const vendor = refTo(company.vendors, body.VendorRef, 'VendorRef');
  if (!isNumber(body.TotalAmt)) throw required('TotalAmt');
  if (body.PayType !== 'Check' && body.PayType !== 'CreditCard') throw required('PayType');
  if (body.PayType === 'Check')
    refTo(company.accounts, body.CheckPayment?.BankAccountRef, 'CheckPayment.BankAccountRef', (a) => a.AccountType === 'Bank');
  if (!Array.isArray(body.Line) || body.Line.length === 0) throw required('Line');
  let sum = 0;
  const pays: { bill: Row; amount: number }[] = [];
  body.Line.forEach((line: Row, i: number) => {
    if (!isNumber(line.Amount)) throw required(`Line[${i}].Amount`);
    const linked = Array.isArray(line.LinkedTxn) ? line.LinkedTxn : [];
    if (linked.length === 0) throw required(`Line[${i}].LinkedTxn`);
    for (const txn of linked) {
      if (txn.TxnType !== 'Bill') throw business(`Line ${i + 1}: a bill payment links to bills only.`);
      const bill = company.created.Bill.find((b) => b.Id === txn.TxnId);
      if (!bill) throw invalidRef(`Line[${i}].LinkedTxn.TxnId`, txn.TxnId);
      if (bill.VendorRef.value !== vendor.Id) throw business('The bill belongs to another vendor.');
      if (cents(line.Amount) > cents(bill.Balance)) throw business(`The payment is more than the bill's open balance (${bill.Balance}).`);
      pays.push({ bill, amount: line.Amount });
    }
    sum += cents(line.Amount);
  });
  if (sum !== cents(body.TotalAmt)) throw business('TotalAmt must equal the sum of the line amounts.');
  for (const { bill, amount } of pays) bill.Balance = (cents(bill.Balance) - cents(amount)) / 100;
  const payment = stamp(company, body, {});
  company.created.BillPayment.push(payment);
  return payment;
}

/** `select * from <Entity> [where <Field> = '<value>'] [startposition n] [maxresults n]`, as far as the connector asks. */
export function runQuery(company: FakeCompany, statement: string): Row {
  const m = /^select \* from (\w+)(?: where (\w+) = '((?:[^'\\]|\\.)*)')?(?: startposition (\d+))?(?: maxresults (\d+))?$/i.exec(
    statement.trim(),
  );
  if (!m)
    throw new FaultError(
      'ValidationFault',
      '4000',
      'Error parsing query',
      `QueryParserError: Encountered an unexpected token in "${statement}"`,
    );
  const [, entity, field, rawValue, start, max] = m;
  const tables: Record<string, Row[]> = {
    Vendor: company.vendors.filter((v) => v.Active !== false),
    Account: company.accounts.filter((a) => a.Active !== false),
    Item: company.items.filter((i) => i.Active !== false),
    CompanyInfo: [{ Id: '1', CompanyName: company.name }],
  };
  const table = Object.keys(tables).find((k) => k.toLowerCase() === entity.toLowerCase());
  if (!table)
    throw new FaultError(
      'ValidationFault',
      '4001',
      'Invalid query',
      `QueryValidationError: Entity ${entity} is not supported by this fake`,
    );
  let rows = tables[table];
  if (field) {
    const value = rawValue.replace(/\\(.)/g, '$1').toLowerCase();
    rows = rows.filter((r) => String(r[field] ?? '').toLowerCase() === value);
  }
  const from = Math.max(1, Number(start ?? 1));
  rows = rows.slice(from - 1, from - 1 + Math.min(1000, Number(max ?? 100)));
  return {
    QueryResponse: rows.length ? { [table]: rows, startPosition: from, maxResults: rows.length } : {},
    time: new Date().toISOString(),
  };
}

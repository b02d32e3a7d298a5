/**
 * The seeded expenses form the report query tests share. Rows are written straight into the real
 * database (exact created_at, submitter, null and missing values); the totals they must give are
 * written out by hand in the tests, worked out beforehand, never recomputed from this seed.
 */
import { randomUUID } from 'node:crypto';
import type { TestServer } from './helpers.ts';

const options = (values: [string, string][]) => values.map(([value, title]) => ({ const: value, title }));

export const expensesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  title: 'Expenses',
  properties: {
    category: {
      type: 'string',
      title: 'Category',
      oneOf: options([
        ['travel', 'Travel'],
        ['meals', 'Meals'],
        ['office', 'Office'],
      ]),
    },
    amount: { type: 'number', title: 'Amount', multipleOf: 0.01, minimum: 0 },
    qty: { type: 'integer', title: 'Quantity' },
    tags: {
      type: 'array',
      title: 'Tags',
      uniqueItems: true,
      items: {
        type: 'string',
        oneOf: options([
          ['urgent', 'Urgent'],
          ['client', 'Client'],
        ]),
      },
    },
    approved: {
      type: 'boolean',
      title: 'Approved',
      oneOf: [
        { const: true, title: 'Yes' },
        { const: false, title: 'No' },
      ],
    },
    note: { type: 'string', title: 'Note' },
    spentOn: { type: 'string', format: 'date', title: 'Spent on' },
    paidAt: { type: 'string', format: 'date-time', title: 'Paid at' },
    owner: { type: 'string', title: 'Owner' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
};

export const expensesUiSchema = {
  amount: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
  tags: { 'ui:fieldType': 'multiselect' },
  approved: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio' },
  owner: { 'ui:fieldType': 'person' },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/properties/category/title': '類別',
      '/schema/properties/category/oneOf/0/title': '差旅',
      '/schema/properties/category/oneOf/1/title': '膳食',
      '/schema/properties/category/oneOf/2/title': '辦公室',
      '/schema/properties/amount/title': '金額',
      '/schema/properties/tags/items/oneOf/0/title': '緊急',
      '/schema/properties/approved/oneOf/0/title': '是',
      '/schema/properties/approved/oneOf/1/title': '否',
    },
  },
};

export type Submitter = 'admin' | 'mei' | 'ken';

/**
 * Row i of 30: category cycles travel/meals/office (missing on 9, 19, 29); amount 0.1 ×10, 0.2 ×10,
 * 19.99 ×5, none on 25–29 (explicit null on 25); qty i % 7 (missing when i % 5 = 4); tags cycle
 * [urgent, client] / [urgent] / [] / missing; approved true on even i, false when i % 6 = 1;
 * submitted on 2026-02-28 / 03-01 / 03-02 (UTC) at 15:30Z (even i: 23:30 in Hong Kong) or 16:30Z
 * (odd i: 00:30 the next day in Hong Kong); paidAt only on rows 0–2.
 */
export function expenseRow(i: number): { by: Submitter; at: string; data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  if (i % 10 !== 9) data.category = ['travel', 'meals', 'office'][i % 3];
  if (i < 10) data.amount = 0.1;
  else if (i < 20) data.amount = 0.2;
  else if (i < 25) data.amount = 19.99;
  else if (i === 25) data.amount = null;
  if (i % 5 !== 4) data.qty = i % 7;
  if (i % 4 === 0) data.tags = ['urgent', 'client'];
  else if (i % 4 === 1) data.tags = ['urgent'];
  else if (i % 4 === 2) data.tags = [];
  if (i % 2 === 0) data.approved = true;
  else if (i % 6 === 1) data.approved = false;
  data.note = ['茶點', '的士', '文具'][i % 3];
  data.spentOn = `2026-03-${String(1 + (i % 10)).padStart(2, '0')}`;
  // Only rows 0–2: either side of midnight in Hong Kong, and one text that is no date-time (old data, imports).
  if (i < 3) data.paidAt = ['2026-03-01T16:30:00Z', '2026-03-01T15:30:00+00:00', 'not a date'][i];
  const day = ['2026-02-28', '2026-03-01', '2026-03-02'][i % 3];
  const at = `${day}T${i % 2 === 0 ? '15' : '16'}:30:00.000Z`;
  return { by: (['admin', 'mei', 'mei', 'ken'] as const)[i % 4], at, data };
}
export const EXPENSE_ROWS = 30;

/** Writes the 30 rows (and one deleted row that must never count) into the form's submissions. */
export async function seedExpenses(
  server: TestServer,
  form: { formId: string; appId: string },
  users: Record<Submitter, string>,
): Promise<void> {
  const db = server.app.db;
  const row = (by: string, at: string, data: object, extra: object = {}) => ({
    id: randomUUID(),
    form_id: form.formId,
    app_id: form.appId,
    form_version: 1,
    data: JSON.stringify(data),
    created_by: by,
    created_at: at,
    updated_at: at,
    status: 'submitted',
    ...extra,
  });
  const rows = Array.from({ length: EXPENSE_ROWS }, (_, i) => {
    const { by, at, data } = expenseRow(i);
    // A person field holds a user id: Ken on every fifth row.
    if (i % 5 === 0) data.owner = users.ken;
    return row(users[by], at, data, i === 3 ? { status: 'approved' } : {});
  });
  rows.push(
    row(
      users.admin,
      '2026-03-01T01:00:00.000Z',
      { category: 'travel', amount: 1000, qty: 1000 },
      { deleted_at: '2026-03-02T00:00:00.000Z' },
    ),
  );
  await db('submissions').insert(rows);
}

import { expect } from 'vitest';
import ExcelJS from 'exceljs';
import type { Client } from './helpers.ts';

/** An expense form: a coded category (en + zh-Hant titles), money in HKD and a date. */
export const expenseSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  title: 'Expenses',
  properties: {
    category: {
      type: 'string',
      title: 'Category',
      oneOf: [
        { const: 'travel', title: 'Travel' },
        { const: 'meals', title: 'Meals' },
      ],
    },
    amount: { type: 'number', title: 'Amount', multipleOf: 0.01, minimum: 0 },
    spentOn: { type: 'string', title: 'Spent on', format: 'date' },
  },
};

export const expenseUiSchema = {
  category: { 'ui:fieldType': 'select' },
  amount: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
  spentOn: { 'ui:fieldType': 'date' },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/properties/category/title': '類別',
      '/schema/properties/category/oneOf/0/title': '交通',
      '/schema/properties/category/oneOf/1/title': '膳食',
      '/schema/properties/amount/title': '金額',
      '/schema/properties/spentOn/title': '日期',
    },
  },
};

/**
 * Known totals: travel 3 claims, 10.10 + 20.20 + 0.10 = 30.40 (a float sum would drift);
 * meals 2, 0.20 + 0.30 = 0.50; no category 2 (5.00 and one with neither category nor amount).
 */
export const EXPENSES = [
  { category: 'travel', amount: 10.1, spentOn: '2026-10-02' },
  { category: 'travel', amount: 20.2, spentOn: '2026-10-15' },
  { category: 'travel', amount: 0.1, spentOn: '2026-11-03' },
  { category: 'meals', amount: 0.2, spentOn: '2026-11-04' },
  { category: 'meals', amount: 0.3, spentOn: '2026-11-05' },
  { amount: 5, spentOn: '2026-11-06' },
  {},
];

/** Spend by category, biggest first: rows travel (3, 30.4), none (2, 5.00: one claim without an amount), meals (2, 0.5). */
export const byCategory = (formId: string, title = { en: 'Spend by category', 'zh-Hant': '按類別開支' }) => ({
  formId,
  title,
  dimensions: [{ field: 'data.category', label: { en: 'Category', 'zh-Hant': '類別' } }],
  measures: [
    { op: 'count', label: { en: 'Claims', 'zh-Hant': '申請數' } },
    { op: 'sum', field: 'data.amount', label: { en: 'Total (HKD)', 'zh-Hant': '總額 (港幣)' } },
  ],
  sort: [{ column: 'm1', descending: true }],
});

/** Spend per month of the expense date. */
export const byMonth = (formId: string) => ({
  formId,
  title: { en: 'Spend per month', 'zh-Hant': '每月開支' },
  dimensions: [{ field: 'data.spentOn', bucket: 'month', label: { en: 'Month', 'zh-Hant': '月份' } }],
  measures: [{ op: 'sum', field: 'data.amount', label: { en: 'Total', 'zh-Hant': '總額' } }],
  sort: [{ column: 'd0' }],
});

/** An app with the expense form published and the expenses submitted by `client` (an admin or builder). */
export async function expenseForm(client: Client): Promise<{ appId: string; formId: string }> {
  const app = await client.post('/api/apps', { name: 'Expenses app' });
  expect(app.status).toBe(201);
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Expenses', schema: expenseSchema, uiSchema: expenseUiSchema });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
  for (const data of EXPENSES) {
    const res = await client.post(`/api/forms/${form.body.id}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return { appId: app.body.id, formId: form.body.id };
}

/** Fetches a file as bytes (the test client reads bodies as text). */
export async function download(
  client: Client,
  url: string,
  opts: { method?: string; body?: unknown; locale?: string } = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = { 'accept-language': opts.locale ?? 'en' };
  const cookie = (client as unknown as { cookie: string }).cookie;
  if (cookie) headers.cookie = cookie;
  if (opts.method && opts.method !== 'GET') headers['x-csrf-token'] = client.csrfToken;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(client.baseUrl + url, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A CSV download as rows of cells (RFC 4180 quoting), after checking and dropping the BOM. */
export function parseCsv(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\r')) {
      cell += c;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else {
      // CRLF ends a row (the writer never emits a bare CR outside quotes).
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    }
  }
  return rows;
}

/** The first sheet of an XLSX download: its rows' values and number formats. */
export async function readXlsx(bytes: Buffer): Promise<{ name: string; values: unknown[][]; formats: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  const sheet = workbook.worksheets[0];
  const values: unknown[][] = [];
  const formats: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: unknown[] = [];
    const fmts: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      cells.push(cell.value ?? null);
      fmts.push(cell.numFmt ?? '');
    }
    values.push(cells);
    formats.push(fmts);
  });
  return { name: sheet.name, values, formats };
}

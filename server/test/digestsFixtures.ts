import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { writeJson } from '../src/db/dialect.ts';
import { newId } from '../src/lib/ids.ts';
import type { Db } from '../src/repositories/types.ts';
import type { Client } from './helpers.ts';

/** A real SMTP server on a loopback port that parses what it receives and can refuse the next few mails. */
export async function startSmtp() {
  const received: ParsedMail[] = [];
  const state = { refuseNext: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream, { keepCidLinks: true }).then((mail) => {
        if (state.refuseNext > 0) {
          state.refuseNext--;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

/** An expense form: a coded category with Chinese titles, money in HKD (cents), and nothing else. */
const schema = {
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
  },
};
const uiSchema = {
  category: { 'ui:fieldType': 'select' },
  amount: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/properties/category/oneOf/0/title': '交通',
      '/schema/properties/category/oneOf/1/title': '膳食',
    },
  },
};

/**
 * Known totals: travel 2 claims, 1,234.50 + 0.10 = HK$1,234.60; meals 2, 0.20 + 65.20 = HK$65.40;
 * one empty claim; all together 5 claims and HK$1,300.00 (a float sum would drift).
 */
const EXPENSES = [
  { category: 'travel', amount: 1234.5 },
  { category: 'travel', amount: 0.1 },
  { category: 'meals', amount: 0.2 },
  { category: 'meals', amount: 65.2 },
  {},
];

export async function expenseForm(client: Client): Promise<{ appId: string; formId: string }> {
  const app = await client.post('/api/apps', { name: 'Expenses app' });
  expect(app.status).toBe(201);
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Expenses', schema, uiSchema });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
  for (const data of EXPENSES) expect((await client.post(`/api/forms/${form.body.id}/submissions`, { data })).status).toBe(201);
  return { appId: app.body.id, formId: form.body.id };
}

export const totalCard = (formId: string) => ({
  formId,
  title: { en: 'Total spend', 'zh-Hant': '總開支' },
  measures: [{ op: 'sum', field: 'data.amount', label: { en: 'Total (HKD)', 'zh-Hant': '總額（港幣）' } }],
  chart: { type: 'number' },
});

export const byCategory = (formId: string) => ({
  formId,
  title: { en: 'Spend by category', 'zh-Hant': '按類別開支' },
  dimensions: [{ field: 'data.category', label: { en: 'Category', 'zh-Hant': '類別' } }],
  measures: [
    { op: 'count', label: { en: 'Claims', 'zh-Hant': '申請數' } },
    { op: 'sum', field: 'data.amount', label: { en: 'Total (HKD)', 'zh-Hant': '總額（港幣）' } },
  ],
  sort: [{ column: 'm1', descending: true }],
  chart: { type: 'bar' },
});

/**
 * A saved report and a dashboard, written straight into the tables of migration 014 (the
 * library's API is another module's; the digest only reads these rows).
 */
export async function savedReport(db: Db, form: { appId: string; formId: string }, definition: object, ownerId: string): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
  await db('reports').insert({
    id,
    app_id: form.appId,
    form_id: form.formId,
    definition: writeJson(definition),
    owner_id: ownerId,
    created_at: at,
    updated_at: at,
  });
  return id;
}

export async function dashboard(
  db: Db,
  reportIds: string[],
  ownerId: string,
  shares: { kind: string; value: string }[] = [],
): Promise<string> {
  const id = newId();
  const at = new Date().toISOString();
  await db('dashboards').insert({
    id,
    name: writeJson({ en: 'Expenses overview', 'zh-Hant': '開支概覽' }),
    widgets: writeJson(reportIds.map((reportId, i) => ({ id: `w${i}`, reportId, x: 0, y: i * 4, w: 12, h: 4 }))),
    owner_id: ownerId,
    revision: 1,
    created_at: at,
    updated_at: at,
  });
  for (const s of shares) await db('dashboard_shares').insert({ dashboard_id: id, ...s });
  return id;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

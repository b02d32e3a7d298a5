import { FlowDefinition } from '@formloom/schemas';
import { defineForm } from './formBuilder.ts';
import type { Template } from './types.ts';

const name = { en: 'Payment request', 'zh-Hant': '付款申請' };

/** Expense categories; the QuickBooks connector maps each value to an expense account. */
const expenseCategories = [
  { value: 'office-supplies', title: { en: 'Office supplies', 'zh-Hant': '辦公用品' } },
  { value: 'travel', title: { en: 'Travel', 'zh-Hant': '差旅' } },
  { value: 'professional-fees', title: { en: 'Professional fees', 'zh-Hant': '專業服務費' } },
  { value: 'repairs', title: { en: 'Repairs and maintenance', 'zh-Hant': '維修保養' } },
  { value: 'utilities', title: { en: 'Utilities', 'zh-Hant': '水電雜費' } },
  { value: 'other', title: { en: 'Other', 'zh-Hant': '其他' } },
];

const paymentRequestForm = defineForm({
  key: 'payment-request',
  name,
  description: { en: "Ask Finance to pay a supplier's invoice.", 'zh-Hant': '申請財務部支付供應商發票。' },
  fields: {
    payee: {
      type: 'text',
      title: { en: 'Payee (vendor)', 'zh-Hant': '收款人（供應商）' },
      required: true,
      help: { en: 'As the name appears on the invoice.', 'zh-Hant': '請填寫發票上的名稱。' },
    },
    invoiceNumber: { type: 'text', title: { en: 'Invoice no.', 'zh-Hant': '發票編號' }, required: true },
    lines: {
      type: 'subtable',
      title: { en: 'Lines', 'zh-Hant': '付款明細' },
      required: true,
      schema: { minItems: 1 },
      fields: {
        description: { type: 'text', title: { en: 'Description', 'zh-Hant': '描述' }, required: true },
        category: { type: 'select', title: { en: 'Expense category', 'zh-Hant': '費用類別' }, required: true, options: expenseCategories },
        amount: { type: 'money', title: { en: 'Amount (HKD)', 'zh-Hant': '金額 (港幣)' }, required: true, schema: { exclusiveMinimum: 0 } },
      },
    },
    total: {
      type: 'calculated',
      title: { en: 'Total (HKD)', 'zh-Hant': '總額 (港幣)' },
      help: { en: 'Worked out from the lines above.', 'zh-Hant': '根據以上明細自動計算。' },
      schema: { multipleOf: 0.01, minimum: 0 },
      ui: { 'ui:options': { currency: 'HKD', expression: 'sum(lines.amount)' } },
    },
    dueDate: { type: 'date', title: { en: 'Due date', 'zh-Hant': '付款期限' }, required: true },
    paid: {
      type: 'checkbox',
      title: { en: 'Paid', 'zh-Hant': '已付款' },
      help: { en: 'Finance ticks this once the payment is made.', 'zh-Hant': '財務部付款後剔選。' },
    },
    paymentDate: { type: 'date', title: { en: 'Payment date', 'zh-Hant': '付款日期' } },
  },
});

/** The submitter's manager, then Finance, who may record the payment. */
const paymentRequestFlow = FlowDefinition.parse({
  version: 1,
  nodes: [
    {
      id: 'manager',
      type: 'approval',
      name: { en: 'Manager', 'zh-Hant': '主管' },
      approvers: [{ kind: 'manager', level: 1 }],
      onEmpty: 'admin',
      fieldPermissions: { paid: 'hidden', paymentDate: 'hidden' },
    },
    {
      id: 'finance',
      type: 'approval',
      name: { en: 'Finance', 'zh-Hant': '財務部' },
      approvers: [
        { kind: 'position', position: 'Finance Director' },
        { kind: 'position', position: 'Financial Controller' },
      ],
      mode: 'any',
      onEmpty: 'admin',
      fieldPermissions: { paid: 'editable', paymentDate: 'editable' },
    },
  ],
});

export const paymentRequest: Template = {
  id: 'payment-request',
  name,
  description: {
    en: "Staff send suppliers' invoices for payment; the manager and Finance approve, and Finance records the payment.",
    'zh-Hant': '員工提交供應商發票以申請付款；經主管及財務部審批後，由財務部記錄付款。',
  },
  app: {
    name: { en: 'Accounts payable', 'zh-Hant': '應付帳款' },
    description: { en: 'Payment requests for supplier invoices.', 'zh-Hant': '供應商發票的付款申請。' },
  },
  forms: [{ ...paymentRequestForm, workflow: paymentRequestFlow }],
};

import { purchaseRequestFlow } from '@formloom/schemas';
import { defineForm } from './formBuilder.ts';
import { orderTotalField, quantityField, unitPriceField } from './common.ts';
import type { Template } from './types.ts';

const name = { en: 'Purchase request', 'zh-Hant': '採購申請' };

const purchaseRequestForm = defineForm({
  key: 'purchase-request',
  name,
  description: { en: 'Ask for goods or services to be bought.', 'zh-Hant': '申請購買貨品或服務。' },
  fields: {
    department: { type: 'department', title: { en: 'Requesting department', 'zh-Hant': '申請部門' }, required: true },
    neededBy: { type: 'date', title: { en: 'Needed by', 'zh-Hant': '需要日期' }, required: true },
    supplier: {
      type: 'text',
      title: { en: 'Suggested supplier', 'zh-Hant': '建議供應商' },
      placeholder: { en: 'Company name', 'zh-Hant': '公司名稱' },
    },
    lines: {
      type: 'subtable',
      title: { en: 'Items', 'zh-Hant': '採購項目' },
      required: true,
      schema: { minItems: 1 },
      fields: {
        description: { type: 'text', title: { en: 'Description', 'zh-Hant': '描述' }, required: true },
        quantity: quantityField,
        unitPrice: unitPriceField,
      },
    },
    total: orderTotalField('lines'),
    justification: {
      type: 'textarea',
      title: { en: 'Justification', 'zh-Hant': '申請理由' },
      required: true,
      help: { en: 'Why is this needed, and what happens if it is not bought?', 'zh-Hant': '為何需要？如不購買會有甚麼影響？' },
    },
  },
});

export const purchaseRequest: Template = {
  id: 'purchase-request',
  name,
  description: {
    en: 'Staff request purchases with itemised lines; the total is worked out for them.',
    'zh-Hant': '員工逐項提交採購申請，總額自動計算。',
  },
  app: {
    name: { en: 'Purchasing', 'zh-Hant': '採購' },
    description: { en: 'Purchase requests from every department.', 'zh-Hant': '各部門的採購申請。' },
  },
  // The department head, then above HK$10,000 a finance countersign (docs/WORKFLOWS.md).
  forms: [{ ...purchaseRequestForm, workflow: purchaseRequestFlow('total') }],
};

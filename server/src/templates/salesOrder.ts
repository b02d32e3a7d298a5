import { defineForm } from './formBuilder.ts';
import { orderTotalField, unitPriceField } from './common.ts';
import type { Template } from './types.ts';

const name = { en: 'Sales order', 'zh-Hant': '銷售訂單' };

const salesOrderForm = defineForm({
  key: 'sales-order',
  name,
  description: { en: 'Take an order and where to deliver it.', 'zh-Hant': '記錄客戶訂單及送貨地址。' },
  fields: {
    customerName: { type: 'text', title: { en: 'Customer name', 'zh-Hant': '客戶名稱' }, required: true },
    email: {
      type: 'email',
      title: { en: 'Email', 'zh-Hant': '電郵' },
      placeholder: { en: 'name@example.com', 'zh-Hant': '例如 name@example.com' },
    },
    phone: { type: 'phone', title: { en: 'Phone', 'zh-Hant': '電話' }, required: true },
    lines: {
      type: 'subtable',
      title: { en: 'Order lines', 'zh-Hant': '訂單明細' },
      required: true,
      schema: { minItems: 1 },
      fields: {
        sku: { type: 'text', title: { en: 'SKU', 'zh-Hant': '貨品編號' }, required: true },
        description: { type: 'text', title: { en: 'Description', 'zh-Hant': '描述' } },
        // Goods are sold in whole units.
        quantity: { type: 'number', title: { en: 'Quantity', 'zh-Hant': '數量' }, required: true, schema: { type: 'integer', minimum: 1 } },
        unitPrice: unitPriceField,
      },
    },
    total: orderTotalField('lines'),
    shipping: {
      type: 'section',
      title: { en: 'Shipping address', 'zh-Hant': '送貨地址' },
      required: true,
      fields: {
        line1: {
          type: 'text',
          title: { en: 'Address line 1', 'zh-Hant': '地址第一行' },
          required: true,
          placeholder: { en: 'Flat, floor and building', 'zh-Hant': '室、樓層及大廈' },
        },
        line2: {
          type: 'text',
          title: { en: 'Address line 2', 'zh-Hant': '地址第二行' },
          placeholder: { en: 'Street name and number', 'zh-Hant': '街道名稱及門牌' },
        },
        district: {
          type: 'text',
          title: { en: 'District', 'zh-Hant': '地區' },
          required: true,
          placeholder: { en: 'e.g. Kwun Tong', 'zh-Hant': '例如 觀塘' },
        },
        region: {
          type: 'select',
          title: { en: 'Region', 'zh-Hant': '區域' },
          required: true,
          options: [
            { value: 'hong-kong-island', title: { en: 'Hong Kong Island', 'zh-Hant': '香港島' } },
            { value: 'kowloon', title: { en: 'Kowloon', 'zh-Hant': '九龍' } },
            { value: 'new-territories', title: { en: 'New Territories', 'zh-Hant': '新界' } },
          ],
        },
      },
    },
    notes: { type: 'textarea', title: { en: 'Notes', 'zh-Hant': '備註' } },
  },
});

export const salesOrder: Template = {
  id: 'sales-order',
  name,
  description: {
    en: 'Orders with line items, an automatic total and a Hong Kong delivery address.',
    'zh-Hant': '包含訂單明細、自動計算總額及香港送貨地址的訂單。',
  },
  app: {
    name: { en: 'Sales orders', 'zh-Hant': '銷售訂單' },
    description: { en: 'Customer orders and deliveries.', 'zh-Hant': '客戶訂單及送貨。' },
  },
  forms: [salesOrderForm],
};

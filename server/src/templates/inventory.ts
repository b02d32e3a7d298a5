import { defineForm, type FieldSpec } from './formBuilder.ts';
import { unitPriceField } from './common.ts';
import type { Template, TemplateForm } from './types.ts';

// Both forms file stock under the same zones, so the list is defined once.
const zoneField: FieldSpec = {
  type: 'select',
  title: { en: 'Warehouse zone', 'zh-Hant': '倉庫區域' },
  required: true,
  options: [
    { value: 'A', title: { en: 'Zone A', 'zh-Hant': 'A 區' } },
    { value: 'B', title: { en: 'Zone B', 'zh-Hant': 'B 區' } },
    { value: 'C', title: { en: 'Zone C', 'zh-Hant': 'C 區' } },
    { value: 'cold-room', title: { en: 'Cold room', 'zh-Hant': '冷藏庫' } },
  ],
};

const itemDefinition = defineForm({
  key: 'item',
  name: { en: 'Stock item', 'zh-Hant': '貨品' },
  description: { en: 'One record for each item you keep in stock.', 'zh-Hant': '每種存貨貨品一項記錄。' },
  fields: {
    sku: {
      type: 'text',
      title: { en: 'SKU', 'zh-Hant': '貨品編號 (SKU)' },
      required: true,
      schema: { pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$' },
      placeholder: { en: 'e.g. TEA-0042', 'zh-Hant': '例如 TEA-0042' },
      help: {
        en: 'Capital letters, digits and hyphens, 3 to 32 characters.',
        'zh-Hant': '3 至 32 個字元，只可用大楷英文字母、數字及連字號。',
      },
    },
    name: { type: 'text', title: { en: 'Item name', 'zh-Hant': '貨品名稱' }, required: true },
    barcode: {
      type: 'barcode',
      title: { en: 'Barcode', 'zh-Hant': '條碼' },
      help: { en: 'Scan the EAN or UPC code on the packaging.', 'zh-Hant': '掃描包裝上的 EAN 或 UPC 條碼。' },
    },
    unit: {
      type: 'select',
      title: { en: 'Unit', 'zh-Hant': '單位' },
      required: true,
      options: [
        { value: 'piece', title: { en: 'Piece', 'zh-Hant': '件' } },
        { value: 'box', title: { en: 'Box', 'zh-Hant': '盒' } },
        { value: 'carton', title: { en: 'Carton', 'zh-Hant': '箱' } },
        { value: 'kg', title: { en: 'Kilogram', 'zh-Hant': '公斤' } },
        { value: 'litre', title: { en: 'Litre', 'zh-Hant': '公升' } },
        { value: 'metre', title: { en: 'Metre', 'zh-Hant': '米' } },
      ],
    },
    unitPrice: unitPriceField,
    reorderLevel: {
      type: 'number',
      title: { en: 'Reorder level', 'zh-Hant': '補貨水平' },
      schema: { type: 'integer', minimum: 0 },
      help: { en: 'Reorder when stock falls to this quantity.', 'zh-Hant': '存貨跌至此數量時便應補貨。' },
    },
    zone: zoneField,
  },
});

// A catalogue: everyone who records stock movements picks from the whole item list, not only the
// items they added themselves (see services/relations.ts).
const itemForm: TemplateForm = { ...itemDefinition, uiSchema: { ...itemDefinition.uiSchema, 'ui:options': { catalogue: true } } };

const stockMovementForm = defineForm({
  key: 'stock-movement',
  name: { en: 'Stock movement', 'zh-Hant': '存貨變動' },
  description: { en: 'Record goods received, issued or counted.', 'zh-Hant': '記錄收貨、發貨或盤點調整。' },
  fields: {
    item: {
      type: 'relation',
      title: { en: 'Item', 'zh-Hant': '貨品' },
      required: true,
      // Names the target by form key; installing the template maps it to the created form.
      // Picking an item puts it in its usual zone; the person can change it.
      ui: { 'ui:options': { form: 'item', displayField: 'name', fill: { zone: 'zone' } } },
      help: { en: 'Pick the item from the stock item list.', 'zh-Hant': '從貨品清單中選擇。' },
    },
    movementType: {
      type: 'radio',
      title: { en: 'Movement', 'zh-Hant': '變動類型' },
      required: true,
      options: [
        { value: 'in', title: { en: 'Stock in', 'zh-Hant': '入貨' } },
        { value: 'out', title: { en: 'Stock out', 'zh-Hant': '出貨' } },
        { value: 'adjust', title: { en: 'Adjustment (stock count)', 'zh-Hant': '調整 (盤點)' } },
      ],
    },
    quantity: {
      type: 'number',
      title: { en: 'Quantity', 'zh-Hant': '數量' },
      required: true,
      schema: { not: { const: 0 } },
      help: { en: 'For an adjustment, a negative number reduces stock.', 'zh-Hant': '調整時，負數代表減少存貨。' },
    },
    zone: zoneField,
    reference: {
      type: 'text',
      title: { en: 'Reference', 'zh-Hant': '參考編號' },
      placeholder: { en: 'Delivery note or order number', 'zh-Hant': '送貨單或訂單號碼' },
    },
    note: { type: 'textarea', title: { en: 'Note', 'zh-Hant': '備註' } },
  },
  // Goods in and out are counted as positive quantities; only an adjustment may be negative.
  rules: [
    {
      if: { properties: { movementType: { enum: ['in', 'out'] } }, required: ['movementType'] },
      then: { properties: { quantity: { type: 'number', exclusiveMinimum: 0 } } },
    },
  ],
});

export const inventory: Template = {
  id: 'inventory',
  name: { en: 'Inventory', 'zh-Hant': '存貨管理' },
  description: {
    en: 'A stock item list and a log of every movement in, out and adjusted.',
    'zh-Hant': '貨品清單，以及每次入貨、出貨及調整的記錄。',
  },
  app: {
    name: { en: 'Inventory', 'zh-Hant': '存貨管理' },
    description: { en: 'Stock items and stock movements.', 'zh-Hant': '貨品及存貨變動。' },
  },
  forms: [itemForm, stockMovementForm],
};

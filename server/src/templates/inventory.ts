import { defineForm, type FieldSpec } from './formBuilder.ts';
import { unitPriceField } from './common.ts';
import type { Template, TemplateForm } from './types.ts';

/** Everyone who records movements picks from the whole list, not only the records they added (services/relations.ts). */
const asCatalogue = (form: TemplateForm): TemplateForm => ({
  ...form,
  uiSchema: { ...form.uiSchema, 'ui:options': { ...(form.uiSchema['ui:options'] as object), catalogue: true } },
});

const itemForm = asCatalogue(
  defineForm({
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
        schema: { maxLength: 200 },
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
      reorderPoint: {
        type: 'number',
        title: { en: 'Reorder point', 'zh-Hant': '補貨點' },
        schema: { minimum: 0, multipleOf: 0.001 },
        help: {
          en: 'The item shows on the low-stock list once its stock in all zones falls to this quantity.',
          'zh-Hant': '所有區域的存貨合共跌至此數量時，貨品會列入低存貨清單。',
        },
      },
      unitPrice: { ...unitPriceField, required: false },
    },
  }),
);

const zoneForm = asCatalogue(
  defineForm({
    key: 'zone',
    name: { en: 'Warehouse zone', 'zh-Hant': '倉庫區域' },
    description: { en: 'The places stock is kept, such as a rack or a room.', 'zh-Hant': '存放貨品的地方，例如貨架或房間。' },
    fields: {
      code: {
        type: 'text',
        title: { en: 'Zone code', 'zh-Hant': '區域代號' },
        required: true,
        schema: { pattern: '^[A-Z0-9][A-Z0-9-]{0,31}$' },
        placeholder: { en: 'e.g. TM-A-01', 'zh-Hant': '例如 TM-A-01' },
        help: { en: 'Capital letters, digits and hyphens.', 'zh-Hant': '只可用大楷英文字母、數字及連字號。' },
      },
      name: {
        type: 'text',
        title: { en: 'Name (English)', 'zh-Hant': '名稱 (英文)' },
        required: true,
        schema: { minLength: 1, maxLength: 100 },
        placeholder: { en: 'e.g. Tuen Mun A-01', 'zh-Hant': '例如 Tuen Mun A-01' },
      },
      nameZh: {
        type: 'text',
        title: { en: 'Name (Chinese)', 'zh-Hant': '名稱 (中文)' },
        required: true,
        schema: { minLength: 1, maxLength: 100 },
        placeholder: { en: 'The name in Chinese characters', 'zh-Hant': '例如 屯門 A-01' },
      },
      note: {
        type: 'textarea',
        title: { en: 'Note', 'zh-Hant': '備註' },
        schema: { maxLength: 2000 },
        placeholder: { en: 'e.g. cold room, top shelf', 'zh-Hant': '例如 冷藏庫、頂層貨架' },
      },
    },
  }),
);

const zoneRelation = (title: FieldSpec['title'], help: FieldSpec['help']): FieldSpec => ({
  type: 'relation',
  title,
  help,
  // Names the target by form key; installing the template maps it to the created form.
  ui: { 'ui:options': { form: 'zone', displayField: 'name' } },
});

/** The values of the movement type field, named in the ledger setting below. */
const MOVEMENT_TYPES = { receive: 'receive', issue: 'issue', transfer: 'transfer', count: 'count' } as const;

const movementDefinition = defineForm({
  key: 'stock-movement',
  name: { en: 'Stock movement', 'zh-Hant': '存貨變動' },
  description: {
    en: 'Goods received, issued, moved between zones or counted.',
    'zh-Hant': '記錄收貨、發貨、區域之間調倉或盤點。',
  },
  fields: {
    movementType: {
      type: 'radio',
      title: { en: 'Movement', 'zh-Hant': '變動類型' },
      required: true,
      options: [
        { value: MOVEMENT_TYPES.receive, title: { en: 'Receive', 'zh-Hant': '收貨' } },
        { value: MOVEMENT_TYPES.issue, title: { en: 'Issue', 'zh-Hant': '發貨' } },
        { value: MOVEMENT_TYPES.transfer, title: { en: 'Transfer between zones', 'zh-Hant': '調倉' } },
        { value: MOVEMENT_TYPES.count, title: { en: 'Stock count', 'zh-Hant': '盤點' } },
      ],
    },
    item: {
      type: 'relation',
      title: { en: 'Item', 'zh-Hant': '貨品' },
      required: true,
      ui: { 'ui:options': { form: 'item', displayField: 'name' } },
      help: { en: 'Scan or search the stock item list.', 'zh-Hant': '掃描或搜尋貨品清單。' },
    },
    zone: {
      ...zoneRelation(
        { en: 'Zone', 'zh-Hant': '區域' },
        { en: 'Where the goods are received, issued, counted or moved from.', 'zh-Hant': '收貨、發貨、盤點或調出的區域。' },
      ),
      required: true,
    },
    toZone: {
      ...zoneRelation({ en: 'To zone', 'zh-Hant': '調入區域' }, { en: 'Where the goods are moved to.', 'zh-Hant': '貨品調入的區域。' }),
      ui: {
        'ui:options': {
          form: 'zone',
          displayField: 'name',
          visibleWhen: { field: ['movementType'], op: 'eq', value: MOVEMENT_TYPES.transfer },
        },
      },
    },
    quantity: {
      type: 'number',
      title: { en: 'Quantity', 'zh-Hant': '數量' },
      required: true,
      // Thousandths are what the ledger keeps exactly (grams of a kilogram item).
      schema: { minimum: 0, multipleOf: 0.001, maximum: 1_000_000_000 },
      help: {
        en: 'For a stock count, the quantity counted in the zone.',
        'zh-Hant': '盤點時，請填寫區域內點算到的數量。',
      },
    },
    reference: {
      type: 'text',
      title: { en: 'Reference', 'zh-Hant': '參考編號' },
      schema: { maxLength: 200 },
      placeholder: { en: 'Delivery note or order number', 'zh-Hant': '送貨單或訂單號碼' },
    },
    note: { type: 'textarea', title: { en: 'Note', 'zh-Hant': '備註' }, schema: { maxLength: 2000 } },
  },
  rules: [
    // Goods received, issued or moved are a positive quantity; a count may find none.
    {
      if: { properties: { movementType: { enum: [MOVEMENT_TYPES.receive, MOVEMENT_TYPES.issue, MOVEMENT_TYPES.transfer] } } },
      then: { properties: { quantity: { type: 'number', exclusiveMinimum: 0 } } },
    },
    {
      if: { properties: { movementType: { const: MOVEMENT_TYPES.transfer } }, required: ['movementType'] },
      then: { properties: { toZone: { type: 'string', minLength: 1 } }, required: ['toZone'] },
    },
  ],
});

/**
 * The stock ledger (services/stock) reads this form-level setting: which fields hold what, and the
 * values of the movement type field.
 */
const stockMovementForm: TemplateForm = {
  ...movementDefinition,
  uiSchema: {
    ...movementDefinition.uiSchema,
    'ui:options': {
      stockLedger: {
        item: 'item',
        zone: 'zone',
        toZone: 'toZone',
        movementType: 'movementType',
        quantity: 'quantity',
        reference: 'reference',
        types: MOVEMENT_TYPES,
        allowNegativeStock: false,
      },
    },
  },
};

export const inventory: Template = {
  id: 'inventory',
  name: { en: 'Inventory', 'zh-Hant': '存貨管理' },
  description: {
    en: 'Stock items, warehouse zones and every movement, entered by scanning; on-hand per zone, low stock and stock cards.',
    'zh-Hant': '貨品、倉庫區域及每次存貨變動，以掃描輸入；按區域計算現存量，設低存貨清單及存貨卡。',
  },
  app: {
    name: { en: 'Inventory', 'zh-Hant': '存貨管理' },
    description: { en: 'Stock items, zones and stock movements.', 'zh-Hant': '貨品、倉庫區域及存貨變動。' },
  },
  // Targets first: installing links relations to forms created before them.
  forms: [itemForm, zoneForm, stockMovementForm],
};

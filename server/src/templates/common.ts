/** Fields more than one template uses, defined once. */
import { formatFieldName } from '@formloom/schemas';
import type { FieldSpec } from './formBuilder.ts';

export const quantityField: FieldSpec = {
  type: 'number',
  title: { en: 'Quantity', 'zh-Hant': '數量' },
  required: true,
  schema: { exclusiveMinimum: 0 },
};

export const unitPriceField: FieldSpec = {
  type: 'money',
  title: { en: 'Unit price (HKD)', 'zh-Hant': '單價 (港幣)' },
  required: true,
};

/** The order total: sum over `linesKey` rows of quantity × unitPrice, rounded to cents (a money field). */
export function orderTotalField(linesKey: string): FieldSpec {
  const lines = formatFieldName(linesKey);
  return {
    type: 'calculated',
    title: { en: 'Total (HKD)', 'zh-Hant': '總額 (港幣)' },
    help: { en: 'Worked out from the lines above.', 'zh-Hant': '根據以上明細自動計算。' },
    schema: { multipleOf: 0.01, minimum: 0 },
    ui: { 'ui:options': { currency: 'HKD', expression: `sum(${lines}.quantity * ${lines}.unitPrice)` } },
  };
}

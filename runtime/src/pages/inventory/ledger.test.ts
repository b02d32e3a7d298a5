import { describe, expect, it } from 'vitest';
import type { Form } from '../../api/types.ts';
import { formatQuantity, ledgerSetting, unitLabels, zoneName } from './ledger.ts';

const stockLedger = {
  item: 'item',
  zone: 'zone',
  toZone: 'toZone',
  movementType: 'movementType',
  quantity: 'quantity',
  types: { receive: 'in', issue: 'out', transfer: 'move', count: 'count' },
  itemFields: { sku: 'code' },
};

const formWith = (uiSchema: Record<string, unknown>, schema: Record<string, unknown> = {}): Form =>
  ({ id: 'f', appId: 'a', name: 'F', published: { version: 1, schema: { type: 'object', ...schema }, uiSchema } }) as unknown as Form;

describe('the stock pages read the ledger setting', () => {
  it('with the item and zone lists its relation fields link to, and field names over the defaults', () => {
    const form = formWith({
      'ui:options': { stockLedger },
      item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items' } },
      zone: { 'ui:fieldType': 'relation', 'ui:options': { form: 'zones' } },
    });
    expect(ledgerSetting(form)).toMatchObject({
      itemForm: 'items',
      zoneForm: 'zones',
      types: stockLedger.types,
      itemFields: { sku: 'code', barcode: 'barcode', name: 'name' },
      zoneFields: { code: 'code', name: 'name', nameZh: 'nameZh' },
    });
  });

  it('and find none on a form without one, or one whose item field links to no form', () => {
    expect(ledgerSetting(formWith({}))).toBeNull();
    expect(ledgerSetting(formWith({ 'ui:options': { stockLedger }, item: { 'ui:fieldType': 'text' } }))).toBeNull();
    const noCount = { ...stockLedger, types: { receive: 'in', issue: 'out', transfer: 'move' } };
    expect(
      ledgerSetting(
        formWith({ 'ui:options': { stockLedger: noCount }, item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'i' } } }),
      ),
    ).toBeNull();
  });
});

describe('what the stock pages show', () => {
  it('names a zone in the UI language, falling back to its label', () => {
    const zone = { label: 'Tuen Mun A-01', name: { en: 'Tuen Mun A-01', 'zh-Hant': '屯門 A-01' } };
    expect(zoneName(zone, 'zh-Hant')).toBe('屯門 A-01');
    expect(zoneName(zone, 'en')).toBe('Tuen Mun A-01');
    expect(zoneName({ label: 'TM-A-01', name: { en: null, 'zh-Hant': null } }, 'zh-Hant')).toBe('TM-A-01');
  });

  it('shows quantities to the thousandth without float noise', () => {
    expect(formatQuantity(0.1 + 0.2, 'en')).toBe('0.3');
    expect(formatQuantity(1234.5, 'en')).toBe('1,234.5');
    expect(formatQuantity(-2.125, 'zh-Hant')).toBe('-2.125');
  });

  it("words the item's unit from the item form's choices, translated", () => {
    const itemForm = formWith(
      { 'ui:i18n': { 'zh-Hant': { '/schema/properties/unit/oneOf/0/title': '箱' } } },
      { properties: { unit: { type: 'string', oneOf: [{ const: 'carton', title: 'Carton' }] } } },
    );
    expect(unitLabels(itemForm, 'unit', 'zh-Hant').get('carton')).toBe('箱');
    expect(unitLabels(itemForm, 'unit', 'en').get('carton')).toBe('Carton');
    expect(unitLabels(null, 'unit', 'en').size).toBe(0);
  });
});

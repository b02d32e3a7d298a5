import { describe, expect, it } from 'vitest';
import type { Form, LinkableRecord } from '../../api/types.ts';
import { ledgerSetting, type LedgerSetting } from './ledger.ts';
import { findCachedItem, itemFromStock, mergeItems } from './offlineCatalogue.ts';

const ledger = ledgerSetting({
  id: 'f',
  appId: 'a',
  name: 'F',
  published: {
    version: 1,
    schema: { type: 'object' },
    uiSchema: {
      'ui:options': {
        stockLedger: {
          item: 'item',
          zone: 'zone',
          movementType: 'movementType',
          quantity: 'quantity',
          types: { receive: 'in', issue: 'out', transfer: 'move', count: 'count' },
          itemFields: { sku: 'code' },
        },
      },
      item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items' } },
    },
  },
} as unknown as Form) as LedgerSetting;

const tea = itemFromStock(ledger, {
  id: 'tea',
  label: 'Lemon tea',
  sku: 'TEA-0042',
  barcode: '4891028164456',
  unit: null,
  reorderPoint: null,
});
const soap: LinkableRecord = { id: 'soap', label: '036000291452', data: { code: '036000291452', name: 'Soap', barcode: '0036000291452' } };
const rice: LinkableRecord = { id: 'rice', label: 'RICE-5', data: { code: 'RICE-5', name: 'Rice 5 kg' } };
const items = [tea, soap, rice];

describe('finding an item on the device by a scanned code', () => {
  it('puts an on-hand row under the item list’s field keys', () => {
    expect(tea).toEqual({ id: 'tea', label: 'TEA-0042', data: { name: 'Lemon tea', code: 'TEA-0042', barcode: '4891028164456' } });
  });

  it('matches the barcode exactly, in every GTIN width, and inside GS1 data', () => {
    expect(findCachedItem(items, ledger, '4891028164456')?.id).toBe('tea');
    expect(findCachedItem(items, ledger, '036000291452')?.id).toBe('soap'); // UPC-A of a stored EAN-13
    expect(findCachedItem(items, ledger, '00036000291452')?.id).toBe('soap'); // GTIN-14
    expect(findCachedItem(items, ledger, '(01)00036000291452(10)LOT7')?.id).toBe('soap');
    expect(findCachedItem(items, ledger, '489102816445')).toBeNull(); // a prefix is not the code
  });

  it('falls back to the exact SKU, and finds nothing when the code names two items', () => {
    expect(findCachedItem(items, ledger, 'RICE-5')?.id).toBe('rice');
    expect(findCachedItem(items, ledger, 'rice-5')).toBeNull();
    const twin: LinkableRecord = { id: 'twin', label: 'X', data: { code: 'RICE-5' } };
    expect(findCachedItem([...items, twin], ledger, 'RICE-5')).toBeNull();
  });

  it('keeps the newer copy of an item found twice', () => {
    const renamed = { ...tea, data: { ...tea.data, name: 'Lemon tea 250 ml' } };
    expect(mergeItems(items, [renamed]).find((r) => r.id === 'tea')?.data.name).toBe('Lemon tea 250 ml');
    expect(mergeItems(items, [renamed])).toHaveLength(3);
  });
});

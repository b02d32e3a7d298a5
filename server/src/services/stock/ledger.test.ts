import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../templates/index.ts';
import { movementOf, stockLedgerOf, toThousandths } from './ledger.ts';

const movementForm = findTemplate('inventory')!.forms.find((f) => f.key === 'stock-movement')!;
const ledger = stockLedgerOf(movementForm.schema, movementForm.uiSchema)!;

describe('stock ledger setting', () => {
  it("reads the inventory template's setting, with its relation targets", () => {
    expect(ledger).toMatchObject({
      item: 'item',
      zone: 'zone',
      toZone: 'toZone',
      itemForm: 'item',
      zoneForm: 'zone',
      allowNegativeStock: false,
    });
    const options = (movementForm.schema.properties as any).movementType.oneOf.map((o: any) => o.const);
    expect(Object.values(ledger.types).sort()).toEqual([...options].sort());
  });

  it('is absent on a form without one, and refused when it names fields the form lacks', () => {
    expect(stockLedgerOf(movementForm.schema, {})).toBeNull();
    const broken = (change: object) => ({
      'ui:options': { stockLedger: { ...(movementForm.uiSchema as any)['ui:options'].stockLedger, ...change } },
    });
    expect(() => stockLedgerOf(movementForm.schema, broken({ item: 'sku' }))).toThrow(/names no top-level field as "item"/);
    expect(() => stockLedgerOf(movementForm.schema, broken({ types: { receive: 'in' } }))).toThrow(/no value for the "issue"/);
    expect(() => stockLedgerOf(movementForm.schema, broken({ types: { receive: 'a', issue: 'a', transfer: 'b', count: 'c' } }))).toThrow(
      /same value/,
    );
  });
});

describe('quantities', () => {
  it.each([
    [2.5, 2500],
    [0.001, 1],
    [2.675, 2675],
    [1e9, 1e12],
    [-0.3, -300],
  ])('%d is %d thousandths', (q, t) => expect(toThousandths(q)).toBe(t));

  it.each([0.0005, 1.0001, NaN, Infinity, 1e9 + 1])('%d is refused', (q) => expect(toThousandths(q)).toBeNull());
});

describe('movements', () => {
  const base = { item: 'i', zone: 'a' };
  it('turns each type into the changes it makes', () => {
    const legs = (data: object) =>
      'movement' in movementOf(ledger, data as any) ? (movementOf(ledger, data as any) as any).movement.legs : null;
    expect(legs({ ...base, movementType: 'receive', quantity: 1.5 })).toEqual([{ zone: 'a', delta: 1500 }]);
    expect(legs({ ...base, movementType: 'issue', quantity: 1.5 })).toEqual([{ zone: 'a', delta: -1500 }]);
    expect(legs({ ...base, movementType: 'transfer', toZone: 'b', quantity: 2 })).toEqual([
      { zone: 'a', delta: -2000 },
      { zone: 'b', delta: 2000 },
    ]);
    expect(legs({ ...base, movementType: 'count', quantity: 0 })).toEqual([{ zone: 'a', setTo: 0 }]);
  });

  it('says what is wrong, at the field', () => {
    const problems = (data: object) => ((movementOf(ledger, data as any) as any).problems ?? []).map((p: any) => p.path);
    expect(problems({ ...base, movementType: 'issue', quantity: 0 })).toEqual(['/quantity']);
    expect(problems({ ...base, movementType: 'transfer', quantity: 1 })).toEqual(['/toZone']);
    expect(problems({ movementType: 'receive', quantity: 1 })).toEqual(['/item', '/zone']);
    expect(problems({ ...base, movementType: 'count', quantity: -1 })).toEqual(['/quantity']);
  });
});

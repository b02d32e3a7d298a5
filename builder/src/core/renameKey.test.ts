import { describe, expect, it } from 'vitest';
import { renameInExpression } from './renameKey.ts';
import { doc, field, must, testStore } from './test/helpers.ts';

describe('renameInExpression', () => {
  it('renames references, including dotted paths and quoted names, and nothing else', () => {
    expect(renameInExpression('sum(lines.qty * lines.unitPrice) + qty', 'qty', 'quantity')).toBe(
      'sum(lines.quantity * lines.unitPrice) + quantity',
    );
    expect(renameInExpression("concat('qty', qtyx, qty)", 'qty', 'n')).toBe("concat('qty', qtyx, n)");
    expect(renameInExpression('`unit price` * 2', 'unit price', 'unitPrice')).toBe('unitPrice * 2');
    expect(renameInExpression('price * 2', 'price', 'and')).toBe('`and` * 2');
    expect(renameInExpression('shipping.region = "x"', 'shipping', 'delivery')).toBe('delivery.region = "x"');
  });

  it('leaves a formula that does not parse as it is', () => {
    expect(renameInExpression('sum(qty *', 'qty', 'n')).toBe('sum(qty *');
  });
});

describe('setKey', () => {
  it('updates formulas and fill maps that name the field, in the same undo step', () => {
    const initial = doc([
      field('subtable', 'lines', { children: [field('number', 'qty'), field('money', 'price')] }),
      field('calculated', 'total', { props: { expression: 'sum(lines.qty * lines.price)' } }),
      field('calculated', 'legacy', { props: { calculate: { sumOf: 'lines', multiply: ['qty', 'price'] } } }),
      field('relation', 'item', { props: { relation: { formId: 'f1', fill: { price: 'unitPrice' } } } }),
      field('text', 'untouched'),
      field('select', 'supplier', { props: { optionsFrom: { formId: 'f2', field: 'name', fill: { price: 'listPrice' } } } }),
    ]);
    const store = testStore(initial);
    must(store, { type: 'setKey', id: 'price-id', key: 'unitPrice' });
    must(store, { type: 'setKey', id: 'lines-id', key: 'rows' });
    const [lines, total, legacy, item, untouched] = store.getState().doc.fields;
    expect(lines.children!.map((c) => c.key)).toEqual(['qty', 'unitPrice']);
    expect(total.props.expression).toBe('sum(rows.qty * rows.unitPrice)');
    expect(legacy.props.calculate).toEqual({ sumOf: 'rows', multiply: ['qty', 'unitPrice'] });
    // The map's right side names the other form's field, which did not change.
    expect(item.props.relation!.fill).toEqual({ unitPrice: 'unitPrice' });
    expect(untouched).toBe(initial.fields[4]);
    expect(store.getState().doc.fields[5].props.optionsFrom).toEqual({ formId: 'f2', field: 'name', fill: { unitPrice: 'listPrice' } });
    store.undo();
    expect(store.getState().doc.fields[1].props.expression).toBe('sum(lines.qty * lines.unitPrice)');
    store.undo();
    expect(store.getState().doc).toBe(initial);
  });
});

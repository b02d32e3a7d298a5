import { describe, expect, it } from 'vitest';
import { QuickBooksMappingTarget } from '../shared/index.ts';
import { validateMapping } from './validateMapping.ts';

const schema = {
  type: 'object',
  properties: {
    payee: { type: 'string' },
    paid: { type: 'boolean' },
    paidOn: { type: 'string', format: 'date' },
    total: { type: 'number' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          amount: { type: 'number' },
          category: { type: 'string', oneOf: [{ const: 'travel' }, { const: 'meals' }] },
          note: { type: 'string' },
        },
      },
    },
  },
};

const bill = (lines: object, extra: object = {}) =>
  QuickBooksMappingTarget.parse({
    kind: 'bill',
    vendor: { mode: 'field', field: 'payee' },
    lines: { field: 'lines', amount: 'amount', ...lines },
    ...extra,
  });

describe('mapping validation against the form', () => {
  it('accepts a mapping that fits', () => {
    expect(
      validateMapping(
        bill(
          { category: 'category', categoryAccounts: { travel: { value: '1' }, meals: { value: '2' } } },
          { payment: { paidField: 'paid', paymentDateField: 'paidOn', bankAccount: { value: '9' } } },
        ),
        schema,
      ),
    ).toEqual([]);
  });

  it('needs a published form', () => {
    expect(validateMapping(bill({ defaultAccount: { value: '1' } }), null)[0].message).toMatch(/Publish the form first/);
  });

  it('names a field that is not a sub-table, and a column of the wrong kind', () => {
    expect(validateMapping(bill({ field: 'total', defaultAccount: { value: '1' } }), schema)).toEqual([
      { path: '/target/lines/field', message: '"total" must be a sub-table (the lines).' },
    ]);
    expect(validateMapping(bill({ amount: 'note', defaultAccount: { value: '1' } }), schema)).toEqual([
      { path: '/target/lines/amount', message: '"lines.note" must be a number or money field.' },
    ]);
  });

  it('wants every category option mapped unless there is a default account', () => {
    expect(validateMapping(bill({ category: 'category', categoryAccounts: { travel: { value: '1' } } }), schema)).toEqual([
      { path: '/target/lines/categoryAccounts', message: 'Choose an account for "meals", or a default expense account.' },
    ]);
    expect(
      validateMapping(bill({ category: 'category', categoryAccounts: { travel: { value: '1' } }, defaultAccount: { value: '3' } }), schema),
    ).toEqual([]);
  });
});

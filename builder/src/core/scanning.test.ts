import { describe, expect, it } from 'vitest';
import { defaultFieldTypes } from '@formloom/schemas';
import { compileForm } from './compile.ts';
import { importForm } from './import.ts';
import { propProblem } from './props.ts';
import { scanTargetProblems, trimScanning } from './scanning.ts';
import { doc, field, must, testStore } from './test/helpers.ts';
import { allFields } from './tree.ts';

type JsonObject = Record<string, any>;

const SCANNING = {
  continuous: true,
  duplicateWindowMs: 5000,
  duplicates: 'count' as const,
  countField: 'qty',
  gs1: { gtin: 'gtin', batch: 'lot', expiry: 'bestBefore', serial: 'serialNo', count: 'qty' },
};

const stockDoc = (scanning: object = SCANNING) =>
  doc([
    field('barcode', 'code', { props: { scanning } }),
    field('text', 'gtin'),
    field('text', 'lot'),
    field('date', 'bestBefore'),
    field('text', 'serialNo'),
    field('number', 'qty'),
  ]);

describe("a barcode field's scanning options", () => {
  it('compiles to the ui:options the runtime reads and imports back as the same prop', () => {
    const compiled = compileForm(stockDoc());
    expect(compiled.warnings).toEqual([]);
    expect((compiled.uiSchema as JsonObject).code['ui:options']).toEqual(SCANNING);
    const [code] = allFields(importForm(compiled.schema, compiled.uiSchema));
    expect(code.props).toEqual({ scanning: SCANNING });
    expect(code.extras).toBeUndefined();
    expect(compileForm(importForm(compiled.schema, compiled.uiSchema)).uiSchema).toEqual(compiled.uiSchema);
  });

  it('writes nothing for a barcode field without the prop', () => {
    const compiled = compileForm(doc([field('barcode', 'code')]));
    expect((compiled.uiSchema as JsonObject).code['ui:options']).toBeUndefined();
  });

  it('keeps options the designer cannot model verbatim, and refuses them as a prop', () => {
    const ui = { code: { 'ui:fieldType': 'barcode', 'ui:options': { duplicates: 'sometimes', gs1: { gtin: 'gtin' } } } };
    const [code] = allFields(importForm({ type: 'object', properties: { code: defaultFieldTypes.getOrThrow('barcode').schema } }, ui));
    expect(code.props.scanning).toBeUndefined();
    expect(code.extras?.uiSchema['ui:options']).toEqual({ duplicates: 'sometimes', gs1: { gtin: 'gtin' } });
    const barcode = defaultFieldTypes.get('barcode');
    expect(propProblem('scanning', { duplicateWindowMs: 600_001 }, barcode)).toMatch(/scanning/);
    expect(propProblem('scanning', { duplicateWindowMs: 1.5 }, barcode)).toMatch(/scanning/);
    expect(propProblem('scanning', { gs1: { lot: 'lot' } }, barcode)).toMatch(/scanning/);
    expect(propProblem('scanning', { gs1: { batch: '' } }, barcode)).toMatch(/scanning/);
    expect(propProblem('scanning', { sites: [] }, barcode)).toMatch(/scanning/);
    expect(propProblem('scanning', { continuous: true }, defaultFieldTypes.get('text'))).toMatch(/has no "scanning"/);
    expect(propProblem('scanning', { duplicateWindowMs: 0, duplicates: 'ignore' }, barcode)).toBeNull();
  });

  it('follows a renamed field in the same undo step', () => {
    const initial = stockDoc();
    const store = testStore(initial);
    must(store, { type: 'setKey', id: 'qty-id', key: 'quantity' });
    must(store, { type: 'setKey', id: 'lot-id', key: 'batchNo' });
    expect(store.getState().doc.fields[0].props.scanning).toEqual({
      ...SCANNING,
      countField: 'quantity',
      gs1: { gtin: 'gtin', batch: 'batchNo', expiry: 'bestBefore', serial: 'serialNo', count: 'quantity' },
    });
    store.undo();
    store.undo();
    expect(store.getState().doc).toBe(initial);
  });

  it('names each slot whose field was deleted or cannot hold the value', () => {
    const store = testStore(stockDoc());
    expect(scanTargetProblems(store.getState().doc.fields[0], store.getState().doc.fields)).toEqual([]);
    must(store, { type: 'removeField', id: 'qty-id' });
    const fields = store.getState().doc.fields;
    expect(scanTargetProblems(fields[0], fields)).toEqual([
      { target: 'count', key: 'qty', reason: 'missing' },
      { target: 'countField', key: 'qty', reason: 'missing' },
    ]);
    const wrong = stockDoc({ gs1: { expiry: 'lot', gtin: 'code' } }).fields;
    expect(scanTargetProblems(wrong[0], wrong)).toEqual([
      { target: 'gtin', key: 'code', reason: 'missing' },
      { target: 'expiry', key: 'lot', reason: 'wrongType' },
    ]);
  });
});

describe('trimScanning', () => {
  it('leaves out the defaults, and the count field unless repeats are counted', () => {
    expect(trimScanning({ continuous: false, duplicateWindowMs: 3000, duplicates: 'ignore', countField: 'qty', gs1: {} })).toBeUndefined();
    expect(trimScanning({ duplicateWindowMs: 0, duplicates: 'count', countField: 'qty', gs1: { batch: 'lot', serial: '' } })).toEqual({
      duplicateWindowMs: 0,
      duplicates: 'count',
      countField: 'qty',
      gs1: { batch: 'lot' },
    });
  });
});

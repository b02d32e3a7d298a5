import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const panel = () => screen.getByRole('tabpanel');
const optionTexts = (el: HTMLElement) => [...(el as HTMLSelectElement).options].map((o) => o.text);
const barcodeOptions = (saved: Awaited<ReturnType<typeof lastSaved>>) =>
  Object.values(saved.uiSchema).find((ui) => ui?.['ui:fieldType'] === 'barcode')['ui:options'];

/** A stock-take form: fields a scan may fill, of each type. */
const stockForm = (extra: { properties?: object; uiSchema?: object } = {}) =>
  form({
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      title: 'Stock take',
      properties: {
        lot: { type: 'string', title: 'Lot' },
        bestBefore: { type: 'string', format: 'date', title: 'Best before' },
        qty: { type: 'number', title: 'Quantity' },
        ...extra.properties,
      },
    },
    uiSchema: {
      lot: { 'ui:fieldType': 'text' },
      bestBefore: { 'ui:fieldType': 'date' },
      qty: { 'ui:fieldType': 'number' },
      ...extra.uiSchema,
    },
  });

describe('barcode field: scanning', () => {
  it('sets continuous scanning, the repeat window in seconds, counting and GS1 targets, saved as ui:options; each change is one undo step', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: stockForm() });
    await user.click(screen.getByTestId('palette-barcode'));
    const section = within(panel()).getByRole('heading', { name: 'Scanning' }).parentElement!;
    await user.click(within(section).getByLabelText('Keep the camera open (scan item after item)'));
    const window = within(section).getByLabelText('Same code again within (seconds)');
    expect((window as HTMLInputElement).value).toBe('3');
    await user.clear(window);
    await user.type(window, '601{Enter}');
    expect(within(section).getByRole('alert').textContent).toBe('Enter 0 to 600 seconds.');
    await user.clear(window);
    await user.type(window, '1.5{Enter}');
    await user.click(within(section).getByLabelText('counted (adds 1 to a number field)'));
    expect((within(section).getByLabelText('Count repeats in') as HTMLSelectElement).value).toBe('qty');
    const batch = within(section).getByLabelText('Batch / lot goes to');
    expect(optionTexts(batch)).toEqual(['—', 'Lot (lot)']); // text fields only
    expect(optionTexts(within(section).getByLabelText('Expiry date goes to'))).toEqual(['—', 'Best before (bestBefore)']);
    await user.selectOptions(batch, 'lot');
    await user.selectOptions(within(section).getByLabelText('Expiry date goes to'), 'bestBefore');
    expect(barcodeOptions(await lastSaved(api))).toEqual({
      continuous: true,
      duplicateWindowMs: 1500,
      duplicates: 'count',
      countField: 'qty',
      gs1: { batch: 'lot', expiry: 'bestBefore' },
    });

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(barcodeOptions(await lastSaved(api)).gs1).toEqual({ batch: 'lot' });
    await user.click(within(section).getByLabelText('ignored'));
    // defaults are not written: ignoring repeats drops the count field too
    expect(barcodeOptions(await lastSaved(api))).toEqual({ continuous: true, duplicateWindowMs: 1500, gs1: { batch: 'lot' } });
  }, 20_000);

  it('offers counting only with a number field beside it', async () => {
    const user = withFakeTimers();
    renderWorkspace({ api: fakeDesignerApi() });
    await user.click(screen.getByTestId('palette-barcode'));
    expect(within(panel()).getByLabelText('counted (adds 1 to a number field)')).toHaveProperty('disabled', true);
    expect(within(panel()).getByText('To count repeats, add a Number field beside this one.')).toBeTruthy();
  });

  it('shows a target that is no longer beside it, in Chinese too, instead of dropping it', async () => {
    const user = withFakeTimers();
    const theForm = stockForm({
      properties: { code: { type: 'string', title: 'Code' } },
      uiSchema: { code: { 'ui:fieldType': 'barcode', 'ui:options': { gs1: { serial: 'serialNo', batch: 'lot' } } } },
    });
    renderWorkspace({ api: fakeDesignerApi(), theForm, locale: 'zh-Hant' });
    await user.click(screen.getByTestId('field-code'));
    const serial = within(panel()).getByLabelText('序號填入') as HTMLSelectElement;
    expect(serial.value).toBe('serialNo');
    expect(optionTexts(serial)).toEqual(['—', 'serialNo（無法使用）', 'Lot (lot)']);
    expect(within(panel()).getByRole('alert').textContent).toBe(
      '「serialNo」已不是此欄位旁的欄位（已刪除或移走）。請選擇其他欄位或「—」。',
    );
    expect((within(panel()).getByLabelText('批次／批號填入') as HTMLSelectElement).value).toBe('lot');
  });

  it('marks the barcode field on the canvas when a field it fills is deleted, until the delete is undone', async () => {
    const user = withFakeTimers();
    const theForm = stockForm({
      properties: { code: { type: 'string', title: 'Code' } },
      uiSchema: { code: { 'ui:fieldType': 'barcode', 'ui:options': { duplicates: 'count', countField: 'qty' } } },
    });
    renderWorkspace({ api: fakeDesignerApi(), theForm });
    expect(screen.queryByTestId('scan-target-warning')).toBeNull();
    await user.click(screen.getByTestId('field-qty'));
    await user.click(within(screen.getByRole('toolbar', { name: 'Actions for Quantity' })).getByRole('button', { name: 'Delete' }));
    expect(within(screen.getByTestId('field-code')).getByTestId('scan-target-warning').textContent).toBe(
      'Scanning fills qty, which is not a usable field beside this one. Select this field and check Scanning.',
    );
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.queryByTestId('scan-target-warning')).toBeNull();
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const panel = () => screen.getByRole('tabpanel');
const optionTexts = (el: HTMLElement) => [...(el as HTMLSelectElement).options].map((o) => o.text);

describe('the fill map of a linked-record field', () => {
  it('adds, changes and removes "fill <field here> with <field of the record>" rows, saved as ui:options.fill', async () => {
    const user = withFakeTimers();
    const items = form(
      {
        schema: {
          type: 'object',
          properties: {
            sku: { type: 'string', title: 'SKU' },
            name: { type: 'string', title: 'Item name' },
            price: { type: 'number', title: 'Price' },
          },
        },
        uiSchema: {},
      },
      { id: 'items', name: 'Stock items' },
    );
    const theForm = form({
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        title: 'Order',
        properties: { itemName: { type: 'string', title: 'Item' }, unitPrice: { type: 'number', title: 'Unit price' } },
      },
      uiSchema: {},
    });
    const api = fakeDesignerApi({ listForms: () => Promise.resolve([theForm, items]) });
    renderWorkspace({ api, theForm });
    await user.click(screen.getByTestId('palette-relation'));
    await user.selectOptions(await within(panel()).findByLabelText('Link to records of'), 'Stock items');
    const add = within(panel()).getByRole('button', { name: 'Fill another field' });

    await user.click(add);
    const here1 = within(panel()).getByLabelText('Fill this field (row 1)');
    expect(optionTexts(here1)).toEqual(['Item (itemName)', 'Unit price (unitPrice)']); // its siblings, not itself
    expect(optionTexts(within(panel()).getByLabelText('With this field of the record (row 1)'))).toEqual([
      'SKU (sku)',
      'Item name (name)',
      'Price (price)',
    ]);
    await user.selectOptions(within(panel()).getByLabelText('With this field of the record (row 1)'), 'Item name (name)');
    await user.click(add);
    // a field here is filled once: the second row gets the other one, and the button is spent
    expect((within(panel()).getByLabelText('Fill this field (row 2)') as HTMLSelectElement).value).toBe('unitPrice');
    expect(optionTexts(within(panel()).getByLabelText('Fill this field (row 2)'))).toEqual(['Unit price (unitPrice)']);
    expect(add).toHaveProperty('disabled', true);
    await user.selectOptions(within(panel()).getByLabelText('With this field of the record (row 2)'), 'Price (price)');
    await user.selectOptions(within(panel()).getByLabelText('Show records by'), 'SKU (sku)'); // keeps the map
    let saved = await lastSaved(api);
    const key = Object.keys(saved.uiSchema).find((k) => saved.uiSchema[k]?.['ui:fieldType'] === 'relation')!;
    expect(saved.uiSchema[key]['ui:options']).toEqual({
      form: 'items',
      displayField: 'sku',
      fill: { itemName: 'name', unitPrice: 'price' },
    });

    await user.click(within(panel()).getByRole('button', { name: 'Stop filling Item (itemName) with Item name (name)' }));
    saved = await lastSaved(api);
    expect(saved.uiSchema[key]['ui:options'].fill).toEqual({ unitPrice: 'price' });
    await user.click(within(panel()).getByRole('button', { name: 'Stop filling Unit price (unitPrice) with Price (price)' }));
    saved = await lastSaved(api);
    expect(saved.uiSchema[key]['ui:options'].fill).toBeUndefined();
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LinkableRecord } from '../api/types.ts';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';

const doc = {
  schema: {
    type: 'object',
    title: 'Stock out',
    required: ['item'],
    properties: {
      item: { type: 'string', title: 'Item' },
      unit: { type: 'string', title: 'Unit' },
      price: { type: 'number', title: 'Price' },
    },
  },
  uiSchema: {
    item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items', displayField: 'name', fill: { unit: 'unit', price: 'price' } } },
  },
};

const catalogue: LinkableRecord[] = [
  { id: 'r1', label: 'Gloves', data: { name: 'Gloves', unit: 'box', price: 12.5 } },
  { id: 'r2', label: 'Masks', data: { name: 'Masks', unit: 'pack', price: 30 } },
];

describe('relation picker', () => {
  it('searches the target form’s records, links the picked one and fills the mapped fields', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc)),
      listRecords: (_formId, { q, ids }) =>
        Promise.resolve(catalogue.filter((r) => (ids ? ids.includes(r.id) : !q || r.label.toLowerCase().includes(q.toLowerCase())))),
      createSubmission: (_f, data) =>
        Promise.resolve({ id: 's1', formId: 'form1', formVersion: 1, data, createdAt: '', createdBy: 'u', createdByName: 'U' }),
    });
    renderApp('/f/form1', { api });
    await userEvent.type(await screen.findByLabelText('Search Item'), 'glo');
    await waitFor(() => expect(api.listRecords).toHaveBeenLastCalledWith('items', { q: 'glo', display: 'name', limit: 20 }));
    expect(screen.queryByRole('button', { name: 'Masks' })).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: 'Gloves' }));

    expect((screen.getByLabelText('Unit') as HTMLInputElement).value).toBe('box');
    expect((screen.getByLabelText('Price') as HTMLInputElement).value).toBe('12.5');
    expect(screen.getByText('Gloves')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith('form1', { item: 'r1', unit: 'box', price: 12.5 }, expect.any(String));
  });
});

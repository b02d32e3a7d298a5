import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';

// What the designer writes for "show Temperature when Fever is yes" and, inside a sub-table row,
// "show Note when Kind is other".
const doc = {
  schema: {
    type: 'object',
    title: 'Check',
    properties: {
      fever: { type: 'boolean', title: 'Fever' },
      temperature: { type: 'number', title: 'Temperature' },
      lines: {
        type: 'array',
        title: 'Lines',
        items: { type: 'object', properties: { kind: { type: 'string', title: 'Kind' }, note: { type: 'string', title: 'Note' } } },
      },
    },
  },
  uiSchema: {
    fever: { 'ui:widget': 'checkbox' },
    temperature: { 'ui:options': { visibleWhen: { field: ['fever'], op: 'eq', value: true } } },
    lines: { items: { note: { 'ui:options': { visibleWhen: { field: ['lines', 'kind'], op: 'eq', value: 'other' } } } } },
  },
};

describe('show/hide rules in the form', () => {
  it('shows a field only while its condition holds and never submits a hidden value', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc)),
      createSubmission: (_f, data) =>
        Promise.resolve({ id: 's1', formId: 'form1', formVersion: 1, data, createdAt: '', createdBy: 'u', createdByName: 'U' }),
    });
    renderApp('/f/form1', { api });
    await screen.findByLabelText('Fever');
    expect(screen.queryByLabelText('Temperature')).toBeNull();

    await userEvent.click(screen.getByLabelText('Fever'));
    await userEvent.type(await screen.findByLabelText('Temperature'), '38.5');
    await userEvent.click(screen.getByLabelText('Fever')); // hide it again: the 38.5 must not be sent
    await waitFor(() => expect(screen.queryByLabelText('Temperature')).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: /Add/ }));
    expect(screen.queryByLabelText('Note')).toBeNull();
    await userEvent.type(screen.getByLabelText('Kind'), 'other');
    await userEvent.type(await screen.findByLabelText('Note'), 'fragile');

    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      { fever: false, lines: [{ kind: 'other', note: 'fragile' }] },
      expect.any(String),
    );
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LinkableRecord } from '../api/types.ts';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';

const doc = {
  schema: {
    type: 'object',
    title: 'Leave request',
    required: ['department'],
    properties: { department: { type: 'string', title: 'Department' } },
  },
  uiSchema: {
    department: { 'ui:fieldType': 'select', 'ui:options': { optionsFrom: { form: 'departments', field: 'name' } } },
  },
};

// The server answers `label: null` for a record without a value (the client's type says string).
const record = (i: number, name: string | null): LinkableRecord => ({
  id: `r${i}`,
  label: name as string,
  data: name === null ? {} : { name },
});
const optionTexts = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map((o) => o.textContent);
const created = (_f: string, data: Record<string, unknown>) =>
  Promise.resolve({ id: 's1', formId: 'form1', formVersion: 1, data, createdAt: '', createdBy: 'u', createdByName: 'U' });

describe('choice with options from another form', () => {
  it('offers the distinct values of the source field and submits the chosen text', async () => {
    const records = [record(1, 'Finance'), record(2, '人事部'), record(3, 'Finance'), record(4, null)];
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc)),
      listRecords: () => Promise.resolve(records),
      createSubmission: created,
    });
    renderApp('/f/form1', { api });
    const select = await screen.findByRole('combobox', { name: /Department/ });
    await waitFor(() => expect(optionTexts(select)).toEqual(['Choose…', 'Finance', '人事部']));
    expect(api.listRecords).toHaveBeenCalledWith('departments', { display: 'name', limit: 50, q: undefined });
    // fewer than 50 records: every choice is listed, no search box
    expect(screen.queryByRole('searchbox')).toBeNull();

    await userEvent.selectOptions(select, '人事部');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith('form1', { department: '人事部' }, expect.any(String));
  });

  it('shows a search box when the source has 50 records or more, and searches the source field', async () => {
    const many = Array.from({ length: 50 }, (_, i) => record(i, `Team ${i}`));
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc)),
      listRecords: (_formId, { q }) => Promise.resolve(q ? many.filter((r) => r.label!.includes(q)) : many),
    });
    renderApp('/f/form1', { api });
    const search = await screen.findByRole('searchbox', { name: 'Search the choices for Department' });
    await userEvent.type(search, 'Team 4');
    await waitFor(() => expect(api.listRecords).toHaveBeenLastCalledWith('departments', { display: 'name', limit: 50, q: 'Team 4' }));
    const select = screen.getByRole('combobox', { name: /Department/ });
    await waitFor(() =>
      expect(optionTexts(select)).toEqual([
        'Choose…',
        'Team 4',
        'Team 40',
        'Team 41',
        'Team 42',
        'Team 43',
        'Team 44',
        'Team 45',
        'Team 46',
        'Team 47',
        'Team 48',
        'Team 49',
      ]),
    );
  });

  it('fills the fields named in ui:options.fill from the record holding the chosen value', async () => {
    const linked = {
      schema: {
        type: 'object',
        title: 'Leave request',
        properties: { department: { type: 'string', title: 'Department' }, floor: { type: 'number', title: 'Floor' } },
      },
      uiSchema: {
        department: {
          'ui:fieldType': 'select',
          'ui:options': { optionsFrom: { form: 'departments', field: 'name' }, fill: { floor: 'floor' } },
        },
      },
    };
    const records: LinkableRecord[] = [
      { id: 'r1', label: 'Finance', data: { name: 'Finance', floor: 3 } },
      { id: 'r2', label: '人事部', data: { name: '人事部', floor: 12 } },
      { id: 'r3', label: 'Finance', data: { name: 'Finance', floor: 1 } }, // older: the newest one fills
    ];
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(linked)),
      listRecords: () => Promise.resolve(records),
      createSubmission: created,
    });
    renderApp('/f/form1', { api });
    const select = await screen.findByRole('combobox', { name: /Department/ });
    await waitFor(() => expect(optionTexts(select)).toEqual(['Choose…', 'Finance', '人事部']));
    const floor = screen.getByRole('spinbutton', { name: /Floor/ });
    await userEvent.selectOptions(select, '人事部');
    await waitFor(() => expect(floor).toHaveProperty('value', '12'));
    await userEvent.selectOptions(select, 'Finance');
    await waitFor(() => expect(floor).toHaveProperty('value', '3'));
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith('form1', { department: 'Finance', floor: 3 }, expect.any(String));
    expect(api.listRecords).toHaveBeenCalledTimes(1); // the records listed are the ones filled from
  });

  it('says so in Traditional Chinese when the source has no records yet', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(doc)), listRecords: () => Promise.resolve([]) });
    renderApp('/f/form1', { api, locale: 'zh-Hant' });
    const select = await screen.findByRole('combobox', { name: /Department/ });
    await waitFor(() => expect(optionTexts(select)).toEqual(['暫時沒有選項']));
  });
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../api/client.ts';
import type { Submission } from '../api/types.ts';
import health from '../test/fixtures/healthDeclaration.json';
import purchase from '../test/fixtures/purchaseRequest.json';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';
import { FakeRecordsServer } from './records/fakeRecordsServer.ts';
import { SEARCH_DELAY_MS } from './records/SearchBox.tsx';
import { DEFAULT_PAGE_SIZES } from './records/pagedRows.ts';

const submission = (n: number, data: Record<string, unknown>): Submission => ({
  id: `s${n}`,
  formId: 'form1',
  formVersion: 1,
  data,
  createdAt: new Date(Date.UTC(2025, 2, 1, 1, n)).toISOString(),
  createdBy: `u${n}`,
  createdByName: `Person ${n}`,
});

const healthAnswer = (n: number) =>
  submission(n, {
    temperature: 36 + (n % 30) / 10,
    symptoms: ['cough', 'headache'],
    closeContact: false,
    workLocation: 'warehouse',
    declaration: true,
  });

// jsdom lays nothing out: give scrolling boxes a size so the virtual list has a window to fill.
const sizes = { clientHeight: 600, clientWidth: 1200, offsetHeight: 600, offsetWidth: 1200 };
const saved = new Map<string, PropertyDescriptor | undefined>();
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) {
    saved.set(key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key));
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const [key, descriptor] of saved) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
});

interface SetupOptions {
  doc?: { schema: object; uiSchema: object };
  locale?: 'en' | 'zh-Hant';
}

function setup(items: Submission[], { doc = health, locale = 'en' }: SetupOptions = {}) {
  const server = new FakeRecordsServer(items);
  const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(doc)), request: server.request } as Partial<ApiClient>);
  const utils = renderApp('/f/form1/submissions', { api, locale });
  const lists = () => server.callsTo('GET', /\/submissions$/);
  const lastList = () => lists()[lists().length - 1].params;
  return { server, api, lists, lastList, ...utils };
}

const headerTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('columnheader')
    .map((h) => h.textContent?.replace(/[▲▼↕]/g, '').trim());

describe('SubmissionsPage', () => {
  it('renders localized headers, choice labels and a count from the server', async () => {
    setup([healthAnswer(1), healthAnswer(2)], { locale: 'zh-Hant' });
    const table = await screen.findByRole('table');
    expect(headerTexts(table)).toEqual([
      '提交時間',
      '提交者',
      '體溫 (°C)',
      '今日的病徵',
      '過去 7 日曾否與確診者緊密接觸？',
      '今日工作地點',
      '目前位置 (選填)',
      '本人聲明以上資料真確無誤。',
    ]);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const cells = within(within(table).getAllByRole('row')[1])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['Person 2', '36.2', '咳嗽、頭痛', '否', '倉庫', '—', '是']);
    expect(screen.getByText('2 份提交')).toBeTruthy();
  });

  it('renders only the rows in view of a long list, fetching pages as it scrolls', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => healthAnswer(i));
    const { lists } = setup(many);
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(5));
    expect(table.getAttribute('aria-rowcount')).toBe('1001');
    expect(within(table).getAllByRole('row').length).toBeLessThan(60); // not 1000
    expect(lists()).toHaveLength(1);
    expect(lists()[0].params.get('limit')).toBe(String(DEFAULT_PAGE_SIZES.page));
    // Scroll to the bottom: its rows are read by their offset in one request, not after every page above.
    Object.defineProperty(table, 'scrollTop', { configurable: true, value: 1000 * 44 - 600 });
    fireEvent.scroll(table);
    await waitFor(() => expect(within(table).getByText('Person 0')).toBeTruthy());
    expect(lists()).toHaveLength(2);
    expect(Number(lists()[1].params.get('offset'))).toBeGreaterThan(900);
    expect(lists()[1].params.get('sort')).toBeNull();
  });

  it('sorts by a column from its header button (aria-sort follows)', async () => {
    const { lastList } = setup([healthAnswer(1), healthAnswer(2)]);
    const table = await screen.findByRole('table');
    const header = within(table).getAllByRole('columnheader')[2];
    expect(within(table).getAllByRole('columnheader')[0].getAttribute('aria-sort')).toBe('descending'); // newest first
    expect(header.getAttribute('aria-sort')).toBe('none');
    await userEvent.click(within(header).getByRole('button', { name: /Body temperature/ }));
    await waitFor(() => expect(lastList().get('sort')).toBe('data.temperature'));
    // The table stays while the new order loads: the pressed button keeps the focus (keyboard users stay put).
    await waitFor(() => expect(header.getAttribute('aria-sort')).toBe('ascending'));
    expect(header.isConnected).toBe(true);
    expect(document.activeElement).toBe(within(header).getByRole('button'));
    const again = within(await screen.findByRole('table')).getAllByRole('columnheader')[2];
    expect(again.getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(within(again).getByRole('button'));
    await waitFor(() => expect(lastList().get('sort')).toBe('-data.temperature'));
  });

  it('searches once typing pauses (Chinese text as typed)', async () => {
    const { lists, lastList } = setup([healthAnswer(1)]);
    await screen.findByRole('table');
    const box = screen.getByRole('searchbox', { name: 'Search submissions' });
    await userEvent.type(box, '倉庫');
    expect(lists()).toHaveLength(1); // not yet: still within the pause
    await act(() => new Promise((r) => setTimeout(r, SEARCH_DELAY_MS + 50)));
    await waitFor(() => expect(lastList().get('q')).toBe('倉庫'));
    expect(lists()).toHaveLength(2); // one request for the whole word
  });

  it('filters a choice column by its labels and shows the filter as a removable chip', async () => {
    const { lastList } = setup([healthAnswer(1)]);
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Column' }), 'Symptoms today');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Cough' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Fever' }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(lastList().get('filter')).not.toBeNull());
    expect(JSON.parse(lastList().get('filter')!)).toEqual([
      { field: 'data.symptoms', op: 'contains', value: 'cough' },
      { field: 'data.symptoms', op: 'contains', value: 'fever' },
    ]);
    expect(screen.getByText('Symptoms today: Cough, Fever')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Filter (1 active)' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Remove filter Symptoms today: Cough, Fever' }));
    await waitFor(() => expect(lastList().get('filter')).toBeNull());
  });

  it('filters a number column by a range', async () => {
    const { lastList } = setup([healthAnswer(1)]);
    await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Column' }), 'Body temperature (°C)');
    await userEvent.type(screen.getByLabelText('At least'), '37.5');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(JSON.parse(lastList().get('filter') ?? '[]')).toEqual([{ field: 'data.temperature', op: 'gte', value: 37.5 }]),
    );
  });

  it('chooses columns, and the export links carry the view', async () => {
    setup([healthAnswer(1)]);
    const table = await screen.findByRole('table');
    await userEvent.click(screen.getByRole('button', { name: 'Columns' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Symptoms today' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Current location (optional)' }));
    expect(headerTexts(table)).not.toContain('Symptoms today');
    expect(headerTexts(table)).toHaveLength(6);
    const csv = new URL(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')!, 'http://x');
    expect(csv.pathname).toBe('/api/forms/form1/submissions/export');
    expect(csv.searchParams.get('format')).toBe('csv');
    expect(csv.searchParams.get('columns')).toBe('temperature,closeContact,workLocation,declaration');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(headerTexts(table)).toContain('Symptoms today');
  });

  it('saves the current state as a view, shares it, and opens views from the menu', async () => {
    const { server, history, lastList } = setup([healthAnswer(1)]);
    const table = await screen.findByRole('table');
    await userEvent.click(within(table).getByRole('button', { name: /Body temperature/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save view…' }));
    await userEvent.type(screen.getByLabelText('View name'), 'Fever watch');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Share with everyone who can open this form' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.views).toHaveLength(1));
    expect(server.callsTo('POST', /\/views$/)[0].body).toMatchObject({
      name: 'Fever watch',
      sort: 'data.temperature',
      shared: true,
      q: null,
    });
    expect(history.location().search).toBe('?view=v1');
    const menu = screen.getByRole('combobox', { name: 'Saved view' }) as HTMLSelectElement;
    expect(menu.value).toBe('v1');
    expect(screen.getByRole('button', { name: 'Stop sharing' }).getAttribute('aria-pressed')).toBe('true');

    // Back to all submissions, then the view again: its sort comes back.
    await userEvent.selectOptions(menu, '');
    await waitFor(() => expect(lastList().get('sort')).toBeNull());
    await userEvent.selectOptions(menu, 'v1');
    await waitFor(() => expect(lastList().get('sort')).toBe('data.temperature'));

    // A change makes the view "dirty": Save updates it in place.
    await userEvent.click(within(await screen.findByRole('table')).getByRole('button', { name: /Body temperature/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(server.callsTo('PATCH', /\/views\/v1$/)).toHaveLength(1));
    expect(server.views[0].sort).toBe('-data.temperature');

    await userEvent.click(screen.getByRole('button', { name: 'Delete view' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(server.views).toHaveLength(0));
    expect(menu.value).toBe('');
  });

  it('opens a saved view named in the address, with its columns, search and filter', async () => {
    const view = {
      id: 'v9',
      formId: 'form1',
      name: 'Warehouse',
      columns: ['createdAt', 'data.workLocation'],
      sort: null,
      q: '倉',
      filter: [{ field: 'data.workLocation', op: 'eq' as const, value: 'warehouse' }],
      shared: true,
      ownerId: 'u9',
      ownerName: 'Wong Siu Ming',
      canEdit: false,
    };
    const server = new FakeRecordsServer([healthAnswer(1)]);
    server.views = [view];
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(health)), request: server.request } as Partial<ApiClient>);
    renderApp('/f/form1/submissions?view=v9', { api });
    const table = await screen.findByRole('table');
    expect(headerTexts(table)).toEqual(['Submitted at', 'Where are you working today?']);
    const params = server.callsTo('GET', /\/submissions$/)[0].params;
    expect(params.get('q')).toBe('倉');
    expect(JSON.parse(params.get('filter')!)).toEqual(view.filter);
    expect(screen.getByText('Where are you working today?: Warehouse')).toBeTruthy();
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('倉');
    expect(screen.getByRole('option', { name: 'Warehouse (shared by Wong Siu Ming)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete view' })).toBeNull(); // not theirs
  });

  it('explains a saved view the form no longer fits, and clears it', async () => {
    const server = new FakeRecordsServer([healthAnswer(1)]);
    server.unknownFields.add('data.removed');
    server.views = [
      {
        id: 'v1',
        formId: 'form1',
        name: 'Old',
        columns: [],
        sort: null,
        q: null,
        filter: [{ field: 'data.removed', op: 'empty' }],
        shared: false,
        ownerId: 'u1',
        ownerName: 'Chan Mei',
        canEdit: true,
      },
    ];
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(health)), request: server.request } as Partial<ApiClient>);
    renderApp('/f/form1/submissions?view=v1', { api });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('"data.removed" is not a field of this form.')).toBeTruthy();
    await userEvent.click(within(alert).getByRole('button', { name: 'Clear the sort, search and filters' }));
    expect(await screen.findByRole('table')).toBeTruthy();
    const lists = server.callsTo('GET', /\/submissions$/);
    expect(lists[lists.length - 1].params.get('filter')).toBeNull();
  });

  it('shows money and nested table rows compactly; links each row to its record', async () => {
    const items = [
      submission(1, {
        department: 'IT',
        lines: [
          { description: 'Mouse', quantity: 2, unitPrice: 80 },
          { description: 'Cable', quantity: 1, unitPrice: 25.5 },
        ],
        total: 185.5,
      }),
    ];
    setup(items, { doc: purchase });
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const texts = within(within(table).getAllByRole('row')[1])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(texts).toContain('2 rows');
    expect(texts).toContain('HK$185.50');
    expect(within(table).getAllByRole('link')[0].getAttribute('href')).toBe('/r/s1');
  });

  it('says so when nothing was submitted yet', async () => {
    setup([]);
    expect(await screen.findByRole('heading', { name: 'No submissions yet' })).toBeTruthy();
  });
});

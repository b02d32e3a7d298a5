import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../api/errors.ts';
import type { LinkableRecord, Submission } from '../../api/types.ts';
import { apiError, fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const movementForm = publishedForm({
  schema: {
    type: 'object',
    title: 'Stock movement',
    properties: {
      movementType: { type: 'string' },
      item: { type: 'string' },
      zone: { type: 'string' },
      toZone: { type: 'string' },
      quantity: { type: 'number' },
      reference: { type: 'string' },
    },
  },
  uiSchema: {
    'ui:options': {
      stockLedger: {
        item: 'item',
        zone: 'zone',
        toZone: 'toZone',
        movementType: 'movementType',
        quantity: 'quantity',
        reference: 'reference',
        types: { receive: 'in', issue: 'out', transfer: 'move', count: 'count' },
      },
    },
    item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items', displayField: 'name' } },
    zone: { 'ui:fieldType': 'relation', 'ui:options': { form: 'zones', displayField: 'name' } },
    toZone: { 'ui:fieldType': 'relation', 'ui:options': { form: 'zones', displayField: 'name' } },
  },
});

const zones: LinkableRecord[] = [
  { id: 'z-kb', label: 'Kowloon Bay B-02', data: { code: 'KB-B-02', name: 'Kowloon Bay B-02', nameZh: '九龍灣 B-02' } },
  { id: 'z-tm', label: 'Tuen Mun A-01', data: { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' } },
];
const tea: LinkableRecord = { id: 'tea', label: 'TEA-0042', data: { sku: 'TEA-0042', name: 'Lemon tea', barcode: '4891028164456' } };

// What the on-hand list says of the item (no record data): enough to find it offline.
const teaItem = { id: 'tea', label: 'Lemon tea', sku: 'TEA-0042', barcode: '4891028164456', unit: null, reorderPoint: null };

function setOnline(value: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  act(() => void window.dispatchEvent(new Event(value ? 'online' : 'offline')));
}

afterEach(() => setOnline(true));

function setUp(createSubmission: (formId: string, data: Record<string, unknown>) => Promise<Submission>) {
  const request = vi.fn(async (_method: string, path: string) => {
    const url = new URL(path, 'http://x');
    if (url.pathname === '/api/forms/items/records') return { items: url.searchParams.get('scan') === '4891028164456' ? [tea] : [] };
    if (url.pathname === '/api/forms/form1/stock')
      return { items: url.searchParams.get('low') ? [] : [{ item: teaItem, zone: {}, onHand: 7 }] };
    throw new Error(`unexpected ${path}`);
  });
  const api = Object.assign(
    fakeApi({
      getForm: () => Promise.resolve(movementForm),
      listRecords: (formId) => Promise.resolve(formId === 'zones' ? zones : []),
      createSubmission: (formId, data) => createSubmission(formId, data),
    }),
    { request },
  );
  return { api, request };
}

const stored = (data: Record<string, unknown>): Submission =>
  ({ id: 's1', formId: 'form1', formVersion: 1, data, createdAt: '', createdBy: 'u1', createdByName: 'U' }) as Submission;

async function find(code: string) {
  await userEvent.type(screen.getByLabelText('Or type the code'), code);
  await userEvent.click(screen.getByRole('button', { name: 'Find' }));
}

describe('scan stock page', () => {
  it('records the movement a scan names, with the chosen type, zones and quantity', async () => {
    const { api } = setUp((_f, data) => Promise.resolve(stored(data)));
    renderApp('/stock/form1', { api });
    await userEvent.click(await screen.findByRole('radio', { name: 'Transfer' }));
    await userEvent.selectOptions(screen.getByLabelText('To zone'), 'z-tm');
    await userEvent.click(screen.getByRole('button', { name: 'One more' }));
    await userEvent.type(screen.getByLabelText('Reference (optional)'), 'TR-7');
    await find('4891028164456');
    await screen.findByText('Saved: moved 2 × Lemon tea from Kowloon Bay B-02 to Tuen Mun A-01.', { exact: false });
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      { movementType: 'move', item: 'tea', zone: 'z-kb', toZone: 'z-tm', quantity: 2, reference: 'TR-7' },
      expect.any(String),
    );
    await screen.findByText(/On hand there now: 7\./);
  });

  it('explains a refused issue in words, and offers to create an unknown item', async () => {
    const { api } = setUp(() =>
      Promise.reject(
        apiError({ statusCode: 409, code: 'insufficient_stock', details: { item: 'tea', zone: 'z-kb', onHand: 1.5, requested: 3 } }),
      ),
    );
    renderApp('/stock/form1', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('radio', { name: '發貨' }));
    await userEvent.click(screen.getByLabelText('每次掃描即時儲存')); // pick first, then save
    await userEvent.type(screen.getByLabelText('或輸入編碼'), '4891028164456');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    const quantity = screen.getByRole('textbox', { name: '數量' });
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '3');
    await userEvent.click(await screen.findByRole('button', { name: '發貨 3' }));
    expect((await screen.findByRole('alert')).textContent).toContain('未有儲存：九龍灣 B-02 只有 Lemon tea 1.5，而今次需要 3。');

    await userEvent.type(screen.getByLabelText('或輸入編碼'), '9501101530003');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText('沒有貨品使用編碼 9501101530003。要以此編碼建立新貨品嗎？');
    expect(screen.getByRole('button', { name: '建立貨品' })).toBeTruthy();
    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(1));
  });

  it('in a count, a scan picks the item and waits for the counted quantity', async () => {
    const { api } = setUp((_f, data) => Promise.resolve(stored(data)));
    renderApp('/stock/form1', { api });
    await userEvent.click(await screen.findByRole('radio', { name: 'Count' }));
    await find('4891028164456');
    const quantity = await screen.findByRole('textbox', { name: 'Quantity' });
    expect(api.createSubmission).not.toHaveBeenCalled();
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '12.5');
    await userEvent.click(screen.getByRole('button', { name: 'Counted 12.5' }));
    await screen.findByText('Saved: counted 12.5 × Lemon tea in Kowloon Bay B-02.', { exact: false });
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      expect.objectContaining({ movementType: 'count', quantity: 12.5 }),
      expect.any(String),
    );
  });

  it('offline: finds a known barcode on the phone, keeps the movement in the outbox, sends it once when back online', async () => {
    const { api, request } = setUp((_f, data) => Promise.resolve(stored(data)));
    renderApp('/stock/form1', { api });
    await screen.findByRole('radio', { name: 'Receive' });
    // The page keeps the item list while it is online.
    await waitFor(() => expect(request.mock.calls.some(([, path]) => path.startsWith('/api/forms/form1/stock?'))).toBe(true));
    setOnline(false);
    const asked = request.mock.calls.length;

    await find('4891028164456');
    await screen.findByText('Saved on this phone — it will be sent when you are back online.');
    expect(screen.getByText('Receive 1 × Lemon tea into Kowloon Bay B-02.')).toBeTruthy();
    expect(screen.getByText('1 waiting on this phone.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Submissions not sent yet: 1 waiting/ })).toBeTruthy();
    expect(screen.getByText(/on this phone$/)).toBeTruthy(); // in the recent list
    expect(request.mock.calls.length).toBe(asked); // nothing was asked of the server
    expect(api.createSubmission).not.toHaveBeenCalled();

    // An unknown code cannot become a new item without the server.
    await find('9501101530003');
    await screen.findByText(/No item on this phone has the code 9501101530003\. New items cannot be created offline/);
    expect(screen.queryByRole('button', { name: 'Create item' })).toBeNull();

    setOnline(true);
    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(1));
    expect(api.createSubmission.mock.calls[0][1]).toEqual({ movementType: 'in', item: 'tea', zone: 'z-kb', quantity: 1 });
    await waitFor(() => expect(screen.queryByRole('link', { name: /Submissions not sent yet/ })).toBeNull());
    expect(screen.queryByText(/on this phone$/)).toBeNull();
  });

  it('no answer: the movement goes into the outbox under the key the page tried, and is not recorded twice', async () => {
    let attempts = 0;
    const { api } = setUp((_f, data) => (++attempts === 1 ? Promise.reject(new NetworkError('reset')) : Promise.resolve(stored(data))));
    renderApp('/stock/form1', { api });
    await screen.findByRole('radio', { name: 'Receive' });
    await find('4891028164456');
    // The outbox sends at once (the browser says it is online) with the same Idempotency-Key.
    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(2));
    await screen.findByText('Sent from this phone: the server has it now.');
    expect(screen.getByText('Receive 1 × Lemon tea into Kowloon Bay B-02.')).toBeTruthy();
    const [first, second] = api.createSubmission.mock.calls;
    expect(second[1]).toEqual(first[1]);
    expect(second[2]).toBe(first[2]);
    await waitFor(() => expect(screen.queryByRole('link', { name: /Submissions not sent yet/ })).toBeNull());
  });

  it('flaky Wi-Fi (online, but no answer): the item is found on the phone and the movement kept', async () => {
    const { api, request } = setUp(() => Promise.reject(new NetworkError('reset')));
    renderApp('/stock/form1', { api });
    await screen.findByRole('radio', { name: 'Receive' });
    await waitFor(() => expect(request.mock.calls.some(([, path]) => path.includes('low=1'))).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 0)); // the list is stored after its answers
    request.mockImplementation(() => Promise.reject(new NetworkError('reset')));
    await find('4891028164456');
    await screen.findByText('Saved on this phone — it will be sent when you are back online.');
    expect(request.mock.calls.some(([, path]) => path.includes('scan=4891028164456'))).toBe(true); // the server was asked first
    expect(screen.getByText('Receive 1 × Lemon tea into Kowloon Bay B-02.')).toBeTruthy();
  });

  it('a movement the server later refuses for stock shows in the outbox in words (zh-Hant), with Fix', async () => {
    const { api } = setUp(() =>
      Promise.reject(
        apiError({ statusCode: 409, code: 'insufficient_stock', details: { item: 'tea', zone: 'z-kb', onHand: 1.5, requested: 3 } }),
      ),
    );
    const { history } = renderApp('/stock/form1', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('radio', { name: '發貨' }));
    const quantity = screen.getByRole('textbox', { name: '數量' });
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '3');
    setOnline(false);
    await userEvent.type(screen.getByLabelText('或輸入編碼'), '4891028164456');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText('已儲存在此手機 — 恢復連線後會自動送出。');

    setOnline(true);
    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(1));
    await screen.findByText('已送出，但伺服器不接受。請開啟等待清單修正或捨棄。');
    expect(screen.getByText(/不獲接受$/)).toBeTruthy(); // in the recent list
    act(() => history.push('/outbox'));
    const item = await screen.findByRole('article', { name: 'Stock movement' });
    expect(item.textContent).toContain('九龍灣 B-02 發貨 Lemon tea × 3。');
    expect(item.textContent).toContain('存貨不足：送出時該區域只有 1.5，而此項需要 3。');
    expect(item.querySelector('a')?.getAttribute('href')).toMatch(/^\/f\/form1\?fix=/);
  });

  it('says so when the form keeps no stock ledger', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm({ schema: { type: 'object', title: 'Plain' }, uiSchema: {} })) });
    renderApp('/stock/form1', { api });
    await screen.findByRole('heading', { name: 'This form keeps no stock' });
  });
});

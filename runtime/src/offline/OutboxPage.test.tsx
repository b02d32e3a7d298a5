import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
import type { Submission } from '../api/types.ts';
import { createDefaultFormKit } from '../form/defaultFormKit.ts';
import { once } from '../form/FormKit.tsx';
import { createI18n } from '../i18n/createI18n.ts';
import type { Locale } from '../i18n/locale.ts';
import { createMemoryHistory } from '../router/history.ts';
import { apiError, fakeApi, publishedForm, type FakeApi } from '../test/fakeApi.ts';
import { createMemoryOutboxStore } from './memoryOutboxStore.ts';
import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';

const kit = once(() => Promise.resolve(createDefaultFormKit()));

const stockCount = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Stock count',
    type: 'object',
    properties: {
      zone: { type: 'string', title: 'Zone' },
      lines: {
        type: 'array',
        title: 'Lines',
        items: { type: 'object', properties: { qty: { type: 'number', title: 'Quantity', minimum: 0 } } },
      },
    },
  },
  uiSchema: {
    'ui:i18n': { 'zh-Hant': { '/schema/properties/lines/title': '明細', '/schema/properties/lines/items/properties/qty/title': '數量' } },
    zone: { 'ui:fieldType': 'text' },
    lines: { 'ui:fieldType': 'subtable', items: { qty: { 'ui:fieldType': 'number' } } },
  },
};

const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'e1',
  userId: 'u1',
  formId: 'form1',
  formVersion: 1,
  formName: 'Stock count',
  data: { zone: 'Tuen Mun A-01', lines: [{ qty: 5 }] },
  idempotencyKey: 'key-old',
  createdAt: Date.parse('2026-11-25T09:30:00Z'),
  attempts: 0,
  nextAttemptAt: 0,
  status: 'waiting',
  ...over,
});

const created = (data: Record<string, unknown>): Submission => ({
  id: 's1',
  formId: 'form1',
  formVersion: 1,
  data,
  createdAt: '2026-11-25T10:00:00.000Z',
  createdBy: 'u1',
  createdByName: 'Chan Mei',
});

function renderWith(path: string, api: FakeApi, store: OutboxStore, locale: Locale = 'en') {
  const history = createMemoryHistory(path);
  render(<App api={api} i18n={createI18n(locale)} history={history} loadFormKit={kit} storage={null} outboxStore={store} />);
  return history;
}

function setOnline(value: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  act(() => void window.dispatchEvent(new Event(value ? 'online' : 'offline')));
}

afterEach(() => setOnline(true));

describe('outbox', () => {
  it('shows a refused entry with the reason per field; Fix opens it prefilled, sends with a new key and removes it', async () => {
    const store = createMemoryOutboxStore();
    const details = [{ path: '/lines/0/qty', message: 'must be >= 10', keyword: 'minimum', params: { comparison: '>=', limit: 10 } }];
    await store.add(entry({ status: 'refused', error: { status: 422, code: 'validation_failed', message: 'Invalid', details } }));
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(stockCount)),
      createSubmission: (_f, data) => Promise.resolve(created(data)),
    });
    renderWith('/outbox', api, store);

    const item = await screen.findByRole('article', { name: 'Stock count' });
    expect(within(item).getByText('Refused')).toBeTruthy();
    expect(within(item).getByText(/did not accept some answers/)).toBeTruthy();
    await waitFor(() => expect(within(item).getByText('Lines › 1 › Quantity')).toBeTruthy());
    expect(within(item).getByText(/10/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /Submissions not sent yet: 1 refused/ })).toBeTruthy();
    expect(api.createSubmission).not.toHaveBeenCalled(); // a refused entry is not resent as it is

    await userEvent.click(within(item).getByRole('link', { name: 'Fix and send again' }));
    const zone = (await screen.findByLabelText('Zone')) as HTMLInputElement;
    expect(zone.value).toBe('Tuen Mun A-01');
    expect(screen.getByText(/10/)).toBeTruthy(); // the server's complaint at the field
    await userEvent.clear(screen.getByLabelText('Quantity'));
    await userEvent.type(screen.getByLabelText('Quantity'), '12');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    const [, data, key] = api.createSubmission.mock.calls[0];
    expect(data).toEqual({ zone: 'Tuen Mun A-01', lines: [{ qty: 12 }] });
    expect(key).not.toBe('key-old');
    expect(await store.list('u1')).toEqual([]);
    await waitFor(() => expect(screen.queryByRole('link', { name: /Submissions not sent yet/ })).toBeNull());
  });

  it('keeps retrying a waiting entry the server fails on, says why, and discards it only after confirmation', async () => {
    const store = createMemoryOutboxStore();
    await store.add(entry());
    const api = fakeApi({ createSubmission: () => Promise.reject(apiError({ statusCode: 503, code: 'http_503' })) });
    renderWith('/outbox', api, store);

    const item = await screen.findByRole('article', { name: 'Stock count' });
    await waitFor(() => expect(within(item).getByText(/The server had a problem \(http_503\)/)).toBeTruthy());
    expect(api.createSubmission.mock.calls[0][2]).toBe('key-old');
    expect(screen.getByRole('link', { name: /1 waiting/ })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Send now' }));
    await waitFor(() => expect(api.createSubmission.mock.calls.length).toBeGreaterThanOrEqual(2));
    expect(new Set(api.createSubmission.mock.calls.map((c) => c[2]))).toEqual(new Set(['key-old']));

    await userEvent.click(within(item).getByRole('button', { name: 'Discard' }));
    expect(await store.list('u1')).toHaveLength(1); // not yet: it asks first
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Discard' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, discard' }));
    expect(await screen.findByRole('heading', { name: 'Nothing waiting' })).toBeTruthy();
    expect(await store.list('u1')).toEqual([]);
  });

  it('offline: submits into the outbox without trying the network, shows the banner, sends once when back online', async () => {
    const store = createMemoryOutboxStore();
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(stockCount)),
      createSubmission: (_f, data) => Promise.resolve(created(data)),
    });
    renderWith('/f/form1', api, store, 'zh-Hant');
    await screen.findByLabelText('Zone');
    setOnline(false);
    expect(await screen.findByText('你現在離線。')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Zone'), 'Kowloon Bay B-02');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByRole('heading', { name: '已保存在此手機' })).toBeTruthy();
    expect(api.createSubmission).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: /1 項等待中/ })).toBeTruthy();
    const [waiting] = await store.list('u1');
    expect(waiting).toMatchObject({ formId: 'form1', formVersion: 1, formName: 'Stock count', data: { zone: 'Kowloon Bay B-02' } });

    setOnline(true);
    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(1));
    expect(api.createSubmission.mock.calls[0][2]).toBe(waiting.idempotencyKey);
    await waitFor(() => expect(screen.queryByRole('link', { name: /尚未送出的提交/ })).toBeNull());
    expect(screen.queryByText('你現在離線。')).toBeNull();
  });
});

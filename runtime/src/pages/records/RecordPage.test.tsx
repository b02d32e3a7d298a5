import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import type { HistoryEntry } from '../../api/records.ts';
import type { Submission } from '../../api/types.ts';
import { fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeRecordsServer } from './fakeRecordsServer.ts';

/** A form with a field of every kind the record page shows differently. */
const everyType = {
  schema: {
    type: 'object',
    title: 'Site visit',
    properties: {
      intro: { type: 'null', title: 'Read me first' },
      site: { type: 'string', title: 'Site' },
      notes: { type: 'string', title: 'Notes' },
      visitors: { type: 'integer', title: 'Visitors' },
      fee: { type: 'number', title: 'Fee', multipleOf: 0.01 },
      zone: {
        type: 'string',
        title: 'Zone',
        oneOf: [
          { const: 'a', title: 'Zone A' },
          { const: 'b', title: 'Zone B' },
        ],
      },
      hazards: {
        type: 'array',
        title: 'Hazards',
        items: {
          type: 'string',
          oneOf: [
            { const: 'wet', title: 'Wet floor' },
            { const: 'dust', title: 'Dust' },
          ],
        },
      },
      safe: {
        type: 'boolean',
        title: 'Safe to enter',
        oneOf: [
          { const: true, title: 'Yes' },
          { const: false, title: 'No' },
        ],
      },
      visitDate: { type: 'string', format: 'date', title: 'Visit date' },
      arrivedAt: { type: 'string', format: 'date-time', title: 'Arrived at' },
      photo: { type: 'string', title: 'Photo' },
      signature: { type: 'string', title: 'Signature' },
      where: {
        type: 'object',
        title: 'Where',
        properties: { lat: { type: 'number' }, lng: { type: 'number' }, accuracy: { type: 'number' } },
      },
      contact: { type: 'object', title: 'Contact', properties: { name: { type: 'string', title: 'Contact name' } } },
      lines: {
        type: 'array',
        title: 'Items checked',
        items: { type: 'object', properties: { item: { type: 'string', title: 'Item' }, qty: { type: 'number', title: 'Qty' } } },
      },
      empty: { type: 'string', title: 'Left blank' },
    },
  },
  uiSchema: {
    'ui:order': [
      'intro',
      'site',
      'notes',
      'visitors',
      'fee',
      'zone',
      'hazards',
      'safe',
      'visitDate',
      'arrivedAt',
      'photo',
      'signature',
      'where',
      'contact',
      'lines',
      'empty',
    ],
    notes: { 'ui:fieldType': 'textarea' },
    fee: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
    zone: { 'ui:fieldType': 'select' },
    hazards: { 'ui:fieldType': 'multiselect' },
    safe: { 'ui:fieldType': 'yesno' },
    photo: { 'ui:fieldType': 'photo' },
    signature: { 'ui:fieldType': 'signature' },
    where: { 'ui:fieldType': 'location' },
    contact: { 'ui:fieldType': 'section' },
    lines: { 'ui:fieldType': 'subtable' },
    'ui:i18n': {
      'zh-Hant': {
        '/schema/properties/visitors/title': '訪客人數',
        '/schema/properties/zone/oneOf/1/title': 'B 區',
        '/schema/properties/lines/items/properties/qty/title': '數量',
      },
    },
  },
};

const record: Submission & { updatedAt: string } = {
  id: 'rec1',
  formId: 'form1',
  formVersion: 1,
  data: {
    site: 'Tuen Mun A-01',
    notes: 'Line one\nLine two',
    visitors: 1200,
    fee: 1234.5,
    zone: 'b',
    hazards: ['wet', 'dust'],
    safe: false,
    visitDate: '2025-03-01',
    arrivedAt: '2025-03-01T01:30:00.000Z',
    photo: 'file-photo-1',
    signature: 'file-sig-1',
    where: { lat: 22.391234, lng: 113.977654, accuracy: 12.4 },
    contact: { name: 'Ms Lee' },
    lines: [
      { item: 'Extinguisher', qty: 2 },
      { item: 'First-aid kit', qty: 1 },
    ],
  },
  createdAt: '2025-03-01T01:31:00.000Z',
  createdBy: 'u2',
  createdByName: 'Wong Siu Ming',
  updatedAt: '2025-03-01T01:31:00.000Z',
  flags: { geofence: { field: 'where', distance: 740, site: 'Tuen Mun A-01', radius: 500, inside: false } },
};

const history: HistoryEntry[] = [
  { revision: 1, action: 'created', at: '2025-03-01T01:31:00.000Z', by: 'u2', byName: 'Wong Siu Ming', changes: [] },
  {
    revision: 2,
    action: 'updated',
    at: '2025-03-02T02:00:00.000Z',
    by: 'u1',
    byName: 'Chan Mei',
    changes: [
      { path: '/zone', before: 'a', after: 'b' },
      { path: '/lines/1/qty', before: 3, after: 1 },
      { path: '/fee', before: null, after: 1234.5 },
    ],
  },
];

function setup({ locale = 'en' as 'en' | 'zh-Hant', permissions = { canEdit: true, canDelete: true } } = {}) {
  const server = new FakeRecordsServer([structuredClone(record)], permissions);
  server.history.set('rec1', history);
  const form = publishedForm(everyType);
  server.versions = [form.published!];
  const api = fakeApi({ getForm: () => Promise.resolve(form), request: server.request } as Partial<ApiClient>);
  const utils = renderApp('/r/rec1', { api, locale });
  return { server, api, ...utils };
}

const valueOf = (key: string) => {
  const item = document.querySelector(`.fl-values__item[data-field="${key}"]`) as HTMLElement;
  return item.querySelector(':scope > dd') as HTMLElement;
};

// Uploaded files are described by GET /api/files/:id/info (read by the uploads' FileValue).
beforeEach(() => {
  vi.stubGlobal('fetch', async (url: string) => {
    const id = /\/api\/files\/([^/]+)\/info$/.exec(url)?.[1];
    if (!id) return new Response('{}', { status: 404 });
    const info = {
      id,
      name: `${id}.png`,
      size: 2048,
      contentType: 'image/png',
      sha256: 'x',
      purpose: id.includes('sig') ? 'signature' : 'photo',
    };
    return Response.json({
      ...info,
      createdAt: '2025-03-01T01:30:00.000Z',
      createdBy: 'u2',
      createdByName: 'Wong Siu Ming',
      url: `/api/files/${id}`,
    });
  });
});
afterEach(() => vi.unstubAllGlobals());

// Editing renders the whole rjsf form and compiles its validator: slow on a busy machine.
describe('RecordPage', { timeout: 20_000 }, () => {
  it('shows every value the way its field type reads', async () => {
    setup();
    expect(await screen.findByRole('heading', { name: 'Site visit' })).toBeTruthy();
    expect(valueOf('site').textContent).toBe('Tuen Mun A-01');
    expect(valueOf('notes').querySelector('.fl-values__text')?.textContent).toBe('Line one\nLine two');
    expect(valueOf('visitors').textContent).toBe('1,200');
    expect(valueOf('fee').textContent).toBe('HK$1,234.50');
    expect(valueOf('zone').textContent).toBe('Zone B');
    expect(valueOf('hazards').textContent).toBe('Wet floor, Dust');
    expect(valueOf('safe').textContent).toBe('No');
    expect(valueOf('visitDate').textContent).toBe('1 Mar 2025');
    expect(valueOf('arrivedAt').textContent).toMatch(/1 Mar 2025/);
    expect((await within(valueOf('photo')).findByRole('img')).getAttribute('src')).toBe('/api/files/file-photo-1');
    expect((await within(valueOf('signature')).findByRole('img')).getAttribute('src')).toBe('/api/files/file-sig-1');
    expect(valueOf('signature').textContent).toContain('Wong Siu Ming'); // signed by
    expect(valueOf('where').textContent).toBe('22.391234, 113.977654accurate to ±12 m⚠ Outside the fence');
    expect(within(valueOf('contact')).getByText('Contact name')).toBeTruthy();
    expect(within(valueOf('contact')).getByText('Ms Lee')).toBeTruthy();
    const table = within(valueOf('lines')).getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['#', 'Item', 'Qty']);
    expect(within(table).getAllByRole('row')[2].textContent).toBe('2First-aid kit1');
    expect(valueOf('empty').textContent).toBe('—');
    expect(document.querySelector('[data-field="intro"]')).toBeNull(); // static text holds no value
    expect(screen.getByText(/^Submitted by Wong Siu Ming on 1 Mar 2025, \d+:31/)).toBeTruthy();
    expect(screen.getByText(/Submitted 740 m from Tuen Mun A-01, outside its fence/)).toBeTruthy();
  });

  it('names the flagged site in the UI language, from the sites the form lists', async () => {
    const server = new FakeRecordsServer([structuredClone(record)]);
    const sited = structuredClone(everyType) as typeof everyType & { uiSchema: Record<string, unknown> };
    (sited.uiSchema as Record<string, unknown>).where = {
      'ui:fieldType': 'location',
      'ui:options': { sites: [{ name: { en: 'Tuen Mun A-01', 'zh-Hant': '屯門 A-01' }, lat: 22.39, lng: 113.97 }], outsideFence: 'flag' },
    };
    const form = publishedForm(sited);
    server.versions = [form.published!];
    const api = fakeApi({ getForm: () => Promise.resolve(form), request: server.request } as Partial<ApiClient>);
    renderApp('/r/rec1', { api, locale: 'zh-Hant' });
    expect(await screen.findByText(/在距離屯門 A-01 740 米處提交，超出範圍/)).toBeTruthy();
    expect(valueOf('where').textContent).toContain('超出範圍');
  });

  it('shows the history with field names, row numbers and values by label, newest first', async () => {
    setup({ locale: 'zh-Hant' });
    const section = (await screen.findByRole('heading', { name: '修改記錄' })).closest('section')!;
    const entries = within(section)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('fl-history__entry'));
    expect(entries[0].textContent).toContain('由 Chan Mei 修改');
    expect(entries[1].textContent).toContain('由 Wong Siu Ming 提交');
    const changes = within(entries[0])
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(changes).toEqual(['Zone Zone A → 改為B 區', 'Items checked › 第 2 行 › 數量 3 → 改為1', 'Fee （空白） → 改為HK$1,234.50']);
  });

  it('edits in the form renderer and saves with the version it started from', async () => {
    const { server } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const site = await screen.findByLabelText('Site');
    await userEvent.clear(site);
    await userEvent.type(site, 'KB-02');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.callsTo('PATCH', /rec1$/)).toHaveLength(1));
    const patch = server.callsTo('PATCH', /rec1$/)[0];
    expect(patch.headers).toEqual({ 'If-Match': '"2025-03-01T01:31:00.000Z"' });
    expect((patch.body as { data: Record<string, unknown> }).data).toMatchObject({
      site: 'KB-02',
      zone: 'b',
      lines: record.data.lines,
    });
    // Back to the record, reloaded from the server.
    await waitFor(() => expect(valueOf('site').textContent).toBe('KB-02'));
  });

  it('explains an edit conflict and offers the latest version', async () => {
    const { server } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    server.submissions[0].updatedAt = '2025-03-05T00:00:00.000Z'; // someone else saved meanwhile
    await userEvent.click(await screen.findByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/Someone else changed this record while you were editing it/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull());
    expect(server.callsTo('GET', /^\/api\/submissions\/rec1$/).length).toBe(2);
  });

  it('deletes only after confirmation, and shows why the server refused', async () => {
    const { server, history: nav } = setup();
    server.undeletable.set('rec1', 'This stock movement is on the ledger: record a correcting movement instead.');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete record' }));
    expect(server.callsTo('DELETE', /rec1$/)).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('This stock movement is on the ledger: record a correcting movement instead.')).toBeTruthy();
    server.undeletable.clear();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(nav.location().pathname).toBe('/f/form1/submissions'));
    expect(server.submissions).toHaveLength(0);
  });

  it('offers no edit or delete without the permission', async () => {
    setup({ permissions: { canEdit: false, canDelete: false } });
    expect(await screen.findByRole('heading', { name: 'Site visit' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete record' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Print / PDF' }).getAttribute('href')).toBe('/r/rec1/print');
  });

  it('the print view lays out the record with a print button', async () => {
    const server = new FakeRecordsServer([structuredClone(record)]);
    server.history.set('rec1', history);
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(everyType)), request: server.request } as Partial<ApiClient>);
    const printed: unknown[] = [];
    window.print = () => void printed.push(1);
    renderApp('/r/rec1/print', { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Print / save as PDF' }));
    expect(printed).toHaveLength(1);
    expect(screen.getByText('Record rec1 · form version 1')).toBeTruthy();
    expect(valueOf('zone').textContent).toBe('Zone B');
  });
});

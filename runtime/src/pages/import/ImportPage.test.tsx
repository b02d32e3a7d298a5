import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import type { ImportPreview, ImportState, ImportUpload } from '../../api/imports.ts';
import { fakeApi, publishedForm, session } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const doc = { schema: { type: 'object', title: 'Stock list', properties: { sku: { type: 'string' } } }, uiSchema: {} };

const upload: ImportUpload = {
  id: 'imp1',
  fileName: '存貨.csv',
  sha256: 'a'.repeat(64),
  format: 'csv',
  columns: ['貨號', 'Qty', 'Notes'],
  rowCount: 3,
  sample: [
    ['A-1', '5', null],
    ['A-2', 'abc', 'fragile'],
  ],
  mapping: { 貨號: 'sku', Qty: 'qty', Notes: null },
  keyField: null,
  alreadyImported: false,
  fields: [
    { key: 'sku', title: { en: 'SKU', 'zh-Hant': '貨號' }, type: 'text' },
    { key: 'qty', title: { en: 'Quantity', 'zh-Hant': '數量' }, type: 'number' },
    { key: 'note', title: { en: 'Note', 'zh-Hant': '備註' }, type: 'text' },
  ],
};

const badPreview: ImportPreview = {
  total: 3,
  valid: 2,
  invalid: 1,
  duplicates: 0,
  errors: [
    { row: 3, column: 'Qty', field: 'qty', message: '"abc" is not a number', keyword: 'type', params: { type: 'number' }, value: 'abc' },
  ],
  rows: [],
};
const goodPreview: ImportPreview = {
  total: 3,
  valid: 2,
  invalid: 0,
  duplicates: 1,
  errors: [],
  rows: [{ row: 2, data: { sku: 'A-1', qty: 5 } }],
};
const state = (over: Partial<ImportState>): ImportState => ({
  id: 'imp1',
  fileName: '存貨.csv',
  formId: 'form1',
  status: 'running',
  phase: 'checking',
  total: 3,
  processed: 0,
  inserted: 0,
  skipped: 0,
  errors: [],
  mapping: null,
  keyField: null,
  ...over,
});

/** The server's side of the wizard: the calls it gets, answered in order. */
function setup(locale: 'en' | 'zh-Hant', previews: ImportPreview[], states: ImportState[]) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const request = vi.fn(async (method: string, path: string, body?: unknown) => {
    calls.push({ method, path, body });
    if (path === '/api/auth/me') return session();
    if (path.endsWith('/preview')) return previews.shift();
    if (path.endsWith('/commit')) return { id: 'imp1', status: 'running' };
    if (path === '/api/imports/imp1') return states.length > 1 ? states.shift() : states[0];
    throw new Error(`unexpected ${method} ${path}`);
  });
  const fetchUpload = vi.fn(
    async () => new Response(JSON.stringify(upload), { status: 201, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchUpload);
  const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(doc)), request } as Partial<ApiClient>);
  renderApp('/f/form1/import', { api, locale });
  return { calls, fetchUpload };
}

afterEach(() => vi.unstubAllGlobals());

describe('import wizard', () => {
  it('uploads the bytes with the CSRF token, maps columns, shows row errors in the UI language and blocks the import', async () => {
    const user = userEvent.setup();
    const { calls, fetchUpload } = setup('zh-Hant', [badPreview], []);
    const file = new File(['貨號,Qty\nA-1,5\n'], '存貨.csv', { type: 'text/csv' });
    await user.upload(await screen.findByLabelText(/或拖放到這裏/), file);

    await screen.findByRole('heading', { name: '配對欄與欄位' });
    const [url, init] = fetchUpload.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/forms/form1/imports');
    expect(init.body).toBe(file);
    expect(init.headers).toMatchObject({ 'X-CSRF-Token': 'csrf-1', 'X-File-Name': encodeURIComponent('存貨.csv') });

    // The guessed mapping is shown with the field names in Chinese; Notes goes to the note field.
    expect((screen.getByLabelText('貨號') as HTMLSelectElement).value).toBe('sku');
    expect(within(screen.getByLabelText('Qty')).getByRole('option', { selected: true }).textContent).toBe('數量 (qty)');
    await user.selectOptions(screen.getByLabelText('Notes'), 'note');
    await user.selectOptions(screen.getByLabelText('識別欄（可選）'), 'sku');
    await user.click(screen.getByRole('button', { name: '檢查資料' }));

    await screen.findByRole('heading', { name: '匯入前檢查' });
    expect(calls.find((c) => c.path.endsWith('/preview'))?.body).toEqual({
      mapping: { 貨號: 'sku', Qty: 'qty', Notes: 'note' },
      keyField: 'sku',
    });
    const problem = screen.getByRole('row', { name: /abc/ });
    expect(problem.textContent).toContain('3');
    expect(problem.textContent).toContain('不是數字');
    expect((screen.getByRole('button', { name: '匯入 2 行' }) as HTMLButtonElement).disabled).toBe(true);

    // Back keeps the choice.
    await user.click(screen.getByRole('button', { name: '返回欄位配對' }));
    expect((screen.getByLabelText('Notes') as HTMLSelectElement).value).toBe('note');
    expect((screen.getByLabelText('識別欄（可選）') as HTMLSelectElement).value).toBe('sku');
  });

  it('imports with a progress bar until done, then links to the submissions', async () => {
    const user = userEvent.setup();
    const { calls } = setup(
      'en',
      [goodPreview],
      [
        state({ processed: 1 }),
        state({ processed: 2, phase: 'writing' }),
        state({ status: 'done', phase: null, processed: 3, inserted: 2, skipped: 1 }),
      ],
    );
    await user.upload(await screen.findByLabelText(/or drop it here/), new File(['x'], 'stock.csv'));
    await user.click(await screen.findByRole('button', { name: 'Check rows' }));
    await screen.findByText('2 rows are ready to import.');
    screen.getByText('1 row is already there and will be skipped.');
    await user.click(screen.getByRole('button', { name: 'Import 2 rows' }));

    const bar = await screen.findByRole('progressbar', { name: 'Import progress' });
    expect(bar.getAttribute('aria-valuemax')).toBe('3');
    await screen.findByRole('heading', { name: 'Import finished' }, { timeout: 3000 });
    screen.getByText('2 rows added.');
    screen.getByText('1 row was already there and was skipped.');
    expect(screen.getByRole('link', { name: 'View submissions' }).getAttribute('href')).toBe('/f/form1/submissions');
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/imports/imp1').length).toBe(3));
    expect(calls.find((c) => c.path.endsWith('/commit'))?.body).toEqual({ mapping: upload.mapping, keyField: null });
  });
});

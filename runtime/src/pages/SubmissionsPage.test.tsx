import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Submission } from '../api/types.ts';
import health from '../test/fixtures/healthDeclaration.json';
import purchase from '../test/fixtures/purchaseRequest.json';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';

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
    temperature: 36 + n / 10,
    symptoms: ['cough', 'headache'],
    closeContact: false,
    workLocation: 'warehouse',
    declaration: true,
  });

describe('SubmissionsPage', () => {
  it('renders a row per submission with localized column titles and choice labels', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(health)),
      listSubmissions: () => Promise.resolve({ items: [healthAnswer(1), healthAnswer(2)], nextCursor: null }),
    });
    renderApp('/f/form1/submissions', { api, locale: 'zh-Hant' });
    const table = await screen.findByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      '提交時間',
      '提交者',
      '體溫 (°C)',
      '今日的病徵',
      '過去 7 日曾否與確診者緊密接觸？',
      '今日工作地點',
      '目前位置 (選填)',
      '本人聲明以上資料真確無誤。',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const cells = within(rows[0])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['Person 1', '36.1', '咳嗽、頭痛', '否', '倉庫', '—', '是']);
    // Phones show each cell with its column's name.
    expect(within(rows[0]).getAllByRole('cell')[3].getAttribute('data-label')).toBe('今日的病徵');
    expect(api.listSubmissions).toHaveBeenCalledWith('form1', { limit: 50 });
  });

  it('shows nested table rows and money compactly', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(purchase)),
      listSubmissions: () =>
        Promise.resolve({
          items: [
            submission(1, {
              department: 'IT',
              lines: [
                { description: 'Mouse', quantity: 2, unitPrice: 80 },
                { description: 'Cable', quantity: 1, unitPrice: 25.5 },
              ],
              total: 185.5,
            }),
          ],
          nextCursor: null,
        }),
    });
    renderApp('/f/form1/submissions', { api });
    const row = (await screen.findAllByRole('row'))[1];
    const cell = (label: string) =>
      within(row)
        .getAllByRole('cell')
        .find((c) => c.getAttribute('data-label') === label)!;
    expect(cell('Items').textContent).toBe('2 rows');
    expect(cell('Total (HKD)').textContent).toBe('HK$185.50');
    expect(cell('Requesting department').textContent).toBe('IT');
  });

  it('loads more with the cursor and appends', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(health)),
      listSubmissions: (_id, opts) =>
        Promise.resolve(
          opts?.cursor === 'c2'
            ? { items: [healthAnswer(3)], nextCursor: null }
            : { items: [healthAnswer(1), healthAnswer(2)], nextCursor: 'c2' },
        ),
    });
    renderApp('/f/form1/submissions', { api });
    expect(await screen.findByText('Showing 2 submissions')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4));
    expect(api.listSubmissions).toHaveBeenLastCalledWith('form1', { limit: 50, cursor: 'c2' });
    expect(screen.getByText('Person 3')).toBeTruthy();
    expect(screen.getByText('Showing 3 submissions')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull(); // no further cursor
  });

  it('offers CSV and Excel downloads as plain links', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(health)),
      listSubmissions: () => Promise.resolve({ items: [], nextCursor: null }),
    });
    renderApp('/f/form1/submissions', { api });
    expect((await screen.findByRole('link', { name: 'Download CSV' })).getAttribute('href')).toBe(
      '/api/forms/form1/submissions/export?format=csv',
    );
    expect(screen.getByRole('link', { name: 'Download Excel' }).getAttribute('href')).toBe(
      '/api/forms/form1/submissions/export?format=xlsx',
    );
    expect(screen.getByRole('heading', { name: 'No submissions yet' })).toBeTruthy();
  });
});

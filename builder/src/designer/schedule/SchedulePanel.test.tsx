import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, ApiProvider, LocaleProvider, createI18n, type HttpApiClient, type Locale } from '@formloom/runtime';
import en from '../../i18n/en.json';
import zhHant from '../../i18n/zh-Hant.json';
import '../testing/harness.tsx';
import { SchedulePanel } from './SchedulePanel.tsx';

const notFound = () => new ApiError({ statusCode: 404, code: 'schedule_not_found', error: 'Not Found', message: 'none' });

function renderPanel(answers: Record<string, (body: unknown) => unknown>, locale: Locale = 'en') {
  const request = vi.fn(async (method: string, path: string, body?: unknown) => {
    const { pathname } = new URL(path, 'http://x');
    const answer = answers[`${method} ${pathname}`];
    if (!answer) {
      if (pathname.startsWith('/api/directory/')) return { items: [] };
      throw new Error(`unexpected ${method} ${path}`);
    }
    return answer(body);
  });
  const http = { request } as unknown as HttpApiClient;
  const i18n = createI18n(locale, { en, 'zh-Hant': zhHant });
  render(
    <ApiProvider client={http}>
      <LocaleProvider i18n={i18n} storage={null}>
        <SchedulePanel formId="form1" />
      </LocaleProvider>
    </ApiProvider>,
  );
  return request;
}

const saved = (body: Record<string, unknown>) => ({
  ...body,
  id: 's1',
  formId: 'form1',
  nextOpens: ['2026-11-30T01:00:00.000Z', '2026-12-02T01:00:00.000Z', '2026-12-07T01:00:00.000Z'],
  createdAt: '2026-11-27T02:00:00.000Z',
  updatedAt: '2026-11-27T02:00:00.000Z',
});

describe('Schedule tab', () => {
  it('starts from the suggestion, previews the next openings in Hong Kong and saves weekly days with the schedule API', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-27T02:00:00.000Z'), shouldAdvanceTime: true, toFake: ['Date'] });
    const put = vi.fn((body: unknown) => saved(body as Record<string, unknown>));
    const request = renderPanel({
      'GET /api/forms/form1/schedule': () => Promise.reject(notFound()),
      'PUT /api/forms/form1/schedule': put,
    });
    const form = await screen.findByRole('form', { name: 'Schedule' });
    expect((within(form).getByLabelText('Repeats') as HTMLSelectElement).value).toBe('weekdays');
    expect((within(form).getByLabelText('Opens at') as HTMLInputElement).value).toBe('09:00');
    expect((within(form).getByLabelText('Deadline') as HTMLInputElement).value).toBe('10:00');
    expect((within(form).getByLabelText('Reminder 1') as HTMLInputElement).value).toBe('09:45');
    expect((within(form).getByLabelText('Collect on a schedule') as HTMLInputElement).checked).toBe(false);
    // Friday 10:00 in Hong Kong: the weekend is skipped.
    const next = () =>
      within(screen.getByRole('region', { name: 'Next openings' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(next()).toEqual(['Mon 30 Nov 09:00', 'Tue 1 Dec 09:00', 'Wed 2 Dec 09:00']);

    await userEvent.click(within(form).getByLabelText('Collect on a schedule'));
    await userEvent.selectOptions(within(form).getByLabelText('Repeats'), 'weekly');
    await userEvent.click(screen.getByRole('button', { name: 'Wednesday' }));
    expect(screen.getByRole('button', { name: 'Wednesday' }).getAttribute('aria-pressed')).toBe('true');
    expect(next()).toEqual(['Mon 30 Nov 09:00', 'Wed 2 Dec 09:00', 'Mon 7 Dec 09:00']);
    await userEvent.click(screen.getByRole('button', { name: 'Save schedule' }));
    expect(await screen.findByText('Schedule saved.')).toBeTruthy();
    expect(put).toHaveBeenCalledWith({
      enabled: true,
      frequency: { kind: 'weekly', time: '09:00', weekdays: [1, 3] },
      timezone: 'Asia/Hong_Kong',
      audience: { departmentIds: [], positions: [], userIds: [] },
      deadline: '10:00',
      reminders: ['09:45'],
    });
    expect(request).toHaveBeenCalledWith('PUT', '/api/forms/form1/schedule', expect.anything());
    expect(screen.getByRole('link', { name: 'See periods and who has responded' }).getAttribute('href')).toBe('/f/form1/periods');
    vi.useRealTimers();
  });

  it('shows a refused cron pattern at its field, in Traditional Chinese too', async () => {
    const refuse = () =>
      Promise.reject(
        new ApiError({
          statusCode: 422,
          code: 'invalid_schedule',
          error: 'Unprocessable Entity',
          message: 'The cron pattern is not valid.',
          details: [{ path: 'frequency.cron', message: 'The cron pattern "61 9 * * *" is not valid.' }],
        }),
      );
    renderPanel({ 'GET /api/forms/form1/schedule': () => Promise.reject(notFound()), 'PUT /api/forms/form1/schedule': refuse }, 'zh-Hant');
    const form = await screen.findByRole('form', { name: '排程' });
    await userEvent.selectOptions(within(form).getByLabelText('重複'), 'cron');
    expect(screen.getByText('儲存後可看到自訂格式下次何時開始。')).toBeTruthy();
    await userEvent.type(within(form).getByLabelText('Cron 格式'), '61 9 * * *');
    await userEvent.click(screen.getByRole('button', { name: '儲存排程' }));
    const cron = within(form).getByLabelText('Cron 格式');
    expect(cron.getAttribute('aria-invalid')).toBe('true');
    expect(await screen.findByText('The cron pattern "61 9 * * *" is not valid.')).toBeTruthy();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Assignment, PeriodDetail } from '../../api/schedules.ts';
import { fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const form = publishedForm({ schema: { type: 'object', title: 'Daily health declaration', properties: {} }, uiSchema: {} });
const today = (hh: string) => {
  const d = new Date();
  d.setHours(Number(hh), 0, 0, 0);
  return d.toISOString();
};

function setUp(routes: Record<string, unknown | ((body: unknown) => unknown)>) {
  const request = vi.fn(async (method: string, path: string, body?: unknown) => {
    const { pathname } = new URL(path, 'http://x');
    const answer = routes[`${method} ${pathname}`];
    if (answer === undefined) throw new Error(`unexpected ${method} ${path}`);
    return typeof answer === 'function' ? answer(body) : structuredClone(answer);
  });
  const api = Object.assign(fakeApi({ getForm: () => Promise.resolve(form) }), { request });
  return { api, request };
}

const assignment = (over: Partial<Assignment>): Assignment => ({
  formId: 'form1',
  formName: 'Daily health declaration',
  periodKey: '2026-11-30T0900',
  deadline: today('10'),
  status: 'due',
  submissionId: null,
  ...over,
});

describe('DueToday on the home page', () => {
  it('lists the forms due today with their deadline and a Fill button; done ones ticked, late ones marked', async () => {
    const { api } = setUp({
      'GET /api/assignments': {
        items: [
          assignment({}),
          assignment({ formId: 'f2', formName: 'Site safety check', status: 'done', submissionId: 's2' }),
          assignment({ formId: 'f3', formName: 'Vehicle log', status: 'late', submissionId: 's3' }),
          assignment({ formId: 'f4', formName: 'Cleaning rota', status: 'missed' }),
        ],
      },
    });
    renderApp('/', { api });
    const section = await screen.findByRole('region', { name: /Due today/ });
    expect(within(section).getByRole('heading').textContent).toBe('Due today2 to fill');
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '○Daily health declarationFill by 10:00Fill',
      '✓Site safety checkDoneView',
      '✓Vehicle logSubmitted lateView',
      '!Cleaning rotaDeadline 10:00 passed: fill it nowFill',
    ]);
    expect(within(items[0]).getByRole('link', { name: 'Fill Daily health declaration' }).getAttribute('href')).toBe('/f/form1');
    expect(within(items[1]).getByRole('link', { name: 'View' }).getAttribute('href')).toBe('/r/s2');
  });

  it('shows nothing when nothing is due, in either language', async () => {
    const { api, request } = setUp({ 'GET /api/assignments': { items: [] } });
    renderApp('/', { api, locale: 'zh-Hant' });
    await waitFor(() => expect(request).toHaveBeenCalledWith('GET', '/api/assignments?due=today'));
    expect(screen.queryByRole('region', { name: /今日待填/ })).toBeNull();
  });

  it('reads in Traditional Chinese', async () => {
    const { api } = setUp({ 'GET /api/assignments': { items: [assignment({})] } });
    renderApp('/', { api, locale: 'zh-Hant' });
    const section = await screen.findByRole('region', { name: /今日待填/ });
    expect(within(section).getByText('請於 10:00 前填寫')).toBeTruthy();
    expect(within(section).getByRole('link', { name: '填寫 Daily health declaration' })).toBeTruthy();
  });
});

const detail: PeriodDetail = {
  period: {
    key: '2026-11-30T0900',
    opensAt: '2026-11-30T01:00:00.000Z',
    deadline: '2026-11-30T02:00:00.000Z',
    expected: 4,
    responded: 2,
    late: 1,
  },
  responded: [
    { userId: 'u1', name: 'Chan Tai Man', departmentId: 'd-wh', submissionId: 's1', submittedAt: '2026-11-30T01:20:00.000Z', late: false },
    { userId: 'u2', name: 'Lee Ka Yan', departmentId: null, submissionId: 's2', submittedAt: '2026-11-30T02:30:00.000Z', late: true },
  ],
  notResponded: [
    { userId: 'u3', name: 'Wong Siu Ming', departmentId: 'd-wh' },
    { userId: 'u4', name: 'Ho Wing', departmentId: 'd-fin' },
  ],
};
const departments = {
  items: [
    {
      id: 'd-wh',
      name: { en: 'Warehouse', 'zh-Hant': '倉庫' },
      parentId: null,
      headUserId: null,
      path: ['Warehouse'],
      createdAt: '',
      updatedAt: '',
    },
    { id: 'd-fin', name: { en: 'Finance' }, parentId: null, headUserId: null, path: ['Finance'], createdAt: '', updatedAt: '' },
  ],
};

describe('PeriodPage', () => {
  it('shows who responded (late marked), who did not with their departments, and reminds non-responders after a confirm', async () => {
    const remind = vi.fn(() => ({ reminded: 2 }));
    const { api, request } = setUp({
      'GET /api/forms/form1/periods/2026-11-30T0900': detail,
      'GET /api/directory/departments': departments,
      'POST /api/forms/form1/periods/2026-11-30T0900/remind': remind,
    });
    renderApp('/f/form1/periods/2026-11-30T0900', { api });
    const notResponded = await screen.findByRole('region', { name: 'Not responded (2)' });
    expect(
      within(notResponded)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Wong Siu MingWarehouse', 'Ho WingFinance']);
    const responded = screen.getByRole('region', { name: 'Responded (2)' });
    const links = within(responded).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/r/s1', '/r/s2']);
    expect(within(links[1]).getByText('Late')).toBeTruthy();
    expect(within(links[0]).queryByText('Late')).toBeNull();
    const stats = screen.getAllByRole('definition').map((dd) => dd.textContent);
    expect(stats).toEqual(['4', '2', '2', '1']);

    await userEvent.click(screen.getByRole('button', { name: 'Remind non-responders' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Send a reminder to the 2 people who have not responded?');
    expect(remind).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remind 2 people' }));
    expect((await screen.findByRole('status')).textContent).toBe('2 reminded');
    expect(request).toHaveBeenCalledWith('POST', '/api/forms/form1/periods/2026-11-30T0900/remind');
    expect(remind).toHaveBeenCalledTimes(1);
  });

  it('cancel sends nothing; with everyone responded the button is off; zh-Hant department names', async () => {
    const everyone = { ...detail, notResponded: [] };
    const remind = vi.fn(() => ({ reminded: 0 }));
    const { api } = setUp({
      'GET /api/forms/form1/periods/2026-11-30T0900': everyone,
      'GET /api/directory/departments': departments,
      'POST /api/forms/form1/periods/2026-11-30T0900/remind': remind,
    });
    renderApp('/f/form1/periods/2026-11-30T0900', { api, locale: 'zh-Hant' });
    const button = await screen.findByRole('button', { name: '提醒未回覆者' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('所有人都已回覆。')).toBeTruthy();
    expect(screen.getAllByText(/倉庫/).length).toBeGreaterThan(0);
    expect(remind).not.toHaveBeenCalled();
  });

  it('a confirm can be cancelled', async () => {
    const remind = vi.fn(() => ({ reminded: 2 }));
    const { api } = setUp({
      'GET /api/forms/form1/periods/2026-11-30T0900': detail,
      'GET /api/directory/departments': { items: [] },
      'POST /api/forms/form1/periods/2026-11-30T0900/remind': remind,
    });
    renderApp('/f/form1/periods/2026-11-30T0900', { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Remind non-responders' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(remind).not.toHaveBeenCalled();
  });
});

describe('PeriodsPage', () => {
  it('lists periods with responded counts and late badges, linking to each', async () => {
    const { api } = setUp({
      'GET /api/forms/form1/periods': {
        items: [detail.period, { ...detail.period, key: '2026-11-27T0900', opensAt: '2026-11-27T01:00:00.000Z', late: 0 }],
        nextCursor: null,
      },
    });
    renderApp('/f/form1/periods', { api });
    const list = await screen.findByRole('list', { name: 'Periods' });
    const rows = within(list).getAllByRole('link');
    expect(rows.map((a) => a.getAttribute('href'))).toEqual(['/f/form1/periods/2026-11-30T0900', '/f/form1/periods/2026-11-27T0900']);
    expect(rows[0].textContent).toContain('2 of 4 responded');
    expect(rows[0].textContent).toContain('1 late');
    expect(rows[1].textContent).not.toContain('late');
  });
});

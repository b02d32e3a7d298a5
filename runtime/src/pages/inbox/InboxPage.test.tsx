import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeWorkflowServer, task } from './fakeWorkflowServer.ts';

function setup(path: string, fill: (server: FakeWorkflowServer) => void, locale: 'en' | 'zh-Hant' = 'en') {
  const server = new FakeWorkflowServer();
  fill(server);
  const api = fakeApi({ request: server.request } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale }) };
}

const tab = (name: RegExp) => screen.getByRole('tab', { name });

describe('InboxPage', () => {
  it('shows each tab with its count, the to-do cards, and the header badge', async () => {
    const { server } = setup('/inbox', (s) => {
      s.tasks = [
        task({ formName: 'Leave request', dueAt: new Date(Date.now() - 3600_000).toISOString() }),
        task({ formName: 'Purchase request', submitterName: 'Lee Ka Yan' }),
        task({ status: 'approved', actedAt: new Date().toISOString() }),
        task({ kind: 'cc', status: 'pending', formName: 'Trip report' }),
        task({ kind: 'cc', status: 'approved' }),
      ];
      s.submitted = [];
    });
    const list = await screen.findByRole('list');
    const cards = within(list).getAllByRole('link');
    expect(cards.map((c) => c.getAttribute('href'))).toEqual(['/tasks/t1', '/tasks/t2']);
    expect(cards[0].textContent).toContain('From Wong Siu Ming');
    expect(cards[0].textContent).toContain('Days: 5 · Reason: Family trip');
    expect(cards[0].textContent).toContain('Manager'); // the step it waits at
    expect(cards[0].textContent).toMatch(/2 hr\.? ago|2h ago|2 hours ago/);
    const overdue = cards[0].querySelector('.fl-inbox-card__due--overdue');
    expect(overdue?.textContent).toMatch(/^Overdue since/); // said in words, not only in red
    expect(cards[1].querySelector('.fl-inbox-card__due')).toBeNull();

    await waitFor(() => expect(tab(/^To do/).textContent).toBe('To do2'));
    expect(tab(/^Done/).textContent).toBe('Done1');
    expect(tab(/^CC/).textContent).toBe("CC'd to me1"); // the unread ones
    expect(tab(/^Submitted/).textContent).toBe('Submitted by me'); // nothing pending: no number
    expect(tab(/^To do/).getAttribute('aria-selected')).toBe('true');
    // The header: "Inbox" with the to-do count, read out in words.
    expect(screen.getByRole('link', { name: 'Inbox, 2 to do' }).textContent).toBe('Inbox2');
    expect(server.callsTo('GET', /^\/api\/tasks$/)[0].params.get('kind')).toBe('approve');
  });

  it('keeps the tab in the URL, lists cc unread first, and my submissions with who has them', async () => {
    const user = userEvent.setup();
    const { history, server } = setup('/inbox?tab=cc', (s) => {
      s.tasks = [
        task({ kind: 'cc', status: 'approved', formName: 'Read one' }),
        task({ kind: 'cc', status: 'pending', formName: 'Unread one' }),
      ];
      s.submitted = [
        {
          submissionId: 's9',
          formId: 'form1',
          formName: 'Expense claim',
          status: 'pending',
          createdAt: new Date(Date.now() - 86400_000).toISOString(),
          updatedAt: new Date().toISOString(),
          summary: [{ key: 'amount', title: 'Amount', value: 'HK$1,200.00' }],
          current: [{ nodeId: 'fin', nodeName: { en: 'Finance' }, assignees: [{ id: 'u7', name: 'Ho Wing' }] }],
        },
      ];
    });
    const cc = await screen.findAllByRole('link', { name: /one/ });
    expect(cc.map((c) => c.textContent?.slice(0, 20))).toEqual([
      expect.stringContaining('Unread one'),
      expect.stringContaining('Read one'),
    ]);
    expect(within(cc[0]).getByRole('img', { name: 'Unread' })).toBeTruthy();
    expect(server.callsTo('GET', /^\/api\/tasks$/).map((c) => c.params.get('status'))).toEqual(['pending', 'done']);

    await user.click(tab(/^Submitted/));
    expect(history.location().search).toBe('?tab=submitted');
    const mine = await screen.findByRole('link', { name: /Expense claim/ });
    expect(mine.getAttribute('href')).toBe('/r/s9');
    expect(mine.textContent).toContain('Pending approval');
    expect(mine.textContent).toContain('With Ho Wing now');
    expect(mine.textContent).toContain('Amount: HK$1,200.00');

    // Arrow keys move along the tabs.
    tab(/^Submitted/).focus();
    await user.keyboard('{ArrowLeft}');
    expect(history.location().search).toBe('?tab=done');
    expect(document.activeElement).toBe(tab(/^Done/));
    expect(await screen.findByRole('heading', { name: 'Nothing decided yet' })).toBeTruthy();
  });

  it('pages with Load more', async () => {
    const user = userEvent.setup();
    const { server } = setup('/inbox', (s) => {
      s.pageSize = 2;
      s.tasks = [task({ formName: 'Form A' }), task({ formName: 'Form B' }), task({ formName: 'Form C' })];
    });
    await screen.findByRole('link', { name: /^Form A/ });
    expect(screen.queryByRole('link', { name: /^Form C/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: /^Form C/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(server.callsTo('GET', /^\/api\/tasks$/).map((c) => c.params.get('cursor'))).toEqual([null, '2']);
  });

  it('says so when there is nothing, in Traditional Chinese', async () => {
    setup('/inbox', () => undefined, 'zh-Hant');
    expect(await screen.findByRole('heading', { name: '沒有待處理事項' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '待處理' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '抄送我的' })).toBeTruthy();
  });

  it('shows what the task page just did', async () => {
    const { history } = setup('/inbox?done=rejected', () => undefined);
    expect((await screen.findByText(/^Rejected\./)).textContent).toBe('Rejected. The submitter has been told why.');
    await waitFor(() => expect(history.location().search).toBe('')); // once: a reload does not say it again
  });
});

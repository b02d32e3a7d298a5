import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { ApiProvider } from '../../api/ApiContext.tsx';
import { ApiError } from '../../api/errors.ts';
import { createI18n } from '../../i18n/createI18n.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeNotificationsServer, notification, urgent } from './fakeNotificationsServer.ts';
import { SendUrgent } from './SendUrgent.tsx';

function setup(path: string, fill: (server: FakeNotificationsServer) => void) {
  const server = new FakeNotificationsServer();
  fill(server);
  const api = fakeApi({ request: server.request } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api }) };
}

describe('NotificationsPage', () => {
  it('pages with Load more, filters unread, opens one as read, and shows urgent ones as acknowledged or not', async () => {
    const user = userEvent.setup();
    const { server, history } = setup('/notifications', (s) => {
      s.notifications = Array.from({ length: 25 }, (_, i) => notification({ title: `Item ${i + 1}`, link: `/tasks/t${i + 1}` }));
      s.notifications.push(urgent('Acknowledged one', { acknowledgedAt: new Date().toISOString(), readAt: new Date().toISOString() }));
    });
    const list = await screen.findByRole('list');
    expect(within(list).getAllByRole('button')).toHaveLength(20);
    expect(within(list).getAllByRole('button')[0].textContent).toContain('Acknowledged');
    expect(screen.getByText('25 unread')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(26));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(
      server
        .callsTo('GET', /^\/api\/notifications$/)
        .at(-1)!
        .params.get('cursor'),
    ).toBeTruthy();

    await user.click(screen.getByRole('tab', { name: 'Unread' }));
    expect(history.location().search).toBe('?tab=unread');
    await waitFor(() => expect(server.callsTo('GET', /^\/api\/notifications$/).some((c) => c.params.get('unread') === 'true')).toBe(true));
    const unread = await screen.findByRole('list');
    await waitFor(() => expect(within(unread).getAllByRole('button')[0].textContent).toContain('Item 25'));
    await user.click(within(unread).getAllByRole('button')[0]);
    expect(history.location().pathname).toBe('/tasks/t25');
    expect(server.notifications[24].readAt).not.toBeNull();
  });

  it('shows sent reminders with each recipient read, acknowledged or not', async () => {
    setup('/notifications?tab=sent', (s) => {
      const at = new Date().toISOString();
      s.sent = [
        {
          id: 'b1',
          message: 'Sign today',
          submissionId: 's7',
          sentAt: at,
          recipients: [
            { userId: 'u2', name: 'Ho Wing', readAt: at, acknowledgedAt: at },
            { userId: 'u3', name: 'Lee Ka Yan', readAt: at, acknowledgedAt: null },
            { userId: 'u4', name: 'Chan Mei', readAt: null, acknowledgedAt: null },
          ],
        },
      ];
    });
    const item = await screen.findByTestId('sent-reminder');
    expect(item.textContent).toContain('1 of 3 acknowledged');
    const people = within(within(item).getByRole('list', { name: 'Recipients' })).getAllByRole('listitem');
    expect(people.map((p) => p.textContent)).toEqual([
      expect.stringMatching(/^Ho WingAcknowledged · /),
      expect.stringMatching(/^Lee Ka YanRead, not acknowledged · /),
      'Chan MeiNot read yet',
    ]);
    expect(within(item).getByRole('link', { name: 'Open the request' }).getAttribute('href')).toBe('/r/s7');
    // Only admins compose reminders to anyone.
    expect(screen.queryByRole('button', { name: 'New urgent reminder' })).toBeNull();
  });
});

describe('SendUrgent', () => {
  function renderSend(server: FakeNotificationsServer, props: Partial<Parameters<typeof SendUrgent>[0]> = {}) {
    const api = fakeApi({ request: server.request } as Partial<ApiClient>);
    const onClose = vi.fn();
    const onSent = vi.fn();
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <ApiProvider client={api}>
          <SendUrgent userIds={['u2', 'u3']} submissionId="s1" onClose={onClose} onSent={onSent} {...props} />
        </ApiProvider>
      </I18nextProvider>,
    );
    return { onClose, onSent };
  }

  it('names the recipients, refuses an empty message, sends with the submission, and confirms', async () => {
    const user = userEvent.setup();
    const server = new FakeNotificationsServer();
    const { onSent, onClose } = renderSend(server);
    const dialog = screen.getByRole('dialog', { name: 'Send urgent reminder' });
    await within(dialog).findByText('Ho Wing, Lee Ka Yan');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Message'));
    await user.click(within(dialog).getByRole('button', { name: 'Send reminder' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Write a message first.');
    expect(server.callsTo('POST', /urgent$/)).toHaveLength(0);

    await user.type(within(dialog).getByLabelText('Message'), '  Please approve today  ');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(within(dialog).getByText('20/500')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Send reminder' }));
    await within(dialog).findByText(/^Urgent reminder sent to Ho Wing, Lee Ka Yan\./);
    expect(server.callsTo('POST', /urgent$/)[0].body).toEqual({
      userIds: ['u2', 'u3'],
      message: 'Please approve today',
      submissionId: 's1',
    });
    expect(onSent).toHaveBeenCalledOnce();
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('explains a refusal in words and keeps the message; a too long message cannot be sent; Escape cancels', async () => {
    const user = userEvent.setup();
    const server = new FakeNotificationsServer();
    server.failNext.set(
      '/api/notifications/urgent',
      new ApiError({ statusCode: 403, code: 'recipient_not_involved', error: 'Forbidden', message: 'x' }),
    );
    const { onSent, onClose } = renderSend(server);
    const text = screen.getByLabelText('Message');
    await user.type(text, 'Hello');
    await user.click(screen.getByRole('button', { name: 'Send reminder' }));
    await screen.findByText('You can only remind people who take part in this request.');
    expect((text as HTMLTextAreaElement).value).toBe('Hello');
    expect(onSent).not.toHaveBeenCalled();

    await user.clear(text);
    await user.click(text);
    await user.paste('x'.repeat(501));
    expect(screen.getByRole('button', { name: 'Send reminder' })).toHaveProperty('disabled', true);
    expect(text.getAttribute('aria-invalid')).toBe('true');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });
});

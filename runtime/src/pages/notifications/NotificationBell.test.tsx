import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeNotificationsServer, notification, urgent } from './fakeNotificationsServer.ts';

function setup(path: string, fill: (server: FakeNotificationsServer) => void, locale: 'en' | 'zh-Hant' = 'en') {
  const server = new FakeNotificationsServer();
  fill(server);
  const api = fakeApi({ request: server.request } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale }) };
}

const bell = () => screen.getByTestId('notification-bell');

describe('NotificationBell', () => {
  it('shows the unread count, lists the latest, and opens one (read) at its link', async () => {
    const user = userEvent.setup();
    const { server, history } = setup('/', (s) => {
      s.notifications = [
        notification({ title: 'Approved: Trip', readAt: new Date().toISOString(), link: '/r/s1' }),
        notification({ title: 'Approval needed: Leave request', link: '/tasks/t9' }),
        notification({ title: 'Due today: Health declaration', link: null }),
      ];
    });
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 2 unread'));
    expect(screen.getByTestId('notification-count').textContent).toBe('2');
    expect(bell().getAttribute('aria-expanded')).toBe('false');

    await user.click(bell());
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const items = within(panel).getAllByRole('button', { name: /Approv|Due/ });
    // Newest first; the unread ones say so to screen readers.
    expect(items.map((b) => b.textContent)).toEqual([
      expect.stringContaining('Unread: Due today: Health declaration'),
      expect.stringContaining('Unread: Approval needed: Leave request'),
      expect.stringContaining('Approved: Trip'),
    ]);
    expect(items[2].textContent).not.toContain('Unread');

    await user.click(items[1]);
    expect(history.location().pathname).toBe('/tasks/t9');
    expect(server.callsTo('POST', /\/read$/).map((c) => c.path)).toEqual([`/api/notifications/${server.notifications[1].id}/read`]);
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread'));
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
  });

  it('marks all read, says when there is nothing, links to the full list, and closes on Escape', async () => {
    const user = userEvent.setup();
    const { server, history } = setup('/', (s) => {
      s.notifications = [notification(), notification()];
    });
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 2 unread'));
    await user.click(bell());
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications'));
    expect(screen.queryByTestId('notification-count')).toBeNull();
    expect(server.callsTo('POST', /read-all$/)).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Mark all read' })).toHaveProperty('disabled', true);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell());

    server.notifications = [];
    await user.click(bell());
    await screen.findByText('No notifications yet');
    await user.click(screen.getByRole('link', { name: 'See all notifications' }));
    expect(history.location().pathname).toBe('/notifications');
  });

  it('checks again when the window regains focus', async () => {
    const { server } = setup('/', (s) => {
      s.notifications = [notification()];
    });
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 1 unread'));
    server.notifications.push(notification(), notification());
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(bell().getAttribute('aria-label')).toBe('Notifications, 3 unread'));
  });
});

describe('UrgentDialog', () => {
  it('stays until acknowledged (Escape does nothing), then shows the next one; the page behind is inert', async () => {
    const user = userEvent.setup();
    const { server } = setup('/', (s) => {
      s.notifications = [notification(), urgent('Sign the stock count before 3 pm'), urgent('Call the auditor back')];
    });
    const dialog = await screen.findByRole('alertdialog', { name: 'Urgent reminder' });
    // The older one first.
    expect(dialog.textContent).toContain('Sign the stock count before 3 pm');
    expect(dialog.textContent).toContain('From Chan Tai Man');
    expect(dialog.textContent).toContain('1 more urgent reminder is waiting.');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Got it' }));
    expect(bell().closest('[inert]')).not.toBeNull();

    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.getByRole('alertdialog')).toBe(dialog);

    await user.click(within(dialog).getByRole('button', { name: 'Got it' }));
    const first = server.notifications[1];
    expect(server.callsTo('POST', /acknowledge$/).map((c) => c.path)).toEqual([`/api/notifications/${first.id}/acknowledge`]);
    await waitFor(() => expect(screen.getByRole('alertdialog').textContent).toContain('Call the auditor back'));
    expect(screen.getByRole('alertdialog').textContent).not.toContain('more urgent');

    await user.click(screen.getByRole('button', { name: 'Got it' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(bell().closest('[inert]')).toBeNull();
  });

  it('keeps the reminder when acknowledging fails, and can open its link after acknowledging', async () => {
    const user = userEvent.setup();
    const { server, history } = setup('/', (s) => {
      s.notifications = [urgent('Look at this request', { link: '/r/s42' })];
      s.failNext.set(
        `/api/notifications/${s.notifications[0].id}/acknowledge`,
        new ApiError({ statusCode: 500, code: 'internal', error: 'x', message: 'x' }),
      );
    });
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Got it' }));
    await within(dialog).findByText('Could not record that you got it. Check your connection and try again.');
    expect(screen.getByRole('alertdialog')).toBe(dialog);
    expect(server.notifications[0].acknowledgedAt).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Got it, open' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(history.location().pathname).toBe('/r/s42');
    expect(server.notifications[0].acknowledgedAt).not.toBeNull();
  });

  it('reads in Traditional Chinese', async () => {
    setup(
      '/',
      (s) => {
        s.notifications = [urgent('請於中午前回覆')];
      },
      'zh-Hant',
    );
    const dialog = await screen.findByRole('alertdialog', { name: '緊急提醒' });
    expect(dialog.textContent).toContain('來自 Chan Tai Man');
    expect(within(dialog).getByRole('button', { name: '知道了' })).toBeTruthy();
  });
});

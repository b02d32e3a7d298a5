// Notifications as the runtime uses them: the bell's latest and counts, the urgent reminders to
// acknowledge, the notifications page, and sending an urgent reminder (DING) with its read/acknowledged
// view. Built on the HTTP client's `request`, so CSRF, Accept-Language and errors work as everywhere.
import type { Notification, NotificationPage, SentReminder, SentReminderPage, SentUrgent } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { Notification, NotificationPage, SentReminder, SentReminderPage, SentUrgent };

export interface NotificationQuery {
  unread?: boolean;
  /** Only urgent reminders not acknowledged yet. */
  urgentPending?: boolean;
  limit?: number;
  cursor?: string | null;
}

export interface NotificationsApi {
  list(query?: NotificationQuery): Promise<NotificationPage>;
  read(id: string): Promise<void>;
  readAll(): Promise<void>;
  acknowledge(id: string): Promise<void>;
  sendUrgent(body: { userIds: string[]; message: string; submissionId?: string }): Promise<SentUrgent>;
  sent(query?: { limit?: number; cursor?: string | null }): Promise<SentReminderPage>;
}

const enc = encodeURIComponent;

export function createNotificationsApi(request: HttpApiClient['request']): NotificationsApi {
  return {
    list({ unread, urgentPending, limit, cursor } = {}) {
      const params = new URLSearchParams();
      if (unread) params.set('unread', 'true');
      if (urgentPending) params.set('urgentPending', 'true');
      if (limit) params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      return request<NotificationPage>('GET', `/api/notifications?${params}`);
    },
    read: (id) => request<void>('POST', `/api/notifications/${enc(id)}/read`),
    readAll: () => request<void>('POST', '/api/notifications/read-all'),
    acknowledge: (id) => request<void>('POST', `/api/notifications/${enc(id)}/acknowledge`),
    sendUrgent: (body) => request<SentUrgent>('POST', '/api/notifications/urgent', body),
    sent({ limit, cursor } = {}) {
      const params = new URLSearchParams();
      if (limit) params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      return request<SentReminderPage>('GET', `/api/notifications/sent?${params}`);
    },
  };
}

/**
 * The notifications calls over the app's API client, or null when it cannot make them (a test's fake
 * client without `request`): the header's bell then stays out of the way instead of failing the page.
 */
export function notificationsApiOf(api: ApiClient): NotificationsApi | null {
  const request = (api as Partial<HttpApiClient>).request;
  return typeof request === 'function' ? createNotificationsApi(request.bind(api)) : null;
}

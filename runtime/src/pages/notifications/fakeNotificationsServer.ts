// For component tests: an in-memory stand-in for the notification routes (list with its filters and
// counts, read, read-all, acknowledge, send urgent, sent) answering `request()` the way contracts.md
// says, and the directory lookup SendUrgent uses for names. Calls are recorded.
import { ApiError } from '../../api/errors.ts';
import type { Notification, SentReminder } from '../../api/notifications.ts';

export interface RecordedCall {
  method: string;
  path: string;
  params: URLSearchParams;
  body?: unknown;
}

const fail = (statusCode: number, code: string) => new ApiError({ statusCode, code, error: 'Error', message: code });

let seq = 0;
/** A notification, newest ids last (ids sort like the server's time-ordered ones). */
export function notification(over: Partial<Notification> = {}): Notification {
  seq++;
  return {
    id: `n${String(seq).padStart(4, '0')}`,
    kind: 'task_assigned',
    title: `Approval needed: Leave request ${seq}`,
    body: 'Wong Siu Ming submitted Leave request.',
    link: `/tasks/t${seq}`,
    urgent: false,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    readAt: null,
    acknowledgedAt: null,
    sender: null,
    ...over,
  };
}

export function urgent(message: string, over: Partial<Notification> = {}): Notification {
  return notification({
    kind: 'urgent',
    urgent: true,
    title: 'Urgent reminder from Chan Tai Man',
    body: message,
    link: null,
    sender: { id: 'boss', name: 'Chan Tai Man' },
    ...over,
  });
}

export class FakeNotificationsServer {
  notifications: Notification[] = [];
  sent: SentReminder[] = [];
  people: Record<string, string> = { u2: 'Ho Wing', u3: 'Lee Ka Yan' };
  calls: RecordedCall[] = [];
  /** The next calls to these paths fail with this error (once each). */
  failNext = new Map<string, ApiError>();

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  request = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const [path, query = ''] = url.split('?');
    const params = new URLSearchParams(query);
    this.calls.push({ method, path, params, body });
    const failure = this.failNext.get(path);
    if (failure) {
      this.failNext.delete(path);
      throw failure;
    }
    return this.route(method, path, params, body) as T;
  };

  private route(method: string, path: string, params: URLSearchParams, body: unknown): unknown {
    const now = new Date().toISOString();
    if (method === 'GET' && path === '/api/notifications') {
      let items = [...this.notifications].sort((a, b) => (a.id < b.id ? 1 : -1));
      if (params.get('unread') === 'true') items = items.filter((n) => !n.readAt);
      if (params.get('urgentPending') === 'true') items = items.filter((n) => n.urgent && !n.acknowledgedAt);
      const cursor = params.get('cursor');
      if (cursor) items = items.filter((n) => n.id < cursor);
      const limit = Number(params.get('limit') ?? 20);
      const page = items.slice(0, limit);
      return {
        items: page,
        nextCursor: items.length > limit ? page[page.length - 1].id : null,
        unread: this.notifications.filter((n) => !n.readAt).length,
        urgentPending: this.notifications.filter((n) => n.urgent && !n.acknowledgedAt).length,
      };
    }
    if (method === 'POST' && path === '/api/notifications/read-all') {
      for (const n of this.notifications) n.readAt ??= now;
      return undefined;
    }
    const one = path.match(/^\/api\/notifications\/([^/]+)\/(read|acknowledge)$/);
    if (method === 'POST' && one) {
      const n = this.notifications.find((x) => x.id === decodeURIComponent(one[1]));
      if (!n) throw fail(404, 'notification_not_found');
      if (one[2] === 'acknowledge') {
        if (!n.urgent) throw fail(409, 'notification_not_urgent');
        n.acknowledgedAt ??= now;
      }
      n.readAt ??= now;
      return undefined;
    }
    if (method === 'POST' && path === '/api/notifications/urgent') {
      const { userIds, message, submissionId } = body as { userIds: string[]; message: string; submissionId?: string };
      const id = `s${this.sent.length + 1}`;
      this.sent.unshift({
        id,
        message,
        submissionId: submissionId ?? null,
        sentAt: now,
        recipients: userIds.map((userId) => ({ userId, name: this.people[userId] ?? userId, readAt: null, acknowledgedAt: null })),
      });
      return { ids: userIds.map((u) => `${id}-${u}`), sentAt: now };
    }
    if (method === 'GET' && path === '/api/notifications/sent') return { items: this.sent, nextCursor: null };
    if (method === 'GET' && path === '/api/directory/users') {
      const ids = (params.get('ids') ?? '').split(',').filter((id) => id in this.people);
      return {
        items: ids.map((id) => ({
          id,
          name: this.people[id],
          email: `${id}@example.com`,
          departmentId: null,
          positions: [],
          disabled: false,
        })),
      };
    }
    throw fail(404, 'route_not_found');
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify } from '../src/services/notifications/notify.ts';
import { Client, DIALECTS, adminClient, publishedForm, startTestServer, type TestServer } from './helpers.ts';

/** In-app notifications and urgent reminders (DING) through the HTTP API, on both databases. */
describe.each(DIALECTS)('notifications on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let adminId: string;
  let n = 0;

  /** A user with the given locale, signed in as one browser tab. */
  async function person(name: string, extra: { role?: string; locale?: string | null } = {}) {
    const email = `${name.toLowerCase().replace(/\W+/g, '')}-${++n}@example.com`;
    const res = await admin.post('/api/users', {
      email,
      name,
      password: 'a-long-password-1',
      role: extra.role ?? 'member',
      locale: extra.locale ?? null,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id as string, client: await new Client(server.url).login(email, 'a-long-password-1') };
  }
  const list = (client: Client, query = '', headers?: Record<string, string>) => client.get(`/api/notifications${query}`, { headers });
  const rowCount = async () => Number((await server.app.db('notifications').count({ c: '*' }).first())?.c);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    adminId = (await admin.get('/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('delivers an urgent reminder in each recipient’s language, and the sender sees who read and acknowledged it', async () => {
    const mei = await person('Chan Tai Man', { locale: 'zh-Hant' });
    const john = await person('John Lee', { locale: 'en' });
    const sent = await admin.post('/api/notifications/urgent', {
      userIds: [mei.id, john.id],
      message: 'Please approve the purchase today.',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.ids).toHaveLength(2);
    expect(Date.parse(sent.body.sentAt)).toBeGreaterThan(Date.now() - 60_000);

    const meiPage = (await list(mei.client)).body;
    expect(meiPage).toMatchObject({ unread: 1, urgentPending: 1, nextCursor: null });
    expect(meiPage.items[0]).toMatchObject({
      kind: 'urgent',
      urgent: true,
      body: 'Please approve the purchase today.',
      link: null,
      readAt: null,
      acknowledgedAt: null,
      sender: { id: adminId },
    });
    expect(meiPage.items[0].title).toBe(`${meiPage.items[0].sender.name} 的緊急提醒`);
    const johnItem = (await list(john.client)).body.items[0];
    expect(johnItem.title).toBe(`Urgent reminder from ${johnItem.sender.name}`);

    // The dialog's query: urgent reminders not acknowledged yet.
    await notify(server.app.db, { userIds: [mei.id], kind: 'cc', params: { formName: 'F', submitterName: 'S' }, link: null });
    const pendingOnly = (await list(mei.client, '?urgentPending=true')).body;
    expect(pendingOnly.items.map((i: any) => i.id)).toEqual([meiPage.items[0].id]);
    await mei.client.post('/api/notifications/read-all');

    // Read is not acknowledged: the reminder still asks for attention until "Got it".
    const meiNotification = meiPage.items[0].id;
    expect((await mei.client.post(`/api/notifications/${meiNotification}/read`)).status).toBe(204);
    const urgentOf = async () => (await list(mei.client)).body.items.find((i: any) => i.id === meiNotification);
    const afterRead = (await list(mei.client)).body;
    expect(afterRead).toMatchObject({ unread: 0, urgentPending: 1 });
    expect((await urgentOf()).readAt).not.toBeNull();
    expect((await mei.client.post(`/api/notifications/${meiNotification}/acknowledge`)).status).toBe(204);
    expect((await list(mei.client)).body).toMatchObject({ unread: 0, urgentPending: 0 });
    const acknowledged = await urgentOf();
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect((await list(mei.client, '?urgentPending=true')).body.items).toEqual([]);
    // Acknowledging again keeps the first time.
    expect((await mei.client.post(`/api/notifications/${meiNotification}/acknowledge`)).status).toBe(204);
    expect((await urgentOf()).acknowledgedAt).toBe(acknowledged.acknowledgedAt);

    const sentList = (await admin.get('/api/notifications/sent')).body;
    const reminder = sentList.items[0];
    expect(reminder).toMatchObject({ message: 'Please approve the purchase today.', submissionId: null, sentAt: sent.body.sentAt });
    const byUser = Object.fromEntries(reminder.recipients.map((r: any) => [r.userId, r]));
    expect(byUser[mei.id]).toMatchObject({ name: 'Chan Tai Man', acknowledgedAt: acknowledged.acknowledgedAt });
    expect(byUser[mei.id].readAt).not.toBeNull();
    expect(byUser[john.id]).toMatchObject({ name: 'John Lee', readAt: null, acknowledgedAt: null });

    // The send is one domain event naming its notifications and recipients.
    const events = await server.app.db('domain_events').where({ type: 'notification.urgent_sent' });
    const payloads = events.map((e: any) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload));
    expect(payloads).toContainEqual({ notificationIds: sent.body.ids, recipients: [mei.id, john.id] });
  });

  it('answers 404 for someone else’s notification, and 409 when acknowledging one that is not urgent', async () => {
    const owner = await person('Owner');
    const other = await person('Other');
    const sent = await admin.post('/api/notifications/urgent', { userIds: [owner.id], message: 'Mine' });
    const [id] = sent.body.ids;
    for (const action of ['read', 'acknowledge']) {
      const res = await other.client.post(`/api/notifications/${id}/${action}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('notification_not_found');
    }
    expect((await other.client.post('/api/notifications/no-such-id/read')).status).toBe(404);
    expect((await list(other.client)).body.items).toEqual([]);
    // Nothing changed on the owner's copy.
    expect((await list(owner.client)).body).toMatchObject({ unread: 1, urgentPending: 1 });

    const [plain] = await notify(server.app.db, {
      userIds: [owner.id],
      kind: 'submission_approved',
      params: { formName: 'Leave request' },
      link: '/r/abc',
      email: false,
    });
    const ack = await owner.client.post(`/api/notifications/${plain}/acknowledge`);
    expect(ack.status).toBe(409);
    expect(ack.body.code).toBe('notification_not_urgent');
    expect((await server.app.db('notifications').where({ id: plain }).first()).acknowledged_at).toBeNull();
  });

  it('renders every kind from its parameters in the reader’s locale, else their Accept-Language', async () => {
    const noLocale = await person('No Locale');
    await notify(server.app.db, {
      userIds: [noLocale.id],
      kind: 'task_assigned',
      params: { formName: 'Leave request', 'formName.zh-Hant': '請假申請', submitterName: 'Wong Siu Ming', nodeName: 'Manager' },
      link: '/tasks/t1',
    });
    await notify(server.app.db, {
      userIds: [noLocale.id],
      kind: 'submission_rejected',
      params: { formName: 'Leave request', actorName: 'Boss', comment: 'Too long' },
      link: '/r/s1',
    });
    const zh = (await list(noLocale.client, '', { 'accept-language': 'zh-HK,zh;q=0.9,en;q=0.5' })).body.items;
    expect(zh[0]).toMatchObject({
      kind: 'submission_rejected',
      title: '已拒絕：Leave request',
      body: 'Boss 拒絕了你提交的「Leave request」：Too long',
    });
    expect(zh[1]).toMatchObject({
      kind: 'task_assigned',
      title: '待你審批：請假申請',
      body: 'Wong Siu Ming 提交了「請假申請」，正在「Manager」等待你審批。',
      link: '/tasks/t1',
      urgent: false,
      sender: null,
    });
    const en = (await list(noLocale.client, '', { 'accept-language': 'en-GB' })).body.items;
    expect(en[1]).toMatchObject({
      title: 'Approval needed: Leave request',
      body: 'Wong Siu Ming submitted Leave request. It is waiting for you at "Manager".',
    });
    expect(en[0].body).toBe('Boss rejected your Leave request: Too long');
  });

  it('pages newest first without repeats, filters unread, and marks all read', async () => {
    const reader = await person('Reader');
    for (let i = 0; i < 23; i++) {
      await notify(server.app.db, {
        userIds: [reader.id],
        kind: 'collection_due',
        params: { formName: `Form ${i}`, periodLabel: 'today', deadline: '10:00' },
        link: null,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(reader.client, `?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.unread).toBe(23);
      seen.push(...res.body.items.map((i: any) => i.title));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `Due today: Form ${22 - i}`));

    const first = (await list(reader.client, '?limit=1')).body.items[0];
    await reader.client.post(`/api/notifications/${first.id}/read`);
    const unread = (await list(reader.client, '?unread=true&limit=100')).body;
    expect(unread.items).toHaveLength(22);
    expect(unread.items.some((i: any) => i.id === first.id)).toBe(false);

    expect((await reader.client.post('/api/notifications/read-all')).status).toBe(204);
    const after = (await list(reader.client, '?unread=true')).body;
    expect(after).toMatchObject({ items: [], unread: 0, nextCursor: null });

    expect((await list(reader.client, '?limit=0')).status).toBe(400);
    expect((await list(reader.client, '?limit=101')).status).toBe(400);
    expect((await new Client(server.url).get('/api/notifications')).status).toBe(401);
  });

  it('lets people remind only those taking part in a submission they may read; admins anyone', async () => {
    const builder = await person('Form Owner', { role: 'builder' });
    const submitter = await person('Submitter');
    const outsider = await person('Outsider');
    const { appId, formId } = await publishedForm(builder.client);
    const grants = await builder.client.put(`/api/apps/${appId}/grants`, {
      grants: [
        { principal: builder.id, permissions: ['edit'] },
        { principal: submitter.id, permissions: ['fill'] },
        { principal: outsider.id, permissions: ['fill'] },
      ],
    });
    expect(grants.status).toBe(200);
    const submission = await submitter.client.post(`/api/forms/${formId}/submissions`, { data: { name: 'Ladder', qty: 1 } });
    expect(submission.status, JSON.stringify(submission.body)).toBe(201);
    const submissionId = submission.body.id;
    const before = await rowCount();

    // Without a submission only admins may remind.
    const bare = await builder.client.post('/api/notifications/urgent', { userIds: [submitter.id], message: 'Hello' });
    expect(bare.status).toBe(403);
    expect(bare.body.code).toBe('urgent_needs_submission');
    // The form's owner sees every submission and reminds the submitter about theirs.
    const ok = await builder.client.post('/api/notifications/urgent', {
      userIds: [submitter.id],
      message: 'Fix the quantity',
      submissionId,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const got = (await list(submitter.client)).body.items[0];
    expect(got).toMatchObject({
      urgent: true,
      body: 'Fix the quantity',
      link: `/r/${submissionId}`,
      sender: { id: builder.id, name: 'Form Owner' },
    });
    // …but not someone who has nothing to do with it.
    const notInvolved = await builder.client.post('/api/notifications/urgent', { userIds: [outsider.id], message: 'Hi', submissionId });
    expect(notInvolved.status).toBe(403);
    expect(notInvolved.body.code).toBe('recipient_not_involved');
    // Someone who may not read the submission cannot use it (it does not exist for them).
    const probe = await outsider.client.post('/api/notifications/urgent', { userIds: [submitter.id], message: 'Hi', submissionId });
    expect(probe.status).toBe(404);
    expect(probe.body.code).toBe('submission_not_found');
    // The submitter takes part; the form's owner does not (they are not in a flow).
    const toOwner = await submitter.client.post('/api/notifications/urgent', { userIds: [builder.id], message: 'Hi', submissionId });
    expect(toOwner.status).toBe(403);
    const toSelf = await submitter.client.post('/api/notifications/urgent', { userIds: [submitter.id], message: 'Hi', submissionId });
    expect(toSelf.status).toBe(422);
    expect(toSelf.body).toMatchObject({ code: 'recipient_is_sender', details: [{ path: 'userIds.0' }] });

    // An admin reminds anyone, about anything; unknown and disabled people are named at their place.
    const disabled = await person('Gone');
    expect((await admin.request('PATCH', `/api/users/${disabled.id}`, { body: { disabled: true } })).status).toBe(200);
    const unknown = await admin.post('/api/notifications/urgent', { userIds: [outsider.id, 'no-such-user', disabled.id], message: 'Hi' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_user');
    expect(unknown.body.details.map((d: any) => d.path)).toEqual(['userIds.1', 'userIds.2']);
    // Bad bodies: an empty or too long message, no recipients.
    for (const body of [
      { userIds: [outsider.id], message: '   ' },
      { userIds: [outsider.id], message: 'x'.repeat(501) },
      { userIds: [], message: 'Hi' },
      { message: 'Hi' },
    ]) {
      const res = await admin.post('/api/notifications/urgent', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBeTruthy();
    }
    // Refusals stored nothing; the one send stored one row.
    expect(await rowCount()).toBe(before + 1);
    expect((await admin.post('/api/notifications/urgent', { userIds: [outsider.id], message: 'x'.repeat(500) })).status).toBe(201);
  });

  it('lists sent reminders a page at a time, each send with its recipients', async () => {
    const sender = await person('Sender', { role: 'admin' });
    const a = await person('Alpha');
    const b = await person('Beta');
    for (let i = 0; i < 5; i++) {
      const res = await sender.client.post('/api/notifications/urgent', {
        userIds: i % 2 ? [a.id] : [a.id, b.id],
        message: `Reminder ${i}`,
      });
      expect(res.status).toBe(201);
    }
    const first = (await sender.client.get('/api/notifications/sent?limit=3')).body;
    expect(first.items.map((r: any) => r.message)).toEqual(['Reminder 4', 'Reminder 3', 'Reminder 2']);
    expect(first.items.map((r: any) => r.recipients.length)).toEqual([2, 1, 2]);
    const second = (await sender.client.get(`/api/notifications/sent?limit=3&cursor=${first.nextCursor}`)).body;
    expect(second.items.map((r: any) => r.message)).toEqual(['Reminder 1', 'Reminder 0']);
    expect(second.nextCursor).toBeNull();
    // Recipients do not see the sender's list as theirs.
    expect((await a.client.get('/api/notifications/sent')).body.items).toEqual([]);
  });
});

import type { AddressInfo } from 'node:net';
import knexFactory, { type Knex } from 'knex';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, MAX_EMAIL_ATTEMPTS } from '../src/services/notifications/mailer.ts';
import { notify } from '../src/services/notifications/notify.ts';
import { Client, DIALECTS, adminClient, startTestServer, type TestServer } from './helpers.ts';

const PUBLIC_URL = 'https://forms.example.hk';

/** A real SMTP server on a loopback port that parses what it receives and can refuse the next few mails. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const state = { refuseNext: 0, delayMs: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(async (mail) => {
        if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
        if (state.refuseNext > 0) {
          state.refuseNext--;
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

const notificationIdOf = (mail: ParsedMail) => String(mail.headers.get('x-formloom-notification'));

describe.each(DIALECTS)('notification emails on %s', (dialect) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: TestServer;
  let admin: Client;
  let n = 0;
  const later = (ms: number) => new Date(Date.now() + ms);

  async function person(name: string, locale: 'en' | 'zh-Hant' | null) {
    const email = `${name.toLowerCase().replace(/\W+/g, '')}-${++n}@example.com`;
    const res = await admin.post('/api/users', { email, name, password: 'a-long-password-1', locale });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  }
  const row = (id: string) => server.app.db('notifications').where({ id }).first();

  beforeAll(async () => {
    smtp = await startSmtp();
    // The plugin reads these when the server starts; the timer's pass is effectively off (tests run passes).
    process.env.FORMLOOM_SMTP_URL = smtp.url;
    process.env.FORMLOOM_PUBLIC_URL = PUBLIC_URL;
    process.env.FORMLOOM_MAIL_FROM = 'Formloom Test <forms@example.hk>';
    process.env.FORMLOOM_MAIL_INTERVAL_MS = String(3600_000);
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.state.refuseNext = 0;
    smtp.state.delayMs = 0;
  });

  it('mails each recipient once, in their language, with the subject, text, escaped HTML and a link to the runtime', async () => {
    const mei = await person('陳美玲', 'zh-Hant');
    const john = await person('John Lee', 'en');
    const sent = await admin.post('/api/notifications/urgent', { userIds: [mei.id, john.id], message: 'Sign <b>today</b> & thanks' });
    expect(sent.status).toBe(201);
    const [task] = await notify(server.app.db, {
      userIds: [john.id],
      kind: 'task_assigned',
      params: { formName: 'Leave request', submitterName: 'Mei', nodeName: 'Manager' },
      link: '/tasks/task-1',
    });

    const pass = await server.app.notificationMailer.runOnce();
    expect(pass).toEqual({ sent: 3, retrying: 0, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(3);
    // Nothing goes twice.
    expect(await server.app.notificationMailer.runOnce(later(3600_000))).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(3);

    const byId = new Map(smtp.received.map((m) => [notificationIdOf(m), m]));
    const [meiId, johnId] = sent.body.ids;
    const toMei = byId.get(meiId)!;
    expect(toMei.subject).toBe('【緊急】Administrator 的緊急提醒');
    expect(toMei.to).toMatchObject({ value: [{ address: mei.email, name: '陳美玲' }] });
    expect(toMei.from?.value[0]).toMatchObject({ address: 'forms@example.hk', name: 'Formloom Test' });
    expect(toMei.text).toContain('Sign <b>today</b> & thanks');
    expect(toMei.text).toContain(`在 Formloom 開啟: ${PUBLIC_URL}/notifications`);
    expect(toMei.html).toContain('Sign &lt;b&gt;today&lt;/b&gt; &amp; thanks');
    expect(toMei.html).not.toContain('<b>today');
    expect(toMei.html).toContain(`href="${PUBLIC_URL}/notifications"`);

    expect(byId.get(johnId)!.subject).toBe('[Urgent] Urgent reminder from Administrator');
    const taskMail = byId.get(task)!;
    expect(taskMail.subject).toBe('Approval needed: Leave request');
    expect(taskMail.text).toContain('Mei submitted Leave request. It is waiting for you at "Manager".');
    expect(taskMail.text).toContain(`Open in Formloom: ${PUBLIC_URL}/tasks/task-1`);
    expect(taskMail.html).toContain(`href="${PUBLIC_URL}/tasks/task-1"`);

    for (const id of [meiId, johnId, task]) {
      expect(await row(id)).toMatchObject({ email_status: 'sent', email_attempts: 1, email_next_at: null });
    }
  });

  it('retries a refused email with backoff, then sends it once; gives up after several tries', async () => {
    const ann = await person('Ann', 'en');
    const [id] = await notify(server.app.db, {
      userIds: [ann.id],
      kind: 'submission_approved',
      params: { formName: 'Trip' },
      link: '/r/s1',
    });
    smtp.state.refuseNext = 1;
    expect(await server.app.notificationMailer.runOnce()).toMatchObject({ sent: 0, retrying: 1 });
    const waiting = await row(id);
    expect(waiting).toMatchObject({ email_status: 'pending', email_attempts: 1 });
    expect(waiting.email_error).toMatch(/busy/);
    const retryAt = Date.parse(waiting.email_next_at);
    expect(retryAt).toBeGreaterThan(Date.now() + 20_000);
    // Not before its time…
    expect(await server.app.notificationMailer.runOnce()).toMatchObject({ sent: 0, retrying: 0 });
    // …then once.
    expect(await server.app.notificationMailer.runOnce(new Date(retryAt + 1))).toMatchObject({ sent: 1 });
    expect(smtp.received.map(notificationIdOf)).toEqual([id]);
    expect(smtp.received[0].subject).toBe('Approved: Trip');
    expect(await row(id)).toMatchObject({ email_status: 'sent', email_attempts: 2, email_error: null });

    const [doomed] = await notify(server.app.db, {
      userIds: [ann.id],
      kind: 'submission_approved',
      params: { formName: 'Never' },
      link: null,
    });
    smtp.state.refuseNext = 100;
    let clock = Date.now();
    for (let i = 1; i <= MAX_EMAIL_ATTEMPTS; i++) {
      const pass = await server.app.notificationMailer.runOnce(new Date(clock));
      expect(pass).toMatchObject(i < MAX_EMAIL_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
      clock += 24 * 3600_000;
    }
    expect(await row(doomed)).toMatchObject({ email_status: 'failed', email_attempts: MAX_EMAIL_ATTEMPTS, email_next_at: null });
    expect(await server.app.notificationMailer.runOnce(new Date(clock))).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
  });

  it('does not mail disabled people, and marks emails skipped when no SMTP server is configured', async () => {
    const gone = await person('Gone', 'en');
    await admin.request('PATCH', `/api/users/${gone.id}`, { body: { disabled: true } });
    const [toGone] = await notify(server.app.db, {
      userIds: [gone.id],
      kind: 'cc',
      params: { formName: 'X', submitterName: 'Y' },
      link: null,
    });
    expect(await server.app.notificationMailer.runOnce()).toMatchObject({ sent: 0, skipped: 1 });
    expect((await row(toGone)).email_status).toBe('skipped');

    const someone = await person('Someone', null);
    const [id] = await notify(server.app.db, {
      userIds: [someone.id],
      kind: 'cc',
      params: { formName: 'X', submitterName: 'Y' },
      link: null,
    });
    const [inAppOnly] = await notify(server.app.db, { userIds: [someone.id], kind: 'cc', params: {}, link: null, email: false });
    const noSmtp = createMailer(server.app.db, { smtpUrl: null, from: 'x@example.com', publicUrl: PUBLIC_URL, intervalMs: 1000 });
    expect((await noSmtp.runOnce()).skipped).toBeGreaterThanOrEqual(1);
    await noSmtp.stop();
    expect((await row(id)).email_status).toBe('skipped');
    expect((await row(inAppOnly)).email_status).toBe('none');
    expect(smtp.received).toHaveLength(0);
  });

  it.runIf(dialect === 'postgres')('sends each email once when two servers’ mailers share one PostgreSQL', async () => {
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => person(`Racer ${i}`, 'en')));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      ids.push(
        ...(await notify(server.app.db, {
          userIds: people.map((p) => p.id),
          kind: 'cc',
          params: { formName: `F${i}`, submitterName: 'S' },
          link: null,
        })),
      );
    }
    // A second mailer with its own connection pool, as another server process would have.
    const otherPool: Knex = knexFactory({ client: 'pg', connection: server.config.databaseUrl!, pool: { min: 1, max: 4 } });
    const settings = { smtpUrl: smtp.url, from: 'x@example.com', publicUrl: PUBLIC_URL, intervalMs: 1000 };
    const other = createMailer(otherPool, settings);
    const third = createMailer(server.app.db, settings);
    smtp.state.delayMs = 3; // keep the passes overlapping
    try {
      const passes = await Promise.all([server.app.notificationMailer.runOnce(), other.runOnce(), third.runOnce(), other.runOnce()]);
      expect(passes.reduce((sum, p) => sum + p.sent, 0)).toBe(40);
      // They raced for the same rows (more than one pass got some), and every email arrived exactly once.
      expect(passes.filter((p) => p.sent > 0).length).toBeGreaterThan(1);
      const counts = new Map<string, number>();
      for (const mail of smtp.received) counts.set(notificationIdOf(mail), (counts.get(notificationIdOf(mail)) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      const statuses = await server.app.db('notifications').whereIn('id', ids).distinct('email_status');
      expect(statuses.map((s: any) => s.email_status)).toEqual(['sent']);
    } finally {
      await other.stop();
      await third.stop();
      await otherPool.destroy();
    }
  });
});

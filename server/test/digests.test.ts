import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/app.ts';
import { CLAIM_LEASE_MS } from '../src/services/notifications/mailer.ts';
import { byCategory, dashboard, expenseForm, PNG_SIGNATURE, savedReport, startSmtp, totalCard } from './digestsFixtures.ts';
import { Client, DIALECTS, adminClient, startTestServer, userClient, type TestServer } from './helpers.ts';

// Every tick here is run by hand at the moment the test names; the background loops stay off.
process.env.FORMLOOM_DIGEST_INTERVAL_MS = '0';
process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';
process.env.FORMLOOM_MAIL_INTERVAL_MS = String(3600_000);

const PUBLIC_URL = 'https://forms.example.hk';
const PASSWORD = 'a-long-password-1';
const WEEKDAYS_18 = { kind: 'weekdays', time: '18:00' };
/** Monday 30 November 2026, 18:00 in Hong Kong. */
const MONDAY_18 = new Date('2026-11-30T10:00:00.000Z');
const at = (iso: string) => new Date(iso);

const runOf = (mail: ParsedMail) => `${mail.headers.get('x-formloom-digest')}/${mail.headers.get('x-formloom-digest-run')}`;
const addressOf = (mail: ParsedMail) => (mail.to as { value: { address: string }[] }).value[0].address;

/** Scheduled digests on a real SMTP server: the schedule in Asia/Hong_Kong, recipients, once-only runs, restarts, languages. */
describe.each(DIALECTS)('digests on %s', (dialect) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: TestServer;
  let admin: Client;
  let adminId: string;
  let form: { appId: string; formId: string };
  let dashboardId: string;
  let n = 0;
  /** The recipients of the main digest, by name. */
  const people: Record<string, { id: string; email: string }> = {};

  const user = async (name: string, extra: object = {}) => {
    const email = `${name.toLowerCase().replace(/\W+/g, '') || 'user'}-${++n}@example.com`;
    const res = await admin.post('/api/users', { email, name, password: PASSWORD, role: 'member', ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id as string, email };
  };
  const department = async (en: string, parentId?: string) => {
    const res = await admin.post('/api/departments', { name: { en }, parentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  /** A digest turned on at `enabledAt` (by default the Monday morning before the first run these tests look at). */
  const makeDigest = async (client: Client, body: object, enabledAt = '2026-11-30T01:00:00.000Z') => {
    const res = await client.post('/api/digests', { enabled: true, frequency: WEEKDAYS_18, timezone: 'Asia/Hong_Kong', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await server.app.db('digests').where({ id: res.body.id }).update({ enabled_at: enabledAt });
    return res.body as { id: string };
  };
  const runsOf = async (digestId: string) => (await admin.get(`/api/digests/${digestId}/runs`)).body.items;
  const only = (digestId: string) => server.app.db('digests').whereNot({ id: digestId }).update({ enabled: false });

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.FORMLOOM_SMTP_URL = smtp.url;
    process.env.FORMLOOM_PUBLIC_URL = PUBLIC_URL;
    process.env.FORMLOOM_MAIL_FROM = 'Formloom Test <forms@example.hk>';
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    adminId = (await admin.get('/api/auth/me')).body.user.id;
    form = await expenseForm(admin);
    const total = await savedReport(server.app.db, form, totalCard(form.formId), adminId);
    const chart = await savedReport(server.app.db, form, byCategory(form.formId), adminId);
    dashboardId = await dashboard(server.app.db, [total, chart], adminId);

    const ops = await department('Operations');
    const north = await department('Operations North', ops);
    people.ann = await user('Ann Wong', { departmentId: north, locale: 'en' });
    people.mei = await user('陳美玲', { departmentId: ops, locale: 'zh-Hant' });
    people.carl = await user('Carl Lee');
    people.bea = await user('Bea Builder', { role: 'builder' });
    const gone = await user('Gone Away', { departmentId: ops });
    expect((await admin.request('PATCH', `/api/users/${gone.id}`, { body: { disabled: true } })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.state.refuseNext = 0;
  });

  /** The main digest: builders + Operations (and below) + Carl and Mei by name (Mei is in Operations too). */
  const mainRecipients = () => ({ roles: ['builder'], departmentIds: [], userIds: [people.carl.id, people.mei.id], positions: [] });

  it('sends "weekdays 18:00 Hong Kong" at 10:00:00Z, not a second before, once per recipient, with the figures and a chart', async () => {
    const ops = (await server.app.db('departments').where({ name: 'Operations' }).first('id')).id;
    const digest = await makeDigest(admin, {
      target: { kind: 'dashboard', dashboardId },
      recipients: { ...mainRecipients(), departmentIds: [ops] },
    });
    await only(digest.id);
    const shown = (await admin.get(`/api/digests/${digest.id}`)).body;
    expect(shown.ownerId).toBe(adminId);
    expect(shown.nextRuns).toHaveLength(3);
    expect(new Date(shown.nextRuns[0]).getUTCHours()).toBe(10);
    expect(shown.lastRun).toBeNull();

    expect(await server.app.digests.runOnce(at('2026-11-30T09:59:59.000Z'))).toMatchObject({ started: [], sent: 0 });
    expect(smtp.received).toHaveLength(0);

    const tick = await server.app.digests.runOnce(MONDAY_18);
    expect(tick).toMatchObject({ started: [`${digest.id}/2026-11-30T10:00:00.000Z`], sent: 4, failed: 0, skipped: 0 });
    // Roles + department (with its sub-department, without the disabled member) + users, each once.
    const addresses = smtp.received.map(addressOf).sort();
    expect(addresses).toEqual([people.ann.email, people.bea.email, people.carl.email, people.mei.email].sort());

    const english = smtp.received.find((m) => addressOf(m) === people.ann.email)!;
    expect(english.subject).toBe('Digest: Expenses overview');
    expect(english.from?.value[0]).toMatchObject({ address: 'forms@example.hk' });
    expect(english.html).toContain('Figures as of 30 Nov 2026, 18:00 (Asia/Hong_Kong)');
    expect(english.html).toContain('HK$1,300.00'); // the number card: every claim, to the cent
    expect(english.html).toContain('HK$1,234.60'); // travel
    expect(english.html).toContain('HK$65.40'); // meals
    expect(english.html).toContain('>Travel<');
    expect(english.html).toContain(`href="${PUBLIC_URL}/dashboards/${dashboardId}"`);
    expect(english.html).not.toMatch(/<script|src="http/i);
    expect(english.text).toContain('Total spend: HK$1,300.00');
    expect(english.text).toContain(`Open in Formloom: ${PUBLIC_URL}/dashboards/${dashboardId}`);
    const [image] = english.attachments;
    expect(english.attachments).toHaveLength(1);
    expect(image.contentType).toBe('image/png');
    expect(image.content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(image.content.length).toBeGreaterThan(2000);
    expect(english.html).toContain(`src="cid:${image.cid}"`);

    const chinese = smtp.received.find((m) => addressOf(m) === people.mei.email)!;
    expect(chinese.subject).toBe('定期摘要：開支概覽');
    expect(chinese.html).toContain('數據截至 2026年11月30日 18:00');
    expect(chinese.html).toContain('總開支');
    expect(chinese.html).toContain('交通');
    expect(chinese.html).toContain('HK$1,300.00');
    expect(chinese.text).toContain('在 Formloom 開啟');

    // Ticking again, or from a second server on the same database, sends nothing more.
    expect(await server.app.digests.runOnce(at('2026-11-30T10:00:30.000Z'))).toMatchObject({ started: [], sent: 0 });
    const other = await createServer(server.config);
    try {
      expect(await other.app.digests.runOnce(at('2026-11-30T10:05:00.000Z'))).toMatchObject({ started: [], sent: 0 });
    } finally {
      await other.app.close();
    }
    expect(smtp.received).toHaveLength(4);
    expect(await runsOf(digest.id)).toEqual([
      { key: '2026-11-30T10:00:00.000Z', at: expect.any(String), status: 'sent', recipients: 4, failed: 0 },
    ]);
    expect((await admin.get(`/api/digests/${digest.id}`)).body.lastRun).toMatchObject({
      key: '2026-11-30T10:00:00.000Z',
      status: 'sent',
      recipients: 4,
    });

    // Saturday and Sunday at 18:00: nothing (Friday's run is the latest due, and it is sent once).
    expect((await server.app.digests.runOnce(at('2026-12-04T10:00:00.000Z'))).sent).toBe(4);
    smtp.received.length = 0;
    expect(await server.app.digests.runOnce(at('2026-12-05T10:00:00.000Z'))).toMatchObject({ started: [], sent: 0 });
    expect(await server.app.digests.runOnce(at('2026-12-06T10:00:01.000Z'))).toMatchObject({ started: [], sent: 0 });
    expect(smtp.received).toHaveLength(0);
    // A server down from Tuesday to Friday evening sent only the latest missed run (Friday's), not four.
    expect((await runsOf(digest.id)).map((r: { key: string }) => r.key)).toEqual(['2026-12-04T10:00:00.000Z', '2026-11-30T10:00:00.000Z']);
  });

  it('does not catch up a run due before the digest was turned on', async () => {
    const res = await admin.post('/api/digests', {
      target: { kind: 'dashboard', dashboardId },
      enabled: true,
      frequency: { kind: 'daily', time: '08:00' },
      recipients: { userIds: [people.carl.id] },
    });
    expect(res.status).toBe(201);
    await only(res.body.id);
    // Turned on now (well after any 08:00 of 2026): the latest 08:00 before now is not owed.
    expect(await server.app.digests.runOnce(new Date())).toMatchObject({ started: [], sent: 0 });
    const next = new Date(res.body.nextRuns[0]);
    expect((await server.app.digests.runOnce(new Date(next.getTime() + 1000))).sent).toBe(1);
    expect(smtp.received.map(addressOf)).toEqual([people.carl.email]);
  });

  it('fails a run at once, mailing nobody, when the owner was disabled; a test send says why', async () => {
    const { client: other, user: otherAdmin } = await userClient(server, admin, 'admin', 'Leaving');
    const digest = await makeDigest(other, {
      target: { kind: 'dashboard', dashboardId },
      recipients: { userIds: [people.carl.id, people.ann.id] },
    });
    await only(digest.id);
    expect((await admin.request('PATCH', `/api/users/${otherAdmin.id}`, { body: { disabled: true } })).status).toBe(200);
    expect(await server.app.digests.runOnce(at('2026-12-01T10:00:00.000Z'))).toMatchObject({ sent: 0, failed: 2, retrying: 0 });
    expect(smtp.received).toHaveLength(0);
    expect((await runsOf(digest.id))[0]).toMatchObject({ status: 'failed', recipients: 2, failed: 2 });
    const test = await admin.post(`/api/digests/${digest.id}/send-test`);
    expect(test.status).toBe(409);
    expect(test.body.code).toBe('digest_unavailable');
  });

  it('starts a digest whose times changed from the change: the new time already past today is not sent', async () => {
    const digest = await makeDigest(
      admin,
      { target: { kind: 'dashboard', dashboardId }, recipients: { userIds: [people.carl.id] } },
      // On for years: without the restart at the change, today's new time would be owed at once.
      '2000-01-01T00:00:00.000Z',
    );
    await only(digest.id);
    const res = await admin.request('PATCH', `/api/digests/${digest.id}`, { body: { frequency: { kind: 'daily', time: '00:00' } } });
    expect(res.status).toBe(200);
    expect(res.body.nextRuns[0]).toBe(new Date(res.body.nextRuns[0]).toISOString());
    // Today's 00:00 in Hong Kong came before the change: not owed. The next one is.
    expect(await server.app.digests.runOnce(new Date())).toMatchObject({ started: [], sent: 0 });
    expect((await server.app.digests.runOnce(new Date(Date.parse(res.body.nextRuns[0]) + 1000))).sent).toBe(1);
  });

  it('resumes a run cut off mid-way on a restarted server without mailing anyone twice', async () => {
    const digest = await makeDigest(admin, { target: { kind: 'dashboard', dashboardId }, recipients: mainRecipients() });
    await only(digest.id);
    const tuesday = at('2026-12-01T10:00:00.000Z');
    // The first server sends one email…
    expect(await server.app.digests.runOnce(tuesday, { maxDeliveries: 1 })).toMatchObject({ sent: 1 });
    const run = await server.app.db('digest_runs').where({ digest_id: digest.id }).first();
    expect(run.status).toBe('sending');
    // …claims another and dies before sending it (its lease still holds), leaving the rest pending.
    const next = await server.app.db('digest_deliveries').where({ run_id: run.id, status: 'pending' }).orderBy('id').first();
    const leaseEnds = new Date(tuesday.getTime() + CLAIM_LEASE_MS);
    await server.app.db('digest_deliveries').where({ id: next.id }).update({ status: 'sending', next_at: leaseEnds.toISOString() });

    const restarted = await createServer(server.config);
    try {
      // The restarted server starts nothing new and sends the pending ones, not the leased one…
      expect(await restarted.app.digests.runOnce(at('2026-12-01T10:00:10.000Z'))).toMatchObject({ started: [], sent: 1 });
      expect((await runsOf(digest.id))[0].status).toBe('sending');
      // …which it takes over once the dead server's lease has run out.
      expect(await restarted.app.digests.runOnce(new Date(leaseEnds.getTime() + 1))).toMatchObject({ started: [], sent: 1 });
    } finally {
      await restarted.app.close();
    }
    const addresses = smtp.received.map(addressOf).sort();
    expect(addresses).toEqual([people.bea.email, people.carl.email, people.mei.email].sort());
    expect(smtp.received.every((m) => runOf(m) === `${digest.id}/2026-12-01T10:00:00.000Z`)).toBe(true);
    expect((await runsOf(digest.id))[0]).toMatchObject({ status: 'sent', recipients: 3, failed: 0 });
  });

  it('retries a refused email with backoff; a run where some never go through ends partial', async () => {
    const digest = await makeDigest(admin, {
      target: { kind: 'dashboard', dashboardId },
      recipients: { userIds: [people.carl.id, people.ann.id] },
    });
    await only(digest.id);
    const wednesday = at('2026-12-02T10:00:00.000Z');
    smtp.state.refuseNext = 1;
    expect(await server.app.digests.runOnce(wednesday)).toMatchObject({ sent: 1, retrying: 1 });
    const waiting = await server.app.db('digest_deliveries').where({ status: 'pending' }).first();
    expect(waiting.attempts).toBe(1);
    expect(waiting.error).toMatch(/busy/);
    expect(Date.parse(waiting.next_at)).toBeGreaterThanOrEqual(wednesday.getTime() + 30_000);
    // Not before its time…
    expect(await server.app.digests.runOnce(at('2026-12-02T10:00:10.000Z'))).toMatchObject({ sent: 0, retrying: 0 });
    // …then once.
    expect(await server.app.digests.runOnce(new Date(Date.parse(waiting.next_at) + 1))).toMatchObject({ sent: 1 });
    expect(smtp.received.map(addressOf).sort()).toEqual([people.ann.email, people.carl.email].sort());
    expect((await runsOf(digest.id))[0]).toMatchObject({ status: 'sent', recipients: 2, failed: 0 });

    // Thursday: one mailbox refuses every time; after the mailer's tries the run ends partial.
    smtp.received.length = 0;
    let clock = at('2026-12-03T10:00:00.000Z').getTime();
    smtp.state.refuseNext = 1;
    await server.app.digests.runOnce(new Date(clock));
    for (let i = 0; i < 10 && (await runsOf(digest.id))[0].status === 'sending'; i++) {
      smtp.state.refuseNext = 1;
      clock += 3600_000;
      await server.app.digests.runOnce(new Date(clock));
    }
    expect((await runsOf(digest.id))[0]).toMatchObject({ key: '2026-12-03T10:00:00.000Z', status: 'partial', recipients: 2, failed: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it.runIf(dialect === 'postgres')('two servers ticking at once on one PostgreSQL send exactly one email each', async () => {
    const digest = await makeDigest(admin, { target: { kind: 'dashboard', dashboardId }, recipients: mainRecipients() });
    await only(digest.id);
    const other = await createServer(server.config);
    try {
      const friday = at('2026-12-04T10:00:00.000Z');
      const ticks = await Promise.all([
        server.app.digests.runOnce(friday),
        other.app.digests.runOnce(friday),
        other.app.digests.runOnce(friday),
      ]);
      expect(ticks.flatMap((t) => t.started)).toHaveLength(1);
      expect(ticks.reduce((sum, t) => sum + t.sent, 0)).toBe(3);
    } finally {
      await other.app.close();
    }
    expect(smtp.received.map(addressOf).sort()).toEqual([people.bea.email, people.carl.email, people.mei.email].sort());
  });

  it('sends a test to the caller only, in their language, without recording a run', async () => {
    const report = await savedReport(server.app.db, form, byCategory(form.formId), adminId);
    const digest = await makeDigest(admin, { target: { kind: 'report', reportId: report }, recipients: { userIds: [people.carl.id] } });
    await server.app.db('users').where({ id: adminId }).update({ locale: 'zh-Hant' });
    try {
      const res = await admin.post(`/api/digests/${digest.id}/send-test`);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body).toEqual({ sentTo: 'admin@example.com' });
    } finally {
      await server.app.db('users').where({ id: adminId }).update({ locale: null });
    }
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(addressOf(mail)).toBe('admin@example.com');
    expect(mail.subject).toBe('【測試】定期摘要：按類別開支');
    expect(mail.html).toContain('只寄給你');
    expect(mail.html).toContain('HK$1,234.60');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/reports/${report}"`);
    expect(mail.attachments[0].content.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(await runsOf(digest.id)).toEqual([]);
  });

  it('computes a report digest as its owner: a member owner sends their own figures, and nothing once they lose access', async () => {
    const { client: member, user: memberUser } = await userClient(server, admin, 'member', 'OwnerMember');
    const { grants } = (await admin.get(`/api/apps/${form.appId}/grants`)).body;
    const fill = await admin.put(`/api/apps/${form.appId}/grants`, { grants: [{ principal: memberUser.id, permissions: ['fill'] }] });
    expect(fill.status, JSON.stringify(fill.body)).toBe(200);
    expect((await member.post(`/api/forms/${form.formId}/submissions`, { data: { category: 'meals', amount: 12.34 } })).status).toBe(201);
    const report = await savedReport(server.app.db, form, totalCard(form.formId), memberUser.id);
    const digest = await makeDigest(member, { target: { kind: 'report', reportId: report }, recipients: { userIds: [people.carl.id] } });
    await only(digest.id);
    expect(await server.app.digests.runOnce(at('2026-12-01T10:00:00.000Z'))).toMatchObject({ sent: 1 });
    // Without "view all" the owner sees only their own claim, and so does Carl.
    expect(smtp.received[0].html).toContain('HK$12.34');
    expect(smtp.received[0].html).not.toContain('HK$1,3');

    expect((await admin.put(`/api/apps/${form.appId}/grants`, { grants: [] })).status).toBe(200);
    smtp.received.length = 0;
    expect(await server.app.digests.runOnce(at('2026-12-02T10:00:00.000Z'))).toMatchObject({ sent: 0, failed: 1 });
    expect(smtp.received).toHaveLength(0);
    expect((await runsOf(digest.id))[0]).toMatchObject({ key: '2026-12-02T10:00:00.000Z', status: 'failed', recipients: 1, failed: 1 });
    expect((await admin.put(`/api/apps/${form.appId}/grants`, { grants })).status).toBe(200);
  });

  it('lets only those who may change the target manage its digests; others get 404 (403 when they can see it)', async () => {
    const { client: member, user: memberUser } = await userClient(server, admin, 'member', 'Nosy');
    const body = {
      target: { kind: 'dashboard', dashboardId },
      enabled: true,
      frequency: WEEKDAYS_18,
      recipients: { userIds: [memberUser.id] },
    };
    const notMine = await member.post('/api/digests', body);
    expect(notMine.status).toBe(404);
    expect(notMine.body.code).toBe('dashboard_not_found');
    // Shared with members: they may look at it, not schedule it.
    const shared = await dashboard(server.app.db, [], adminId, [{ kind: 'role', value: 'member' }]);
    const seen = await member.post('/api/digests', { ...body, target: { kind: 'dashboard', dashboardId: shared } });
    expect(seen.status).toBe(403);
    const report = await savedReport(server.app.db, form, totalCard(form.formId), adminId);
    // A report of an app they may fill in: they see it, but may not schedule it…
    const filler = await member.post('/api/digests', { ...body, target: { kind: 'report', reportId: report } });
    expect(filler.status).toBe(403);
    // …and without any grant in its app it does not exist for them.
    expect((await admin.put(`/api/apps/${form.appId}/grants`, { grants: [] })).status).toBe(200);
    const noGrant = await member.post('/api/digests', { ...body, target: { kind: 'report', reportId: report } });
    expect(noGrant.status).toBe(404);
    expect(noGrant.body.code).toBe('report_not_found');

    const digest = await makeDigest(admin, { target: { kind: 'dashboard', dashboardId }, recipients: { userIds: [memberUser.id] } });
    for (const res of [
      await member.get(`/api/digests/${digest.id}`),
      await member.request('PATCH', `/api/digests/${digest.id}`, { body: { enabled: false } }),
      await member.request('DELETE', `/api/digests/${digest.id}`),
      await member.post(`/api/digests/${digest.id}/send-test`),
      await member.get(`/api/digests/${digest.id}/runs`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('digest_not_found');
    }
    expect((await member.get('/api/digests')).body.items).toEqual([]);
    expect((await member.get(`/api/digests?dashboardId=${dashboardId}`)).status).toBe(404);

    // The admin sees, changes and removes it; the owner stays.
    expect((await admin.get(`/api/digests?dashboardId=${dashboardId}`)).body.items.map((d: { id: string }) => d.id)).toContain(digest.id);
    const london = await admin.request('PATCH', `/api/digests/${digest.id}`, { body: { timezone: 'Europe/London' } });
    expect(london.body).toMatchObject({ timezone: 'Europe/London', frequency: WEEKDAYS_18 });
    expect(new Date(london.body.nextRuns[0]).getUTCHours()).toBe(18);
    const off = await admin.request('PATCH', `/api/digests/${digest.id}`, { body: { enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, nextRuns: [], ownerId: adminId, timezone: 'Europe/London' });
    expect((await admin.request('DELETE', `/api/digests/${digest.id}`)).status).toBe(204);
    expect((await admin.get(`/api/digests/${digest.id}`)).status).toBe(404);
  });

  it('refuses bad input with 400 and the field at fault', async () => {
    const post = (over: object) =>
      admin.post('/api/digests', {
        target: { kind: 'dashboard', dashboardId },
        enabled: true,
        frequency: WEEKDAYS_18,
        recipients: { userIds: [people.carl.id] },
        ...over,
      });
    const cases: [object, string][] = [
      [{ frequency: { kind: 'cron', cron: '61 18 * * *' } }, 'frequency.cron'],
      [{ frequency: { kind: 'cron', cron: '0 0 18 * * *' } }, 'frequency.cron'],
      [{ frequency: { kind: 'daily' } }, 'frequency.time'],
      [{ frequency: { kind: 'weekly', time: '18:00', weekdays: [] } }, 'frequency.weekdays'],
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ recipients: {} }, 'recipients'],
      [{ recipients: { departmentIds: ['no-such-department'] } }, 'recipients.departmentIds.0'],
      [{ recipients: { userIds: ['no-such-user'] } }, 'recipients.userIds.0'],
    ];
    for (const [over, path] of cases) {
      const res = await post(over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_digest', details: [{ path }] });
      expect(res.body.message.length).toBeGreaterThan(10);
    }
    const shapeless = await post({ target: { kind: 'form', formId: form.formId } });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.code).toBe('invalid_request');
    const unknown = await post({ target: { kind: 'report', reportId: 'no-such-report' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('report_not_found');
  });

  it('documents every route with the statuses it answers (OpenAPI)', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses('/api/digests', 'get')).toEqual(expect.arrayContaining(['200', '403', '404']));
    expect(statuses('/api/digests', 'post')).toEqual(expect.arrayContaining(['201', '400', '403', '404']));
    expect(statuses('/api/digests/{digestId}', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(statuses('/api/digests/{digestId}', 'patch')).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    expect(statuses('/api/digests/{digestId}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(statuses('/api/digests/{digestId}/send-test', 'post')).toEqual(expect.arrayContaining(['202', '404', '409', '502', '503']));
    expect(statuses('/api/digests/{digestId}/runs', 'get')).toEqual(expect.arrayContaining(['200', '404']));
  });
});

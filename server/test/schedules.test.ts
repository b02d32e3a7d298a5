import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/app.ts';
import { SUGGESTED_SCHEDULE } from '@formloom/schemas';
import { latestOpening, nextOpenings } from '../src/services/schedules/frequency.ts';
import { installSuggestedSchedule } from '../src/services/schedules/store.ts';
import { healthDeclaration } from '../src/templates/healthDeclaration.ts';
import { runScheduleTick } from '../src/services/schedules/scheduler.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, userClient, Client, type TestServer } from './helpers.ts';

// The timer stays off: every tick here is run by hand at the moment the test names.
process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSWORD = 'a-long-password-1';
const NONE = { departmentIds: [], positions: [], userIds: [] };
const hk = (iso: string) => new Date(`${iso}+08:00`);

/** Recurring collections: periods in Asia/Hong_Kong, audiences, responses, reminders, catch-up, two schedulers. */
describe.each(DIALECTS)('schedules on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let n = 0;

  const user = async (name: string, extra: object = {}) => {
    const res = await admin.post('/api/users', { email: `${name}-${++n}@example.com`, name, password: PASSWORD, role: 'member', ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; name: string; email: string };
  };
  const department = async (en: string, parentId?: string) => {
    const res = await admin.post('/api/departments', { name: { en }, parentId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const schedule = async (formId: string, body: object) => {
    const res = await admin.put(`/api/forms/${formId}/schedule`, {
      enabled: true,
      timezone: 'Asia/Hong_Kong',
      audience: NONE,
      reminders: [],
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // As if the schedule had been on for years: every test moment is after it was turned on.
    await server.app.db('schedules').where({ form_id: formId }).update({ enabled_at: '2000-01-01T00:00:00.000Z' });
    return res.body;
  };
  const keys = async (formId: string) => (await admin.get(`/api/forms/${formId}/periods?limit=50`)).body.items.map((p: any) => p.key);
  const notificationsOf = (userId: string, kind: string) => server.app.db('notifications').where({ user_id: userId, kind });
  const fillGrant = (appId: string) => admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  // Each test's schedules tick on their own: the ones before are turned off.
  afterEach(async () => {
    await server.app.db('schedules').update({ enabled: false });
  });

  it('refuses a bad cron, a deadline before the opening and unknown people with 422 invalid_schedule at the field', async () => {
    const { formId } = await publishedForm(admin);
    expect((await admin.get(`/api/forms/${formId}/schedule`)).body.code).toBe('schedule_not_found');
    const put = (body: object) =>
      admin.put(`/api/forms/${formId}/schedule`, { enabled: true, audience: NONE, deadline: '10:00', reminders: [], ...body });

    const badCron = await put({ frequency: { kind: 'cron', cron: '61 9 * * *' } });
    expect(badCron.status).toBe(422);
    expect(badCron.body).toMatchObject({ code: 'invalid_schedule', details: [{ path: 'frequency.cron' }] });
    const sixFields = await put({ frequency: { kind: 'cron', cron: '0 0 9 * * *' } });
    expect(sixFields.body).toMatchObject({ code: 'invalid_schedule', details: [{ path: 'frequency.cron' }] });
    const beforeOpening = await put({ frequency: { kind: 'daily', time: '09:00' }, deadline: '08:30', reminders: ['08:00'] });
    expect(beforeOpening.status).toBe(422);
    expect(beforeOpening.body.details.map((d: any) => d.path)).toEqual(['deadline', 'reminders.0']);
    const noDays = await put({ frequency: { kind: 'weekly', time: '09:00', weekdays: [] } });
    expect(noDays.body.details.map((d: any) => d.path)).toEqual(['frequency.weekdays']);
    const ghost = await put({ frequency: { kind: 'daily', time: '09:00' }, audience: { ...NONE, userIds: ['no-such-user'] } });
    expect(ghost.body).toMatchObject({ code: 'invalid_schedule', details: [{ path: 'audience.userIds.0' }] });
    const badTime = await put({ frequency: { kind: 'daily', time: '9am' } });
    expect(badTime.status).toBe(400);
    expect((await admin.get(`/api/forms/${formId}/schedule`)).status).toBe(404);

    // Members of the app may fill it, not schedule it or see its periods.
    const { client: member } = await userClient(server, admin, 'member');
    const { appId, formId: form2 } = await publishedForm(admin);
    await fillGrant(appId);
    expect((await member.get(`/api/forms/${form2}/schedule`)).status).toBe(403);
    expect((await member.get(`/api/forms/${form2}/periods`)).status).toBe(403);
    const asMember = await member.put(`/api/forms/${form2}/schedule`, {
      enabled: true,
      frequency: { kind: 'daily', time: '09:00' },
      audience: NONE,
      deadline: '10:00',
    });
    expect(asMember.status).toBe(403);
    expect((await admin.get('/api/forms/no-such-form/schedule')).status).toBe(404);

    // A draft-only form may have its schedule prepared, not turned on.
    const draftOnly = await admin.post(`/api/apps/${appId}/forms`, { name: 'Draft', schema: { type: 'object', properties: {} } });
    const prepared = { frequency: { kind: 'daily', time: '09:00' }, audience: NONE, deadline: '10:00' };
    const early = await admin.put(`/api/forms/${draftOnly.body.id}/schedule`, { ...prepared, enabled: true });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('form_not_published');
    expect((await admin.put(`/api/forms/${draftOnly.body.id}/schedule`, { ...prepared, enabled: false })).status).toBe(200);
  });

  it('opens weekday periods in Asia/Hong_Kong and none over the weekend; shows the next three openings', async () => {
    const { formId } = await publishedForm(admin);
    const saved = await schedule(formId, { frequency: { kind: 'weekdays', time: '09:00' }, deadline: '10:00' });
    expect(saved).toMatchObject({ enabled: true, timezone: 'Asia/Hong_Kong', frequency: { kind: 'weekdays', time: '09:00' } });
    expect(saved.nextOpens).toHaveLength(3);
    expect(saved.nextOpens.every((iso: string) => iso.endsWith('T01:00:00.000Z'))).toBe(true);
    // Friday 27 Nov 2026 10:00 in Hong Kong → Monday, Tuesday, Wednesday at 09:00 (01:00 UTC).
    const settings = { frequency: { kind: 'weekdays' as const, time: '09:00' }, timezone: 'Asia/Hong_Kong' };
    expect(nextOpenings(settings, hk('2026-11-27T10:00'), 3).map((d) => d.toISOString())).toEqual([
      '2026-11-30T01:00:00.000Z',
      '2026-12-01T01:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
    ]);
    expect(latestOpening(settings, hk('2026-11-29T23:00'))?.toISOString()).toBe('2026-11-27T01:00:00.000Z');

    expect((await runScheduleTick(server.app, hk('2026-11-26T09:00'))).opened).toEqual(['2026-11-26T0900']);
    expect((await runScheduleTick(server.app, hk('2026-11-27T08:59'))).opened).toEqual([]);
    expect((await runScheduleTick(server.app, hk('2026-11-27T09:00'))).opened).toEqual(['2026-11-27T0900']);
    for (const moment of ['2026-11-27T18:00', '2026-11-28T09:05', '2026-11-29T09:05', '2026-11-30T08:59']) {
      expect((await runScheduleTick(server.app, hk(moment))).opened).toEqual([]);
    }
    expect((await runScheduleTick(server.app, hk('2026-11-30T09:01'))).opened).toEqual(['2026-11-30T0900']);
    expect(await keys(formId)).toEqual(['2026-11-30T0900', '2026-11-27T0900', '2026-11-26T0900']);
    const [monday] = (await admin.get(`/api/forms/${formId}/periods`)).body.items;
    expect(monday).toMatchObject({
      opensAt: '2026-11-30T01:00:00.000Z',
      deadline: '2026-11-30T02:00:00.000Z',
      expected: 0,
      responded: 0,
      late: 0,
    });
  });

  it('assigns enabled people of a department subtree and of a position; a submission marks its assignment done, late after the deadline', async () => {
    const company = await department('Company');
    const ops = await department('Operations', company.id);
    const warehouse = await department('Warehouse', ops.id);
    const finance = await department('Finance', company.id);
    const wing = await user('Wing', { departmentId: warehouse.id });
    const olive = await user('Olive', { departmentId: ops.id });
    const fung = await user('Fung', { departmentId: finance.id });
    const nurse = await user('Nora', { positions: ['Nurse'] });
    const gone = await user('Gone', { departmentId: warehouse.id });
    expect((await admin.request('PATCH', `/api/users/${gone.id}`, { body: { disabled: true } })).status).toBe(200);
    const { appId, formId } = await publishedForm(admin);
    await fillGrant(appId);
    await schedule(formId, {
      frequency: { kind: 'daily', time: '09:00' },
      deadline: '10:00',
      reminders: ['09:45'],
      audience: { departmentIds: [ops.id], positions: ['NURSE'], userIds: [] },
    });

    // A period two days ago (its deadline long past) and one two days ahead (deadline to come).
    const past = latestOpening(
      { frequency: { kind: 'daily', time: '09:00' }, timezone: 'Asia/Hong_Kong' },
      new Date(Date.now() - 2 * DAY),
    )!;
    const pastKey = (await runScheduleTick(server.app, new Date(past.getTime() + 5 * 60_000))).opened[0];
    const detail = (await admin.get(`/api/forms/${formId}/periods/${pastKey}`)).body;
    expect(detail.period).toMatchObject({ key: pastKey, expected: 3, responded: 0, late: 0 });
    expect(detail.notResponded.map((p: any) => p.name)).toEqual(['Nora', 'Olive', 'Wing']);
    expect(detail.notResponded.find((p: any) => p.name === 'Wing').departmentId).toBe(warehouse.id);
    expect(await notificationsOf(fung.id, 'collection_due')).toHaveLength(0);
    expect(await notificationsOf(gone.id, 'collection_due')).toHaveLength(0);
    const due = await notificationsOf(wing.id, 'collection_due');
    expect(due).toHaveLength(1);
    expect(due[0].link).toBe(`/f/${formId}`);

    // Wing fills it now: after the deadline, so late. Fung (not in the audience) may fill it too.
    const wingClient = await new Client(server.url).login(wing.email, PASSWORD);
    const sent = await wingClient.post(`/api/forms/${formId}/submissions`, { data: { name: 'Wing', qty: 1 } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const fungClient = await new Client(server.url).login(fung.email, PASSWORD);
    expect((await fungClient.post(`/api/forms/${formId}/submissions`, { data: { name: 'Fung', qty: 1 } })).status).toBe(201);
    const after = (await admin.get(`/api/forms/${formId}/periods/${pastKey}`)).body;
    expect(after.period).toMatchObject({ expected: 3, responded: 1, late: 1 });
    expect(after.responded).toEqual([
      {
        userId: wing.id,
        name: 'Wing',
        departmentId: warehouse.id,
        submissionId: sent.body.id,
        submittedAt: sent.body.createdAt,
        late: true,
      },
    ]);
    expect(after.notResponded.map((p: any) => p.name)).toEqual(['Nora', 'Olive']);
    // A second submission does not count twice.
    expect((await wingClient.post(`/api/forms/${formId}/submissions`, { data: { name: 'Again', qty: 2 } })).status).toBe(201);
    expect((await admin.get(`/api/forms/${formId}/periods/${pastKey}`)).body.period.responded).toBe(1);

    // The next period: Olive responds before its deadline (on time); reminders go to the others only.
    const ahead = nextOpenings(
      { frequency: { kind: 'daily', time: '09:00' }, timezone: 'Asia/Hong_Kong' },
      new Date(Date.now() + DAY),
      1,
    )[0];
    const aheadKey = (await runScheduleTick(server.app, new Date(ahead.getTime() + 60_000))).opened[0];
    const oliveClient = await new Client(server.url).login(olive.email, PASSWORD);
    expect((await oliveClient.post(`/api/forms/${formId}/submissions`, { data: { name: 'Olive', qty: 3 } })).status).toBe(201);
    const reminded = await runScheduleTick(server.app, new Date(ahead.getTime() + 46 * 60_000));
    expect(reminded.reminders).toBe(1);
    expect((await runScheduleTick(server.app, new Date(ahead.getTime() + 47 * 60_000))).reminders).toBe(0);
    expect(await notificationsOf(olive.id, 'collection_reminder')).toHaveLength(0);
    expect(await notificationsOf(wing.id, 'collection_reminder')).toHaveLength(1);
    expect(await notificationsOf(nurse.id, 'collection_reminder')).toHaveLength(1);

    // One click reminds the non-responders of a period again, from the admin.
    const remind = await admin.post(`/api/forms/${formId}/periods/${aheadKey}/remind`);
    expect(remind.status).toBe(200);
    expect(remind.body).toEqual({ reminded: 2 });
    expect(await notificationsOf(olive.id, 'collection_reminder')).toHaveLength(0);
    const wingReminders = await notificationsOf(wing.id, 'collection_reminder');
    expect(wingReminders).toHaveLength(2);
    expect(wingReminders.filter((r: any) => r.sender_id !== null)).toHaveLength(1);
    const aheadDetail = (await admin.get(`/api/forms/${formId}/periods/${aheadKey}`)).body;
    expect(aheadDetail.period).toMatchObject({ expected: 3, responded: 1, late: 0 });
    expect(aheadDetail.responded[0]).toMatchObject({ name: 'Olive', late: false });
    expect((await admin.post(`/api/forms/${formId}/periods/2001-01-01T0900/remind`)).body.code).toBe('period_not_found');
  });

  it('lists what is due today for the caller: due, then done once filled', async () => {
    const me = await user('Dana');
    const { appId, formId } = await publishedForm(admin);
    await fillGrant(appId);
    // Every minute, deadline end of day: a period is open now whatever the clock says.
    await schedule(formId, { frequency: { kind: 'cron', cron: '* * * * *' }, deadline: '23:59', audience: { ...NONE, userIds: [me.id] } });
    const key = (await runScheduleTick(server.app, new Date())).opened[0];
    expect(key).toBeTruthy();
    const dana = await new Client(server.url).login(me.email, PASSWORD);
    const before = await dana.get('/api/assignments?due=today');
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([
      { formId, formName: 'Test form', periodKey: key, deadline: expect.any(String), status: 'due', submissionId: null },
    ]);
    const sent = await dana.post(`/api/forms/${formId}/submissions`, { data: { name: 'Dana', qty: 1 } });
    const done = (await dana.get('/api/assignments')).body.items;
    expect(done).toEqual([expect.objectContaining({ formId, status: 'done', submissionId: sent.body.id })]);
    expect((await admin.get('/api/assignments')).body.items.find((a: any) => a.formId === formId)).toBeUndefined();
    // A deleted response no longer counts.
    expect((await admin.request('DELETE', `/api/submissions/${sent.body.id}`)).status).toBe(204);
    expect((await dana.get('/api/assignments')).body.items).toEqual([
      expect.objectContaining({ formId, status: 'due', submissionId: null }),
    ]);
    expect((await dana.get('/api/assignments?due=tomorrow')).status).toBe(400);
  });

  it('catches up one missed period after downtime, once, and sends no stale reminders', async () => {
    const person = await user('Kit');
    const { formId } = await publishedForm(admin);
    await schedule(formId, {
      frequency: { kind: 'daily', time: '09:00' },
      deadline: '10:00',
      reminders: ['09:30'],
      audience: { ...NONE, userIds: [person.id] },
    });
    expect((await runScheduleTick(server.app, hk('2026-12-07T09:10'))).opened).toEqual(['2026-12-07T0900']);
    // Down from Monday 09:15 to Thursday 11:00: only Thursday's period opens, at the first tick back.
    const back = await runScheduleTick(server.app, hk('2026-12-10T11:00'));
    expect(back).toEqual({ opened: ['2026-12-10T0900'], reminders: 0 });
    expect(await runScheduleTick(server.app, hk('2026-12-10T11:00'))).toEqual({ opened: [], reminders: 0 });
    expect((await runScheduleTick(server.app, hk('2026-12-10T11:01'))).opened).toEqual([]);
    expect(await keys(formId)).toEqual(['2026-12-10T0900', '2026-12-07T0900']);
    expect(await notificationsOf(person.id, 'collection_due')).toHaveLength(2);
    expect(await notificationsOf(person.id, 'collection_reminder')).toHaveLength(0);
    // An older moment (a server with a slow clock) does not open an older period after a newer one.
    expect((await runScheduleTick(server.app, hk('2026-12-09T09:05'))).opened).toEqual([]);
  });

  it('opens a period once when two schedulers tick at the same moment', async () => {
    const people = await Promise.all(['Ah', 'Bo', 'Chi'].map((name) => user(name)));
    const { formId } = await publishedForm(admin);
    await schedule(formId, {
      frequency: { kind: 'weekly', time: '08:00', weekdays: [1, 3] },
      deadline: '09:00',
      audience: { ...NONE, userIds: people.map((p) => p.id) },
    });
    // A second server on the same database (PostgreSQL); SQLite has one writer per file, so the same app twice.
    const other = dialect === 'postgres' ? (await createServer({ ...server.config }, false)).app : server.app;
    try {
      for (const moment of ['2026-12-14T08:00', '2026-12-16T08:00:30']) {
        const results = await Promise.all([
          runScheduleTick(server.app, hk(moment)),
          runScheduleTick(other, hk(moment)),
          runScheduleTick(other, hk(moment)),
          runScheduleTick(server.app, hk(moment)),
        ]);
        expect(results.flatMap((r) => r.opened).filter((k) => k.startsWith(moment.slice(0, 10)))).toHaveLength(1);
      }
    } finally {
      if (other !== server.app) await other.close();
    }
    expect(await keys(formId)).toEqual(['2026-12-16T0800', '2026-12-14T0800']);
    const periods = (await admin.get(`/api/forms/${formId}/periods`)).body.items;
    expect(periods.map((p: any) => p.expected)).toEqual([3, 3]);
    for (const p of people) expect(await notificationsOf(p.id, 'collection_due')).toHaveLength(2);
    const events = await server.app.db('domain_events').where({ type: 'schedule.period_opened', form_id: formId });
    expect(events).toHaveLength(2);
  });

  it('installs a template’s suggested schedule turned off, keeping one already there', async () => {
    const form = healthDeclaration.forms[0] as (typeof healthDeclaration.forms)[0] & { schedule?: object };
    expect(form.schedule).toEqual(SUGGESTED_SCHEDULE);
    expect(SUGGESTED_SCHEDULE).toMatchObject({ frequency: { kind: 'weekdays', time: '09:00' }, deadline: '10:00', reminders: ['09:45'] });
    const { formId } = await publishedForm(admin);
    await installSuggestedSchedule(server.app.db, formId, SUGGESTED_SCHEDULE, new Date());
    const installed = (await admin.get(`/api/forms/${formId}/schedule`)).body;
    expect(installed).toMatchObject({
      enabled: false,
      frequency: { kind: 'weekdays', time: '09:00' },
      deadline: '10:00',
      reminders: ['09:45'],
      nextOpens: [],
    });
    expect((await runScheduleTick(server.app, hk('2026-12-01T09:30'))).opened).toEqual([]);
    await admin.put(`/api/forms/${formId}/schedule`, { ...installed, deadline: '11:00' });
    await installSuggestedSchedule(server.app.db, formId, SUGGESTED_SCHEDULE, new Date());
    expect((await admin.get(`/api/forms/${formId}/schedule`)).body.deadline).toBe('11:00');
    // Installing the template stores its suggestion with the form, turned off.
    const installedApp = await admin.post('/api/templates/health-declaration/install', {});
    expect(installedApp.status).toBe(201);
    const templateForm = installedApp.body.forms[0].id;
    expect((await admin.get(`/api/forms/${templateForm}/schedule`)).body).toMatchObject({
      enabled: false,
      frequency: { kind: 'weekdays', time: '09:00' },
      deadline: '10:00',
    });
  });

  it('turning a schedule off stops periods; deleting it removes its periods', async () => {
    const { formId } = await publishedForm(admin);
    const on = await schedule(formId, { frequency: { kind: 'daily', time: '07:00' }, deadline: '08:00' });
    const off = await admin.put(`/api/forms/${formId}/schedule`, { ...on, enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.nextOpens).toEqual([]);
    expect((await runScheduleTick(server.app, hk('2026-12-21T07:30'))).opened).toEqual([]);
    await admin.put(`/api/forms/${formId}/schedule`, { ...on, enabled: true });
    await server.app.db('schedules').where({ form_id: formId }).update({ enabled_at: '2000-01-01T00:00:00.000Z' });
    expect((await runScheduleTick(server.app, hk('2026-12-21T07:30'))).opened).toEqual(['2026-12-21T0700']);
    expect((await admin.request('DELETE', `/api/forms/${formId}/schedule`)).status).toBe(204);
    expect((await admin.request('DELETE', `/api/forms/${formId}/schedule`)).status).toBe(404);
    expect((await admin.get(`/api/forms/${formId}/periods`)).body.items).toEqual([]);
    // Webhooks and the audit trail see every change of the schedule.
    const events = await server.app
      .db('domain_events')
      .where({ form_id: formId })
      .whereIn('type', ['schedule.updated', 'schedule.deleted'])
      .orderBy('seq');
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'schedule.updated',
      'schedule.updated',
      'schedule.updated',
      'schedule.deleted',
    ]);
  });
});

/** The timer itself: a server starting after downtime opens the missed period at once, and a second start does not open it again. */
describe.each(DIALECTS)('the scheduler across restarts on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('opens the missed period at start-up, once', async () => {
    const admin = await adminClient(server);
    const res = await admin.post('/api/users', {
      email: `restart-${dialect}@example.com`,
      name: 'Restart',
      password: PASSWORD,
      role: 'member',
    });
    const { formId } = await publishedForm(admin);
    // Opens at midnight, deadline 23:59 (Hong Kong): today's period is due whenever this runs.
    const put = await admin.put(`/api/forms/${formId}/schedule`, {
      enabled: true,
      frequency: { kind: 'daily', time: '00:00' },
      audience: { ...NONE, userIds: [res.body.id] },
      deadline: '23:59',
    });
    expect(put.status).toBe(200);
    // Down: the first server stops before its (switched-off) timer ever ticked.
    await server.app.close();
    let current: FastifyInstance | null = null;
    const periods = () => current!.db('schedule_periods').where({ form_id: formId });
    process.env.FORMLOOM_SCHEDULE_TICK_MS = '60000';
    try {
      // Two starts in a row: the first catches the period up, the second finds it open.
      for (let start = 0; start < 2; start++) {
        current = (await createServer({ ...server.config }, false)).app;
        await current.ready();
        await expect.poll(async () => (await periods()).length, { timeout: 5000 }).toBe(1);
        await current.close();
      }
    } finally {
      process.env.FORMLOOM_SCHEDULE_TICK_MS = '0';
    }
    current = (await createServer({ ...server.config }, false)).app;
    try {
      expect(await periods()).toHaveLength(1);
      expect(await current.db('notifications').where({ user_id: res.body.id, kind: 'collection_due' })).toHaveLength(1);
    } finally {
      await current.close();
    }
  });
});

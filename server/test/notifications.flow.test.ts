import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { buildOrg, installFlowTemplate, leaveData, pendingTask, submit, type Org } from './workflowFixtures.ts';

/** Urgent reminders between the people of a running approval flow, and the flow's notifications as they read them. */
describe.each(DIALECTS)('notifications of approval flows on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let org: Org;
  let formId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
    ({ formId } = await installFlowTemplate(admin, 'leave-request'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lets the submitter and the approver remind each other, and nobody else', async () => {
    const { staff, salesLead, outsider } = org;
    const submission = await submit(staff, formId, leaveData(2));
    expect(submission.status).toBe('pending');
    const task = await pendingTask(salesLead, submission.id);
    expect(task).toBeTruthy();

    // The approver's inbox notification, in the language they read in.
    const zh = (await salesLead.client.get('/api/notifications', { headers: { 'accept-language': 'zh-HK' } })).body;
    const assigned = zh.items.find((n: any) => n.kind === 'task_assigned');
    expect(assigned).toMatchObject({ link: `/tasks/${task.id}`, urgent: false });
    expect(assigned.title).toMatch(/^待你審批：/);
    expect(assigned.body).toContain(staff.name);

    // The submitter nudges the approver (who has no grant in the app: taking part is enough)…
    const nudge = await staff.client.post('/api/notifications/urgent', {
      userIds: [salesLead.id],
      message: 'My flight is on Friday, please decide today.',
      submissionId: submission.id,
    });
    expect(nudge.status, JSON.stringify(nudge.body)).toBe(201);
    const got = (await salesLead.client.get('/api/notifications?urgentPending=true')).body;
    expect(got.items).toHaveLength(1);
    expect(got.items[0]).toMatchObject({
      body: 'My flight is on Friday, please decide today.',
      link: `/r/${submission.id}`,
      sender: { id: staff.id },
    });
    // …and the approver answers back.
    const back = await salesLead.client.post('/api/notifications/urgent', {
      userIds: [staff.id],
      message: 'Attach the booking, please.',
      submissionId: submission.id,
    });
    expect(back.status).toBe(201);

    // Nobody outside the flow can be reminded about it, and an outsider cannot use it at all.
    const toOutsider = await staff.client.post('/api/notifications/urgent', {
      userIds: [outsider.id],
      message: 'Hi',
      submissionId: submission.id,
    });
    expect(toOutsider.status).toBe(403);
    expect(toOutsider.body.code).toBe('recipient_not_involved');
    const fromOutsider = await outsider.client.post('/api/notifications/urgent', {
      userIds: [staff.id],
      message: 'Hi',
      submissionId: submission.id,
    });
    expect([403, 404]).toContain(fromOutsider.status);
    expect((await outsider.client.get('/api/notifications')).body.items).toEqual([]);

    // The sender follows it: acknowledged once the approver taps "Got it".
    await salesLead.client.post(`/api/notifications/${got.items[0].id}/acknowledge`);
    const sent = (await staff.client.get('/api/notifications/sent')).body.items[0];
    expect(sent).toMatchObject({ submissionId: submission.id, recipients: [{ userId: salesLead.id, name: salesLead.name }] });
    expect(sent.recipients[0].acknowledgedAt).not.toBeNull();
  });
});

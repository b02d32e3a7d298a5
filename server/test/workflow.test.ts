import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { approve, buildOrg, installFlowTemplate, leaveData, pendingTask, submit, type Org } from './workflowFixtures.ts';

/** The leave request template's flow, end to end through the HTTP API, with the right people at each step. */
describe.each(DIALECTS)('leave request flow on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let org: Org;
  let formId: string;
  const eventsFor = async (submissionId: string) =>
    (await server.app.db('domain_events').orderBy('seq'))
      .map((r: any) => ({ type: r.type, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
      .filter((e: any) => e.payload.submissionId === submissionId);
  const notificationsFor = async (submissionId: string) =>
    server.app.db('notifications').where({ submission_id: submissionId }).orderBy('created_at').select('user_id', 'kind', 'link');

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
    ({ formId } = await installFlowTemplate(admin, 'leave-request'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('up to 3 days: the direct manager alone decides', async () => {
    const created = await submit(org.staff, formId, leaveData(3));
    expect(created.status).toBe('pending');
    const task = await pendingTask(org.salesLead, created.id);
    expect(task).toMatchObject({
      kind: 'approve',
      status: 'pending',
      nodeId: 'manager',
      submitterName: org.staff.name,
      formName: 'Leave request',
    });
    expect(task.summary.length).toBeGreaterThan(0);
    // The summary reads in the reader's language: option labels and field titles from the form's translations.
    const zh = await org.salesLead.client.request('GET', '/api/tasks?status=pending', { headers: { 'accept-language': 'zh-Hant' } });
    const zhTask = zh.body.items.find((t: any) => t.id === task.id);
    expect(zhTask.summary[0]).toEqual({ key: 'leaveType', title: '假期類別', value: '年假' });
    expect(task.summary[0]).toEqual({ key: 'leaveType', title: 'Leave type', value: 'Annual leave' });
    // Nobody else has it.
    for (const other of [org.salesHead, org.hr, org.staff2]) expect(await pendingTask(other, created.id)).toBeUndefined();

    const decided = await approve(org.salesLead, created.id, { comment: 'Enjoy' });
    expect(decided.submissionStatus).toBe('approved');
    expect(decided.task).toMatchObject({ status: 'approved', comment: 'Enjoy' });
    const submission = await org.staff.client.get(`/api/submissions/${created.id}`);
    expect(submission.body.status).toBe('approved');

    const timeline = await org.staff.client.get(`/api/submissions/${created.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.status).toBe('approved');
    expect(timeline.body.current).toEqual([]);
    expect(timeline.body.items.map((i: any) => i.action)).toEqual(['submitted', 'task_created', 'approved', 'completed']);
    expect(timeline.body.items[2]).toMatchObject({
      actorId: org.salesLead.id,
      actorName: org.salesLead.name,
      comment: 'Enjoy',
      nodeName: { en: 'Direct manager' },
    });

    const events = (await eventsFor(created.id)).map((e: any) => e.type);
    expect(events).toEqual(['submission.created', 'approval.task_created', 'approval.approved', 'submission.status_changed']);
    const notes = await notificationsFor(created.id);
    expect(notes).toEqual([
      { user_id: org.salesLead.id, kind: 'task_assigned', link: `/tasks/${task.id}` },
      { user_id: org.staff.id, kind: 'submission_approved', link: `/r/${created.id}` },
    ]);
  });

  it('more than 3 days: the manager, then the department head, then HR in CC', async () => {
    const created = await submit(org.staff, formId, leaveData(5));
    expect(created.status).toBe('pending');
    expect(await pendingTask(org.salesHead, created.id)).toBeUndefined();
    await approve(org.salesLead, created.id);

    const waiting = await org.staff.client.get(`/api/submissions/${created.id}/timeline`);
    expect(waiting.body.current).toEqual([
      {
        nodeId: 'department-head',
        nodeName: { en: 'Department head', 'zh-Hant': '部門主管' },
        mode: 'any',
        assignees: [{ id: org.salesHead.id, name: org.salesHead.name, status: 'pending' }],
      },
    ]);
    const inbox = await org.staff.client.get('/api/inbox/submitted');
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(inbox.body.items.find((i: any) => i.submissionId === created.id)).toMatchObject({
      status: 'pending',
      current: [{ nodeId: 'department-head', assignees: [{ id: org.salesHead.id, name: org.salesHead.name }] }],
    });
    expect((await org.hr.client.get('/api/tasks?kind=cc')).body.items.some((t: any) => t.submissionId === created.id)).toBe(false);

    const last = await approve(org.salesHead, created.id);
    expect(last.submissionStatus).toBe('approved');
    const cc = (await org.hr.client.get('/api/tasks?kind=cc&status=pending')).body.items.find((t: any) => t.submissionId === created.id);
    expect(cc).toMatchObject({ kind: 'cc', nodeId: 'hr' });
    expect((await org.hr.client.get('/api/tasks/counts')).body).toMatchObject({ cc: 1, ccUnread: 1 });
    // HR may read it although HR has no grant beyond filling.
    expect((await org.hr.client.get(`/api/submissions/${created.id}`)).status).toBe(200);
    expect((await org.hr.client.post(`/api/tasks/${cc.id}/read`)).status).toBe(204);
    expect((await org.hr.client.get('/api/tasks/counts')).body).toMatchObject({ cc: 1, ccUnread: 0 });
    expect((await org.hr.client.get('/api/tasks?kind=cc&status=done')).body.items.map((t: any) => t.id)).toContain(cc.id);

    const kinds = (await notificationsFor(created.id)).map((n: any) => [n.user_id, n.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        [org.salesLead.id, 'task_assigned'],
        [org.salesHead.id, 'task_assigned'],
        [org.hr.id, 'cc'],
        [org.staff.id, 'submission_approved'],
      ]),
    );
    const actions = (await org.staff.client.get(`/api/submissions/${created.id}/timeline`)).body.items.map((i: any) => i.action);
    expect(actions).toEqual(['submitted', 'task_created', 'approved', 'task_created', 'approved', 'cc', 'completed']);
  });

  it('someone outside the flow gets 403 on the submission and its timeline; the task detail shows the assignee what they may do', async () => {
    const created = await submit(org.staff, formId, leaveData(1));
    expect((await org.outsider.client.get(`/api/submissions/${created.id}`)).status).toBe(403);
    expect((await org.outsider.client.get(`/api/submissions/${created.id}`)).body.code).toBe('not_flow_participant');
    expect((await org.outsider.client.get(`/api/submissions/${created.id}/timeline`)).status).toBe(403);
    // The approver reads it without any grant to see others' records.
    expect((await org.salesLead.client.get(`/api/submissions/${created.id}`)).status).toBe(200);
    const task = await pendingTask(org.salesLead, created.id);
    const detail = await org.salesLead.client.get(`/api/tasks/${task.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.actions).toEqual(['approve', 'reject', 'return', 'transfer', 'addSigner']);
    expect(detail.body.fieldAccess.days).toBe('readonly');
    expect(detail.body.submission.data.days).toBe(1);
    expect(detail.body.form).toMatchObject({ id: formId, version: 1 });
    // The submitter sees the task, but may not act on it; the outsider gets 404.
    expect((await org.staff.client.get(`/api/tasks/${task.id}`)).body.actions).toEqual([]);
    expect((await org.outsider.client.get(`/api/tasks/${task.id}`)).status).toBe(404);
    const notMine = await org.staff2.client.post(`/api/tasks/${task.id}/approve`, {});
    expect(notMine.status).toBe(403);
    expect(notMine.body.code).toBe('not_task_assignee');
    // The admin may read everything.
    expect((await admin.get(`/api/submissions/${created.id}`)).status).toBe(200);
  });

  it('the approver opens the attached medical certificate; someone outside the flow cannot', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const uploaded = await org.staff.client.request('POST', '/api/files?purpose=file', {
      rawBody: pdf as unknown as string,
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'certificate.pdf' },
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const created = await submit(org.staff, formId, { ...leaveData(1), leaveType: 'sick', certificate: uploaded.body.id });
    expect((await org.salesLead.client.get(`/api/files/${uploaded.body.id}/info`)).status).toBe(200);
    expect((await org.outsider.client.get(`/api/files/${uploaded.body.id}/info`)).status).toBe(404);
    await approve(org.salesLead, created.id);
  });
});

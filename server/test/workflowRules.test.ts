import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueTimeLimits } from '../src/services/workflow/timeLimits.ts';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import {
  approve,
  buildOrg,
  createPerson,
  flowForm,
  installFlowTemplate,
  leaveData,
  pendingTask,
  submit,
  type Org,
} from './workflowFixtures.ts';

const schema = {
  type: 'object',
  required: ['title'],
  properties: {
    title: { type: 'string', title: 'Title', minLength: 1 },
    amount: { type: 'number', title: 'Amount', minimum: 0 },
    costCentre: { type: 'string', title: 'Cost centre' },
    salary: { type: 'number', title: 'Salary' },
  },
};
const name = (en: string) => ({ en });
const HOUR = 3_600_000;
const later = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

/** Time limits with a controllable clock, simultaneous decisions, field permissions, refusals and route simulation. */
describe.each(DIALECTS)('approval rules on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let org: Org;
  const count = async (table: string, where: object = {}) => Number((await server.app.db(table).where(where).count({ n: '*' }).first())!.n);
  const notes = (where: object) => server.app.db('notifications').where(where).select('user_id', 'kind', 'task_id');

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a time limit reminds once, then escalates to the approver's manager; nothing happens before it is due", async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        {
          id: 'lead',
          type: 'approval',
          name: name('Team lead'),
          approvers: [{ kind: 'manager', level: 1 }],
          timeLimit: { remindAfterHours: 24, actAfterHours: 48, action: 'escalate' },
        },
      ],
    });
    const created = await submit(org.staff, formId, { title: 'Escalate me' });
    const task = await pendingTask(org.salesLead, created.id);
    expect(task.dueAt).not.toBeNull();
    expect(Date.parse(task.dueAt) - Date.parse(task.createdAt)).toBeCloseTo(48 * HOUR, -4);

    expect(await runDueTimeLimits(server.app.db, later(23))).toBe(0);
    expect(await notes({ submission_id: created.id, kind: 'task_reminder' })).toEqual([]);

    expect(await runDueTimeLimits(server.app.db, later(25))).toBe(1);
    // The same moment again (a second server, a retried tick) does not remind twice.
    expect(await runDueTimeLimits(server.app.db, later(25))).toBe(0);
    expect(await notes({ submission_id: created.id, kind: 'task_reminder' })).toEqual([
      { user_id: org.salesLead.id, kind: 'task_reminder', task_id: task.id },
    ]);

    expect(await runDueTimeLimits(server.app.db, later(49))).toBe(1);
    expect(await pendingTask(org.salesLead, created.id)).toBeUndefined();
    const escalated = await pendingTask(org.salesHead, created.id);
    expect(escalated).toBeDefined();
    expect(await notes({ submission_id: created.id, kind: 'task_escalated' })).toEqual([
      { user_id: org.salesHead.id, kind: 'task_escalated', task_id: escalated.id },
    ]);
    const timeline = (await org.staff.client.get(`/api/submissions/${created.id}/timeline`)).body;
    expect(timeline.items.map((i: any) => i.action)).toEqual(['submitted', 'task_created', 'reminded', 'escalated', 'task_created']);
    expect(timeline.items[3]).toMatchObject({ actorId: null, userIds: [org.salesLead.id, org.salesHead.id] });
    const events = (
      await server.app.db('domain_events').whereIn('type', ['approval.reminded', 'approval.escalated']).orderBy('seq').select('type')
    ).map((e: any) => e.type);
    expect(events).toEqual(['approval.reminded', 'approval.escalated']);
    expect((await approve(org.salesHead, created.id)).submissionStatus).toBe('approved');
  });

  it('a time limit set to approve decides by itself; two servers ticking at once act once', async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        {
          id: 'lead',
          type: 'approval',
          name: name('Team lead'),
          approvers: [{ kind: 'manager', level: 1 }],
          timeLimit: { actAfterHours: 8, action: 'approve' },
        },
      ],
    });
    const created = await submit(org.staff, formId, { title: 'Approve me' });
    const [a, b] = await Promise.all([runDueTimeLimits(server.app.db, later(9)), runDueTimeLimits(server.app.db, later(9))]);
    expect(a + b).toBe(1);
    expect((await org.staff.client.get(`/api/submissions/${created.id}`)).body.status).toBe('approved');
    const timeline = (await org.staff.client.get(`/api/submissions/${created.id}/timeline`)).body;
    expect(timeline.items.filter((i: any) => i.action === 'auto_approved')).toHaveLength(1);
    expect(await count('domain_events', { type: 'approval.approved' })).toBeGreaterThanOrEqual(1);
  });

  it('two or-signers approving at the same moment: one decision, the other 409, the flow moved once', async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        {
          id: 'finance',
          type: 'approval',
          name: name('Finance'),
          approvers: [
            { kind: 'user', userId: org.financeDirector.id },
            { kind: 'user', userId: org.controller.id },
          ],
          mode: 'any',
        },
        { id: 'ceo', type: 'approval', name: name('CEO'), approvers: [{ kind: 'user', userId: org.ceo.id }] },
      ],
    });
    for (let round = 0; round < 3; round++) {
      const created = await submit(org.staff, formId, { title: `Race ${round}` });
      const [t1, t2] = await Promise.all([pendingTask(org.financeDirector, created.id), pendingTask(org.controller, created.id)]);
      const results = await Promise.all([
        org.financeDirector.client.post(`/api/tasks/${t1.id}/approve`, { comment: 'me' }),
        org.controller.client.post(`/api/tasks/${t2.id}/approve`, { comment: 'me too' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('task_not_pending');
      const timeline = (await org.staff.client.get(`/api/submissions/${created.id}/timeline`)).body;
      expect(timeline.items.filter((i: any) => i.action === 'approved')).toHaveLength(1);
      // The flow moved on exactly once: one task for the CEO.
      expect(timeline.items.filter((i: any) => i.action === 'task_created' && i.nodeId === 'ceo')).toHaveLength(1);
      expect(timeline.current).toMatchObject([{ nodeId: 'ceo' }]);
      expect(await count('approval_tasks', { submission_id: created.id, node_id: 'ceo' })).toBe(1);
    }
  });

  it('fields: editable ones change with the approval (stored as a revision), others are refused, hidden ones never shown', async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        {
          id: 'finance',
          type: 'approval',
          name: name('Finance'),
          approvers: [{ kind: 'user', userId: org.financeDirector.id }],
          fieldPermissions: { costCentre: 'editable', salary: 'hidden' },
        },
      ],
    });
    const created = await submit(org.staff, formId, { title: 'Fields', amount: 10, salary: 50_000 });
    const task = await pendingTask(org.financeDirector, created.id);
    const detail = (await org.financeDirector.client.get(`/api/tasks/${task.id}`)).body;
    expect(detail.fieldAccess).toEqual({ title: 'readonly', amount: 'readonly', costCentre: 'editable', salary: 'hidden' });
    expect(detail.submission.data).toEqual({ title: 'Fields', amount: 10 });
    expect(Object.keys(detail.form.schema.properties)).toEqual(['title', 'amount', 'costCentre']);
    expect(detail.task.summary.map((s: any) => s.key)).not.toContain('salary');
    // Reading the submission itself hides it from them too.
    const asRead = await org.financeDirector.client.get(`/api/submissions/${created.id}`);
    expect(asRead.status).toBe(200);
    expect(asRead.body.data).toEqual({ title: 'Fields', amount: 10 });
    expect(asRead.body.canEdit).toBe(false);

    const refused = await org.financeDirector.client.post(`/api/tasks/${task.id}/approve`, { data: { amount: 99 } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('field_not_editable');
    const invalid = await org.financeDirector.client.post(`/api/tasks/${task.id}/approve`, { data: { costCentre: 12 } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('validation_failed');
    expect((await org.staff.client.get(`/api/submissions/${created.id}`)).body.status).toBe('pending');

    const ok = await org.financeDirector.client.post(`/api/tasks/${task.id}/approve`, { data: { costCentre: 'CC-100' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stored = (await org.staff.client.get(`/api/submissions/${created.id}`)).body;
    expect(stored).toMatchObject({ status: 'approved', data: { title: 'Fields', amount: 10, costCentre: 'CC-100', salary: 50_000 } });
    const history = (await org.staff.client.get(`/api/submissions/${created.id}/history`)).body.items;
    expect(history[1]).toMatchObject({
      action: 'updated',
      by: org.financeDirector.id,
      changes: [{ path: '/costCentre', after: 'CC-100' }],
    });
    // The submitter cannot rewrite an approved submission; an app editor (the admin) can.
    expect(
      (await org.staff.client.request('PATCH', `/api/submissions/${created.id}`, { body: { data: { title: 'Changed' } } })).status,
    ).toBe(403);
  });

  it('an `error` node that resolves to nobody refuses the submission with 422 approver_not_found and stores nothing', async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        {
          id: 'nobody',
          type: 'approval',
          name: name('Chief Nobody'),
          approvers: [{ kind: 'position', position: 'Chief Nobody' }],
          onEmpty: 'error',
        },
      ],
    });
    const before = {
      submissions: await count('submissions'),
      instances: await count('approval_instances'),
      events: await count('domain_events'),
      notes: await count('notifications'),
    };
    const res = await org.staff.client.post(`/api/forms/${formId}/submissions`, { data: { title: 'Nobody' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('approver_not_found');
    expect(res.body.message).toBeTruthy();
    expect({
      submissions: await count('submissions'),
      instances: await count('approval_instances'),
      events: await count('domain_events'),
      notes: await count('notifications'),
    }).toEqual(before);
  });

  it('an `admin` node that resolves to nobody goes to an admin, and the timeline says why', async () => {
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [
        { id: 'ghost', type: 'approval', name: name('Ghost'), approvers: [{ kind: 'position', position: 'Ghost' }], onEmpty: 'admin' },
      ],
    });
    const created = await submit(org.staff, formId, { title: 'To the admin' });
    expect(created.status).toBe('pending');
    const me = (await admin.get('/api/auth/me')).body.user;
    const timeline = (await org.staff.client.get(`/api/submissions/${created.id}/timeline`)).body;
    expect(timeline.items.map((i: any) => i.action)).toEqual(['submitted', 'given_to_admin', 'task_created']);
    expect(timeline.items[1]).toMatchObject({ nodeId: 'ghost', userIds: [me.id], userNames: [me.name] });
    expect(timeline.current[0].assignees.map((a: any) => a.id)).toEqual([me.id]);
  });

  it("simulate shows the path and the actual people, for the editor's unsaved flow too; only editors may simulate", async () => {
    const { formId } = await installFlowTemplate(admin, 'leave-request');
    const long = await admin.post(`/api/forms/${formId}/workflow/simulate`, { data: leaveData(5), submitterId: org.staff.id });
    expect(long.status, JSON.stringify(long.body)).toBe(200);
    expect(long.body.error).toBeNull();
    expect(long.body.steps.map((s: any) => [s.nodeId, s.users.map((u: any) => u.id)])).toEqual([
      ['manager', [org.salesLead.id]],
      ['department-head', [org.salesHead.id]],
      ['hr', [org.hr.id]],
    ]);
    expect(long.body.steps[1].via).toEqual([{ nodeId: 'length', branchId: 'over-3-days' }]);
    const short = await admin.post(`/api/forms/${formId}/workflow/simulate`, { data: leaveData(2), submitterId: org.staff2.id });
    expect(short.body.steps.map((s: any) => s.nodeId)).toEqual(['manager']);

    const unsaved = {
      version: 1,
      nodes: [
        { id: 'x', type: 'approval', name: name('Nobody here'), approvers: [{ kind: 'position', position: 'Ghost' }], onEmpty: 'error' },
      ],
    };
    const withFlow = await admin.post(`/api/forms/${formId}/workflow/simulate`, {
      data: leaveData(1),
      submitterId: org.staff.id,
      workflow: unsaved,
    });
    expect(withFlow.status).toBe(200);
    expect(withFlow.body.error).toMatchObject({ code: 'approver_not_found', nodeId: 'x' });
    const badFlow = await admin.post(`/api/forms/${formId}/workflow/simulate`, {
      data: {},
      submitterId: org.staff.id,
      workflow: { version: 1, nodes: [{ id: 'x' }] },
    });
    expect(badFlow.status).toBe(422);
    expect(badFlow.body.code).toBe('invalid_workflow');
    const unknown = await admin.post(`/api/forms/${formId}/workflow/simulate`, { data: {}, submitterId: 'no-such-user' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_user');
    const member = await org.staff.client.post(`/api/forms/${formId}/workflow/simulate`, { data: {}, submitterId: org.staff.id });
    expect(member.status).toBe(403);
  });

  it('lists and counts: to do, done, submitted by me, paged newest first', async () => {
    // Someone with no other tasks in this database.
    const boss = await createPerson(server, admin, 'Fung Boss');
    const { formId } = await flowForm(admin, schema, {
      version: 1,
      nodes: [{ id: 'boss', type: 'approval', name: name('Boss'), approvers: [{ kind: 'user', userId: boss.id }] }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(org.staff2, formId, { title: `Item ${i}` })).id);
    const first = await boss.client.get('/api/tasks?status=pending&limit=2');
    expect(first.body.items.map((t: any) => t.submissionId)).toEqual([ids[2], ids[1]]);
    const second = await boss.client.get(`/api/tasks?status=pending&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((t: any) => t.submissionId)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    await approve(boss, ids[0]);
    expect((await boss.client.get('/api/tasks/counts')).body).toMatchObject({ todo: 2, done: 1 });
    expect((await boss.client.get('/api/tasks?status=done')).body.items.map((t: any) => t.submissionId)).toEqual([ids[0]]);
    expect((await org.staff2.client.get('/api/tasks/counts')).body.submitted).toBe(2);
    const mine = (await org.staff2.client.get('/api/inbox/submitted?limit=10')).body.items;
    expect(mine.map((i: any) => [i.submissionId, i.status])).toEqual([
      [ids[2], 'pending'],
      [ids[1], 'pending'],
      [ids[0], 'approved'],
    ]);
    expect(mine[0].summary[0]).toEqual({ key: 'title', title: 'Title', value: 'Item 2' });
    expect((await org.staff2.client.get('/api/tasks?status=bogus')).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { approve, buildOrg, installFlowTemplate, pendingTask, purchaseData, submit, type Org } from './workflowFixtures.ts';

/** The purchase request template's flow: department head, then a finance countersign above HK$10,000; and every decision a task allows. */
describe.each(DIALECTS)('purchase request flow on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let org: Org;
  let formId: string;
  const timelineOf = async (submissionId: string) => (await org.staff.client.get(`/api/submissions/${submissionId}/timeline`)).body;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
    ({ formId } = await installFlowTemplate(admin, 'purchase-request'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('up to HK$10,000 the department head alone approves', async () => {
    const created = await submit(org.staff, formId, purchaseData(10_000));
    expect((await approve(org.salesHead, created.id)).submissionStatus).toBe('approved');
    expect(await pendingTask(org.financeDirector, created.id)).toBeUndefined();
  });

  it('above HK$10,000 finance countersigns: both must approve, one is not enough', async () => {
    const created = await submit(org.staff, formId, purchaseData(10_000.5));
    await approve(org.salesHead, created.id);
    const current = (await timelineOf(created.id)).current;
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ nodeId: 'finance', mode: 'all' });
    expect(current[0].assignees.map((a: any) => a.id).sort()).toEqual([org.financeDirector.id, org.controller.id].sort());

    const first = await approve(org.financeDirector, created.id);
    expect(first.submissionStatus).toBe('pending');
    expect((await timelineOf(created.id)).current[0].assignees).toEqual(
      expect.arrayContaining([
        { id: org.financeDirector.id, name: org.financeDirector.name, status: 'approved' },
        { id: org.controller.id, name: org.controller.name, status: 'pending' },
      ]),
    );
    const second = await approve(org.controller, created.id);
    expect(second.submissionStatus).toBe('approved');
    expect((await org.financeDirector.client.get('/api/tasks/counts')).body).toMatchObject({ todo: 0, done: 1 });
  });

  it('reject needs a comment; with one the submission is rejected and the submitter told why', async () => {
    const created = await submit(org.staff, formId, purchaseData(500));
    const task = await pendingTask(org.salesHead, created.id);
    for (const body of [{}, { comment: '' }, { comment: '   ' }]) {
      const refused = await org.salesHead.client.post(`/api/tasks/${task.id}/reject`, body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
    }
    expect((await pendingTask(org.salesHead, created.id))?.id).toBe(task.id);
    const rejected = await org.salesHead.client.post(`/api/tasks/${task.id}/reject`, { comment: 'Use the spare laptop' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ submissionStatus: 'rejected', task: { status: 'rejected', comment: 'Use the spare laptop' } });
    // Deciding it again is refused: it is no longer pending.
    const again = await org.salesHead.client.post(`/api/tasks/${task.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('task_not_pending');
    const note = await server.app.db('notifications').where({ submission_id: created.id, kind: 'submission_rejected' }).first();
    expect(note.user_id).toBe(org.staff.id);
    expect(JSON.parse(typeof note.params === 'string' ? note.params : JSON.stringify(note.params))).toMatchObject({
      comment: 'Use the spare laptop',
    });
    // A decided request is not the submitter's to change any more: the record page offers no Edit,
    // and an edit or a delete is refused.
    const record = await org.staff.client.get(`/api/submissions/${created.id}`);
    expect(record.body).toMatchObject({ status: 'rejected', canEdit: false, canDelete: false });
    expect((await org.staff.client.request('PATCH', `/api/submissions/${created.id}`, { body: { data: purchaseData(400) } })).status).toBe(
      403,
    );
    expect((await org.staff.client.request('DELETE', `/api/submissions/${created.id}`)).status).toBe(403);
  });

  it('return sends it back; the submitter resubmits changed data and the flow starts over as round 2 on the new amount', async () => {
    const created = await submit(org.staff, formId, purchaseData(800));
    const task = await pendingTask(org.salesHead, created.id);
    expect((await org.salesHead.client.post(`/api/tasks/${task.id}/return`, {})).status).toBe(400);
    const returned = await org.salesHead.client.post(`/api/tasks/${task.id}/return`, { comment: 'Add the docking station' });
    expect(returned.body.submissionStatus).toBe('returned');
    expect((await org.staff.client.get(`/api/submissions/${created.id}`)).body.status).toBe('returned');
    // Not through a plain edit, and not by someone else.
    const edit = await org.staff.client.request('PATCH', `/api/submissions/${created.id}`, { body: { data: purchaseData(900) } });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('submission_in_approval');
    const stranger = await org.staff2.client.post(`/api/submissions/${created.id}/resubmit`, { data: purchaseData(900) });
    expect(stranger.status).toBe(403);
    const invalid = await org.staff.client.post(`/api/submissions/${created.id}/resubmit`, { data: { ...purchaseData(900), lines: [] } });
    expect(invalid.status).toBe(422);

    const data = {
      ...purchaseData(0),
      lines: [
        { description: 'Laptop', quantity: 1, unitPrice: 9_000 },
        { description: 'Dock', quantity: 1, unitPrice: 2_000 },
      ],
    };
    const again = await org.staff.client.post(`/api/submissions/${created.id}/resubmit`, { data });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ status: 'pending' });
    const stored = await org.staff.client.get(`/api/submissions/${created.id}`);
    expect(stored.body.data.total).toBe(11_000);
    const history = await org.staff.client.get(`/api/submissions/${created.id}/history`);
    expect(history.body.items.map((i: any) => i.action)).toEqual(['created', 'updated']);

    await approve(org.salesHead, created.id);
    // Round 2 routes on the new total: finance now countersigns.
    expect(await pendingTask(org.financeDirector, created.id)).toBeDefined();
    const timeline = await timelineOf(created.id);
    expect(timeline.items.map((i: any) => i.action)).toEqual([
      'submitted',
      'task_created',
      'returned',
      'resubmitted',
      'task_created',
      'approved',
      'task_created',
      'task_created',
    ]);
    const events = (await server.app.db('domain_events').whereIn('type', ['approval.resubmitted', 'approval.returned']).orderBy('seq')).map(
      (r: any) => r.type,
    );
    expect(events).toEqual(['approval.returned', 'approval.resubmitted']);
  });

  it('the submitter withdraws while pending; open tasks end and nobody can act; withdrawing twice is 409', async () => {
    const created = await submit(org.staff, formId, purchaseData(300));
    const task = await pendingTask(org.salesHead, created.id);
    expect((await org.staff2.client.post(`/api/submissions/${created.id}/withdraw`)).body.code).toBe('not_submitter');
    const withdrawn = await org.staff.client.post(`/api/submissions/${created.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ status: 'withdrawn' });
    expect(await pendingTask(org.salesHead, created.id)).toBeUndefined();
    expect((await org.salesHead.client.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(409);
    const twice = await org.staff.client.post(`/api/submissions/${created.id}/withdraw`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('flow_not_pending');
    expect((await timelineOf(created.id)).items.map((i: any) => i.action)).toContain('withdrawn');
    expect((await org.staff.client.get('/api/inbox/submitted?status=withdrawn')).body.items.map((i: any) => i.submissionId)).toContain(
      created.id,
    );
  });

  it('transfer hands the task to someone else, who then decides', async () => {
    const created = await submit(org.staff, formId, purchaseData(300));
    const task = await pendingTask(org.salesHead, created.id);
    const unknown = await org.salesHead.client.post(`/api/tasks/${task.id}/transfer`, { userId: 'nobody' });
    expect(unknown.status).toBe(422);
    const moved = await org.salesHead.client.post(`/api/tasks/${task.id}/transfer`, { userId: org.salesLead.id, comment: 'On leave' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.task.status).toBe('transferred');
    expect(await pendingTask(org.salesHead, created.id)).toBeUndefined();
    expect((await approve(org.salesLead, created.id)).submissionStatus).toBe('approved');
    const transfer = (await timelineOf(created.id)).items.find((i: any) => i.action === 'transferred');
    expect(transfer).toMatchObject({
      actorId: org.salesHead.id,
      userIds: [org.salesLead.id],
      userNames: [org.salesLead.name],
      comment: 'On leave',
    });
  });

  it('add-signer before: the new signer decides first, then the task comes back to the caller', async () => {
    const created = await submit(org.staff, formId, purchaseData(300));
    const task = await pendingTask(org.salesHead, created.id);
    const added = await org.salesHead.client.post(`/api/tasks/${task.id}/add-signer`, { userId: org.hr.id, position: 'before' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.submissionStatus).toBe('pending');
    expect(await pendingTask(org.salesHead, created.id)).toBeUndefined();
    await approve(org.hr, created.id);
    expect((await approve(org.salesHead, created.id)).submissionStatus).toBe('approved');
  });

  it('add-signer after: the caller approves, then the added signer must approve too', async () => {
    const created = await submit(org.staff, formId, purchaseData(300));
    const task = await pendingTask(org.salesHead, created.id);
    const added = await org.salesHead.client.post(`/api/tasks/${task.id}/add-signer`, { userId: org.hr.id, position: 'after' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((await approve(org.salesHead, created.id)).submissionStatus).toBe('pending');
    expect((await approve(org.hr, created.id)).submissionStatus).toBe('approved');
    const signer = (await timelineOf(created.id)).items.find((i: any) => i.action === 'signer_added');
    expect(signer).toMatchObject({ actorId: org.salesHead.id, userIds: [org.hr.id] });
  });
  it('the data view filters and sorts by where the flow stands', async () => {
    const view = (params: Record<string, string>) =>
      admin.get(`/api/forms/${formId}/submissions?${new URLSearchParams({ limit: '500', ...params })}`);
    const all = (await view({})).body.items as { id: string; status: string }[];
    const statuses = new Set(all.map((s) => s.status));
    // The tests above left requests in several states; each filter must pick some and leave some out.
    expect(statuses.has('rejected') && statuses.has('approved') && statuses.has('withdrawn')).toBe(true);
    for (const status of ['rejected', 'approved']) {
      const res = await view({ filter: JSON.stringify([{ field: 'status', op: 'eq', value: status }]) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
        all
          .filter((s) => s.status === status)
          .map((s) => s.id)
          .sort(),
      );
    }
    const sorted = (await view({ sort: 'status' })).body.items.map((s: { status: string }) => s.status);
    expect(sorted).toEqual([...sorted].sort());
  });
});

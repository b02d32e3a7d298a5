import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { approve, buildOrg, installFlowTemplate, leaveData, pendingTask, submit, type Org } from './workflowFixtures.ts';

/**
 * The approvals report of the leave request flow, after real decisions whose times are then set
 * so that the answers are known: the manager node took 1, 2, 3, 4, 5 and 10 hours (average 4.17,
 * p90 by linear interpolation 5 + 0.5 × (10 − 5) = 7.5), outcomes 3 approved, 1 rejected, 1 returned.
 */
describe.each(DIALECTS)('approvals report on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let org: Org;
  let formId: string;
  const subs: string[] = [];

  const hoursAfter = (start: string, hours: number) => new Date(Date.parse(start) + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
    ({ formId } = await installFlowTemplate(admin, 'leave-request'));
    for (let i = 0; i < 6; i++) subs.push((await submit(org.staff, formId, leaveData(2))).id);
    subs.push((await submit(org.staff, formId, leaveData(5))).id); // goes on to the department head
    for (const i of [0, 1, 2, 6]) await approve(org.salesLead, subs[i]);
    const decide = async (i: number, action: string) => {
      const task = await pendingTask(org.salesLead, subs[i]);
      const res = await org.salesLead.client.post(`/api/tasks/${task.id}/${action}`, { comment: 'Please check the dates.' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await decide(3, 'reject');
    await decide(4, 'return');

    const db = server.app.db;
    const managerTask = (i: number) => db('approval_tasks').where({ submission_id: subs[i], node_id: 'manager', kind: 'approve' });
    const start = '2026-11-10T01:00:00.000Z';
    for (const [i, hours] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 10],
    ] as const) {
      await managerTask(i).update({ activated_at: start, acted_at: hoursAfter(start, hours) });
    }
    await managerTask(6).update({ activated_at: '2026-11-12T01:00:00.000Z', acted_at: '2026-11-12T06:00:00.000Z' });
    await managerTask(5).update({ activated_at: '2026-11-13T01:00:00.000Z', due_at: '2999-01-01T00:00:00.000Z' });
    await db('approval_tasks')
      .where({ submission_id: subs[6], node_id: 'department-head', status: 'pending' })
      .update({ activated_at: '2026-11-14T01:00:00.000Z', due_at: '2026-11-15T01:00:00.000Z' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives pending by approver, average and p90 hours per node, outcomes and overdue tasks', async () => {
    const res = await admin.get(`/api/forms/${formId}/reports/approvals`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body;
    expect(report.pendingByApprover).toEqual(
      [
        { userId: org.salesHead.id, name: org.salesHead.name, pending: 1, oldestSince: '2026-11-14T01:00:00.000Z' },
        { userId: org.salesLead.id, name: org.salesLead.name, pending: 1, oldestSince: '2026-11-13T01:00:00.000Z' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(report.nodes).toEqual([
      { nodeId: 'manager', name: { en: 'Direct manager', 'zh-Hant': '直屬主管' }, acted: 6, averageHours: 4.17, p90Hours: 7.5 },
    ]);
    expect(report.outcomes).toEqual({
      total: 7,
      byStatus: { approved: 3, rejected: 1, returned: 1, pending: 2 },
      approvalRate: 0.75,
      rejectionRate: 0.25,
    });
    expect(report.overdue).toEqual([
      expect.objectContaining({
        submissionId: subs[6],
        userId: org.salesHead.id,
        nodeId: 'department-head',
        nodeName: { en: 'Department head', 'zh-Hant': '部門主管' },
        since: '2026-11-14T01:00:00.000Z',
        dueAt: '2026-11-15T01:00:00.000Z',
      }),
    ]);
  });

  it('narrows by activation day (Hong Kong) with from/to and refuses a bad range', async () => {
    const later = (await admin.get(`/api/forms/${formId}/reports/approvals?from=2026-11-11&to=2026-11-13`)).body;
    expect(later.nodes).toEqual([expect.objectContaining({ nodeId: 'manager', acted: 1, averageHours: 5, p90Hours: 5 })]);
    expect(later.pendingByApprover.map((p: any) => p.userId)).toEqual([org.salesLead.id]);
    expect(later.overdue).toEqual([]);
    const early = (await admin.get(`/api/forms/${formId}/reports/approvals?to=2026-11-10`)).body;
    expect(early.nodes[0]).toMatchObject({ acted: 5, averageHours: 4, p90Hours: 7.6 });
    const swapped = await admin.get(`/api/forms/${formId}/reports/approvals?from=2026-11-12&to=2026-11-11`);
    expect(swapped.status).toBe(400);
    expect(swapped.body.code).toBe('invalid_date');
  });

  it('is for people who see all in the app (403 for the submitters who only fill it)', async () => {
    const res = await org.staff.client.get(`/api/forms/${formId}/reports/approvals`);
    expect(res.status).toBe(403);
  });

  it('documents every special report route and its statuses in the OpenAPI document', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const statuses = (path: string) => Object.keys(doc.paths[path]?.get?.responses ?? {});
    for (const path of [
      '/api/forms/{formId}/reports/health',
      '/api/forms/{formId}/reports/health/export',
      '/api/forms/{formId}/reports/approvals',
    ]) {
      expect(statuses(path), path).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    }
    expect(statuses('/api/forms/{formId}/reports/inventory')).toEqual(expect.arrayContaining(['200', '404']));
  });
});

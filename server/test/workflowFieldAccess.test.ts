import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';
import { createPerson, flowForm, pendingTask, submit, type Person } from './workflowFixtures.ts';

/**
 * A form's sensitive fields (PUT /api/forms/:formId/field-access) in approval flows: the inbox's one-line
 * summaries, the task view, the answer to a decision and the timeline never show a field hidden from the
 * reader; those allowed it, admins and the submitter (their own record) see it.
 */
const HKID = 'Z683365(5)';
const schema = {
  type: 'object',
  properties: {
    hkid: { type: 'string', title: 'HKID' },
    reason: { type: 'string', title: 'Reason' },
    days: { type: 'number', title: 'Days' },
  },
};

const keysOf = (summary: { key: string }[]) => summary.map((s) => s.key);

describe.each(DIALECTS)('sensitive fields in approval flows on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let submitter: Person;
  let approver: Person;
  let hr: Person;
  let watcher: Person;
  let formId: string;
  let submissionId: string;

  const inbox = async (person: Person, query: string) => {
    const res = await person.client.get(`/api/tasks?${query}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.items.filter((t: { submissionId: string }) => t.submissionId === submissionId);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    submitter = await createPerson(server, admin, 'Ho Wing Sze');
    approver = await createPerson(server, admin, 'Lee Ka Yan');
    hr = await createPerson(server, admin, 'Lam Mei Ling', { positions: ['HR Manager'] });
    watcher = await createPerson(server, admin, 'Cheung Chi Keung');
    const flow = {
      version: 1,
      nodes: [
        { id: 'notify', type: 'cc', name: { en: 'For information' }, recipients: [{ kind: 'user', userId: watcher.id }] },
        {
          id: 'check',
          type: 'approval',
          name: { en: 'Check' },
          approvers: [
            { kind: 'user', userId: approver.id },
            { kind: 'user', userId: hr.id },
          ],
          mode: 'all',
        },
      ],
    };
    ({ formId } = await flowForm(admin, schema, flow));
    const rules = await admin.put(`/api/forms/${formId}/field-access`, {
      fields: [{ field: 'hkid', visibleTo: ['position:HR Manager'] }],
    });
    expect(rules.status).toBe(200);
    submissionId = (await submit(submitter, formId, { hkid: HKID, reason: 'Medical leave', days: 2 })).id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('the inbox summary leaves the field out for those it is hidden from, and shows it to those allowed it', async () => {
    const [mine] = await inbox(approver, 'status=pending&kind=approve');
    expect(keysOf(mine.summary)).toEqual(['reason', 'days']);
    expect(JSON.stringify(mine)).not.toContain(HKID);
    const [cc] = await inbox(watcher, 'status=pending&kind=cc');
    expect(keysOf(cc.summary)).toEqual(['reason', 'days']);
    expect(JSON.stringify(cc)).not.toContain(HKID);
    const [hrs] = await inbox(hr, 'status=pending&kind=approve');
    expect(hrs.summary[0]).toEqual({ key: 'hkid', title: 'HKID', value: HKID });
    // The submitter's own list shows their own record whole.
    const submitted = await submitter.client.get('/api/inbox/submitted?limit=100');
    const own = submitted.body.items.find((s: { submissionId: string }) => s.submissionId === submissionId);
    expect(keysOf(own.summary)).toEqual(['hkid', 'reason', 'days']);
  });

  it('the task view: no hidden field in the summary or the data; requireSignature false at a step without one', async () => {
    const task = await pendingTask(approver, submissionId);
    const detail = await approver.client.get(`/api/tasks/${task.id}`);
    expect(detail.status).toBe(200);
    expect(keysOf(detail.body.task.summary)).toEqual(['reason', 'days']);
    expect(detail.body.submission.data).toEqual({ reason: 'Medical leave', days: 2 });
    expect(detail.body.requireSignature).toBe(false);
    expect(JSON.stringify(detail.body)).not.toContain(HKID);
    // The CC reader's view of their task too.
    const [cc] = await inbox(watcher, 'status=pending&kind=cc');
    const ccDetail = await watcher.client.get(`/api/tasks/${cc.id}`);
    expect(ccDetail.status).toBe(200);
    expect(ccDetail.body.requireSignature).toBe(false);
    expect(JSON.stringify(ccDetail.body)).not.toContain(HKID);
    // An admin reading the same task sees it.
    const asAdmin = await admin.get(`/api/tasks/${task.id}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.task.summary[0]).toMatchObject({ key: 'hkid', value: HKID });
  });

  it('the answer to a decision and the done list follow the decider, and the timeline carries no field value', async () => {
    const task = await pendingTask(approver, submissionId);
    const decided = await approver.client.post(`/api/tasks/${task.id}/approve`, { comment: 'Fine' });
    expect(decided.status).toBe(200);
    expect(keysOf(decided.body.task.summary)).toEqual(['reason', 'days']);
    expect(JSON.stringify(decided.body)).not.toContain(HKID);
    const [done] = await inbox(approver, 'status=done&kind=approve');
    expect(keysOf(done.summary)).toEqual(['reason', 'days']);

    const hrTask = await pendingTask(hr, submissionId);
    const hrDecided = await hr.client.post(`/api/tasks/${hrTask.id}/approve`, {});
    expect(hrDecided.status).toBe(200);
    expect(hrDecided.body.submissionStatus).toBe('approved');
    expect(hrDecided.body.task.summary[0]).toMatchObject({ key: 'hkid', value: HKID });

    for (const reader of [approver, watcher]) {
      const timeline = await reader.client.get(`/api/submissions/${submissionId}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(timeline.body)).not.toContain(HKID);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '../models/workflow.ts';
import { checkFlowDefinition } from './check.ts';
import { simulate } from './simulate.ts';
import { leaveRequestFlow, purchaseRequestFlow } from './templates.ts';
import { company, FlowDriver } from './testing.ts';

const people = (ids: string[]) => ids.map((id) => ({ id, name: company().users[id]!.name }));

describe('leave request', () => {
  it('up to 3 days: only the direct manager', () => {
    const d = new FlowDriver(leaveRequestFlow());
    d.start('u-carol', { days: 3 });
    expect(d.pending()).toEqual(['u-bob']);
    d.approve('u-bob');
    expect(d.status).toBe('approved');
    expect(d.state!.tasks.filter((t) => t.kind === 'cc')).toEqual([]);
  });

  it('more than 3 days: the manager, then the department head, with the HR Manager in CC', () => {
    const d = new FlowDriver(leaveRequestFlow());
    d.start('u-carol', { days: 3.5 });
    expect(d.pending()).toEqual(['u-bob']);
    const events = d.approve('u-bob');
    expect(events).toContainEqual({ type: 'branch_taken', nodeId: 'length', branchId: 'over-3-days' });
    expect(d.pending()).toEqual(['u-whhead']);
    d.approve('u-whhead');
    expect(d.status).toBe('approved');
    expect(d.state!.tasks.filter((t) => t.kind === 'cc').map((t) => [t.nodeId, t.assigneeId])).toEqual([['hr', 'u-hrm']]);
  });

  it('simulates the same route', () => {
    expect(simulate(leaveRequestFlow(), { days: 5 }, 'u-carol', company()).steps.map((s) => [s.nodeId, s.users])).toEqual([
      ['manager', people(['u-bob'])],
      ['department-head', people(['u-whhead'])],
      ['hr', people(['u-hrm'])],
    ]);
  });

  it('fits the template form (days)', () => {
    expect(checkFlowDefinition(leaveRequestFlow(), { type: 'object', properties: { days: { type: 'number' } } }).ok).toBe(true);
  });
});

describe('purchase request', () => {
  it('up to 10,000: the department head alone', () => {
    const d = new FlowDriver(purchaseRequestFlow());
    d.start('u-alice', { total: 10000 });
    expect(d.pending()).toEqual(['u-whhead']);
    d.approve('u-whhead');
    expect(d.status).toBe('approved');
  });

  it('over 10,000: then the Finance Director and the Financial Controller both countersign', () => {
    const org = company();
    org.users['u-fd2']!.positions = []; // one Finance Director
    const d = new FlowDriver(purchaseRequestFlow(), org);
    d.start('u-alice', { total: 10000.01 });
    d.approve('u-whhead');
    expect(d.pending()).toEqual(['u-cfo', 'u-fc']);
    d.approve('u-fc');
    expect(d.status).toBe('pending');
    d.approve('u-cfo');
    expect(d.status).toBe('approved');
  });

  it('return and resubmit: a smaller amount skips finance the second time', () => {
    const d = new FlowDriver(purchaseRequestFlow());
    d.start('u-alice', { total: 50000 });
    d.approve('u-whhead');
    d.act({ type: 'return', taskId: d.task('u-fc').id, actorId: 'u-fc', comment: 'Split the order' });
    d.act({ type: 'resubmit', actorId: 'u-alice', data: { total: 9000 } });
    d.approve('u-whhead');
    expect(d.state).toMatchObject({ status: 'approved', round: 2 });
  });

  it('fits the template form (total) and takes another amount field when asked', () => {
    const schema = { type: 'object', properties: { total: { type: 'number' } } };
    expect(checkFlowDefinition(purchaseRequestFlow(), schema).ok).toBe(true);
    expect(checkFlowDefinition(purchaseRequestFlow('amount'), schema).ok).toBe(false);
  });
});

describe('docs/WORKFLOWS.md', () => {
  it('shows the two flows exactly as they ship', () => {
    const doc = readFileSync(new URL('../../../docs/WORKFLOWS.md', import.meta.url), 'utf8');
    const flows = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!)).filter((j) => j.version === 1);
    expect(flows.map((f) => FlowDefinition.parse(f))).toEqual([leaveRequestFlow(), purchaseRequestFlow()]);
  });
});

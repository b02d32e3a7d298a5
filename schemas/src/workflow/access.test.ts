import { describe, expect, it } from 'vitest';
import { availableActions, currentNodes, fieldAccessAt, openTasks, participants } from './access.ts';
import { flow, FlowDriver, name } from './testing.ts';

const def = flow(
  [
    { id: 'cc', type: 'cc', name: name('cc'), recipients: [{ kind: 'user', userId: 'u-hrm' }] },
    {
      id: 'p',
      type: 'parallel',
      branches: [
        {
          id: 'a',
          name: name('a'),
          nodes: [
            {
              id: 'fin',
              type: 'approval',
              name: name('Finance'),
              mode: 'all',
              approvers: [
                { kind: 'user', userId: 'u-cfo' },
                { kind: 'user', userId: 'u-fc' },
              ],
              fieldPermissions: { costCentre: 'editable', salary: 'hidden' },
            },
          ],
        },
        {
          id: 'b',
          name: name('b'),
          nodes: [
            {
              id: 'ops',
              type: 'approval',
              name: name('Ops'),
              mode: 'sequential',
              approvers: [
                { kind: 'user', userId: 'u-opshead' },
                { kind: 'user', userId: 'u-ceo' },
              ],
            },
          ],
        },
      ],
    },
  ],
  { submitterFieldPermissions: { costCentre: 'hidden', amount: 'readonly' } },
);

describe('field access', () => {
  const keys = ['amount', 'costCentre', 'salary', 'note'];

  it('for the submitter: as set, the rest editable', () => {
    expect(fieldAccessAt(def, null, keys)).toEqual({ amount: 'readonly', costCentre: 'hidden', salary: 'editable', note: 'editable' });
  });

  it('at an approval node: as set, the rest read-only', () => {
    expect(fieldAccessAt(def, 'fin', keys)).toEqual({ amount: 'readonly', costCentre: 'editable', salary: 'hidden', note: 'readonly' });
    expect(fieldAccessAt(def, 'ops', keys)).toEqual({ amount: 'readonly', costCentre: 'readonly', salary: 'readonly', note: 'readonly' });
  });

  it('at a cc node or an unknown one: everything read-only', () => {
    expect(Object.values(fieldAccessAt(def, 'cc', keys))).toEqual(['readonly', 'readonly', 'readonly', 'readonly']);
    expect(Object.values(fieldAccessAt(def, 'gone', keys))).toEqual(['readonly', 'readonly', 'readonly', 'readonly']);
  });
});

describe('flow helpers', () => {
  it('participants: the submitter, every assignee (past ones too) and cc recipient, once each', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    d.act({ type: 'transfer', taskId: d.task('u-cfo').id, actorId: 'u-cfo', userId: 'u-bob' });
    expect(participants(d.state!)).toEqual(['u-alice', 'u-hrm', 'u-cfo', 'u-fc', 'u-opshead', 'u-ceo', 'u-bob']);
  });

  it('openTasks: approval tasks pending or waiting, not cc notices or decided ones', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    d.approve('u-fc');
    expect(openTasks(d.state!).map((t) => [t.assigneeId, t.status])).toEqual([
      ['u-cfo', 'pending'],
      ['u-opshead', 'pending'],
      ['u-ceo', 'waiting'],
    ]);
  });

  it('currentNodes: the approval nodes in progress with their live tasks; none once the flow ended', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    d.approve('u-fc');
    d.act({ type: 'transfer', taskId: d.task('u-cfo').id, actorId: 'u-cfo', userId: 'u-bob' });
    const nodes = currentNodes(def, d.state!);
    expect(nodes.map((n) => [n.nodeId, n.name.en, n.mode, n.tasks.map((t) => [t.assigneeId, t.status])])).toEqual([
      [
        'fin',
        'Finance',
        'all',
        // u-bob holds u-cfo's place (first), u-cfo's handed-on task is left out.
        [
          ['u-bob', 'pending'],
          ['u-fc', 'approved'],
        ],
      ],
      [
        'ops',
        'Ops',
        'sequential',
        [
          ['u-opshead', 'pending'],
          ['u-ceo', 'waiting'],
        ],
      ],
    ]);
    d.act({ type: 'withdraw', actorId: 'u-alice' });
    expect(currentNodes(def, d.state!)).toEqual([]);
  });
});

describe('availableActions', () => {
  it('everything for the assignee of a pending approval task; nothing for anyone or anything else', () => {
    const d = new FlowDriver(def);
    d.start('u-alice');
    const all = ['approve', 'reject', 'return', 'transfer', 'addSigner'];
    const fin = d.task('u-cfo').id;
    expect(availableActions(d.state!, fin, 'u-cfo')).toEqual(all);
    expect(availableActions(d.state!, fin, 'u-fc')).toEqual([]);
    expect(availableActions(d.state!, d.task('u-ceo', 'waiting').id, 'u-ceo')).toEqual([]);
    expect(availableActions(d.state!, d.state!.tasks.find((t) => t.kind === 'cc')!.id, 'u-hrm')).toEqual([]);
    expect(availableActions(d.state!, 'nope', 'u-cfo')).toEqual([]);
    d.act({ type: 'withdraw', actorId: 'u-alice' });
    expect(availableActions(d.state!, fin, 'u-cfo')).toEqual([]);
  });
});

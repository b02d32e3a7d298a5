import { describe, expect, it } from 'vitest';
import { openTasks } from './access.ts';
import { flow, FlowDriver, name } from './testing.ts';
import { indexFlow } from './tree.ts';
import { FlowError, type FlowAction, type FlowState } from './types.ts';

/**
 * Random flows worked by random people, checked after every step for the properties the server
 * relies on: a pending flow always has someone to act (no deadlock), a finished one has nothing
 * open, and nobody holds two open tasks at one node. Seeded, so a failure replays exactly.
 */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PEOPLE = ['u-bob', 'u-cfo', 'u-fc', 'u-fd2', 'u-hrm', 'u-ceo', 'u-opshead', 'u-whhead', 'u-off'];

function randomFlow(rand: () => number) {
  let n = 0;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const source = () =>
    pick([
      () => ({ kind: 'user', userId: pick(PEOPLE) }),
      () => ({ kind: 'position', position: pick(['Finance Director', 'HR Manager', 'Nobody']) }),
      () => ({ kind: 'manager', level: 1 + Math.floor(rand() * 4) }),
      () => ({ kind: 'departmentHead' }),
    ])();
  const nodes = (depth: number): unknown[] =>
    Array.from({ length: Math.floor(rand() * 3) + (depth ? 0 : 1) }, () => {
      const id = `n${++n}`;
      const kind = depth < 2 ? rand() : rand() * 0.7;
      if (kind < 0.55)
        return {
          id,
          type: 'approval',
          name: name(id),
          approvers: Array.from({ length: 1 + Math.floor(rand() * 3) }, source),
          mode: pick(['any', 'all', 'sequential']),
          onEmpty: pick(['skip', 'admin']),
          timeLimit: rand() < 0.3 ? { remindAfterHours: 1, actAfterHours: 3, action: pick(['escalate', 'approve', 'reject']) } : undefined,
        };
      if (kind < 0.7) return { id, type: 'cc', name: name(id), recipients: [source()] };
      if (kind < 0.85)
        return {
          id,
          type: 'branch',
          branches: [
            { id: `${id}a`, name: name('a'), condition: { field: ['amount'], op: 'gt', value: 50 }, nodes: nodes(depth + 1) },
            { id: `${id}b`, name: name('b'), condition: null, nodes: nodes(depth + 1) },
          ],
        };
      return {
        id,
        type: 'parallel',
        branches: [
          { id: `${id}a`, name: name('a'), nodes: nodes(depth + 1) },
          { id: `${id}b`, name: name('b'), nodes: nodes(depth + 1) },
        ],
      };
    });
  return flow(nodes(0));
}

function checkInvariants(d: FlowDriver, state: FlowState) {
  const index = indexFlow(d.definition);
  const open = openTasks(state);
  expect(new Set(state.tasks.map((t) => t.id)).size).toBe(state.tasks.length);
  if (state.status !== 'pending') {
    expect(open).toEqual([]);
    expect(state.active).toEqual([]);
    expect(state.joined).toEqual({});
    return;
  }
  expect(open.some((t) => t.status === 'pending')).toBe(true);
  for (const task of open) {
    expect(task.round).toBe(state.round);
    expect(state.active).toContain(task.nodeId);
  }
  for (const id of state.active) {
    const node = index.get(id)!.node;
    if (node.type === 'approval') expect(open.some((t) => t.nodeId === id)).toBe(true);
    else expect(node.type === 'parallel' && Array.isArray(state.joined[id])).toBe(true);
  }
  const seats = open.map((t) => `${t.nodeId}/${t.assigneeId}`);
  expect(new Set(seats).size).toBe(seats.length);
}

function play(seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const d = new FlowDriver(randomFlow(rand));
  const trail: string[] = [];
  const act = (action: FlowAction) => {
    try {
      d.act(action);
      trail.push(action.type);
      checkInvariants(d, d.state!);
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      trail.push(`${action.type}:${err.code}`);
    }
  };
  act({ type: 'start', submitterId: pick(['u-alice', 'u-carol', 'u-fc']), data: { amount: rand() * 100 } });
  for (let i = 0; i < 60 && d.state && d.state.status !== 'approved' && d.state.status !== 'rejected'; i++) {
    const state = d.state;
    if (state.status === 'returned' || state.status === 'withdrawn') {
      if (state.status === 'withdrawn') break;
      act({ type: 'resubmit', actorId: state.submitterId, data: { amount: rand() * 100 } });
      continue;
    }
    const pending = state.tasks.filter((t) => t.kind === 'approve' && t.status === 'pending');
    const task = pick(pending);
    const r = rand();
    const base = { taskId: task.id, actorId: task.assigneeId };
    if (r < 0.55) act({ type: 'approve', ...base });
    else if (r < 0.6) act({ type: 'reject', ...base, comment: 'no' });
    else if (r < 0.65) act({ type: 'return', ...base, comment: 'again' });
    else if (r < 0.75) act({ type: 'transfer', ...base, userId: pick(PEOPLE) });
    else if (r < 0.9) act({ type: 'addSigner', ...base, userId: pick(PEOPLE), position: pick(['before', 'after'] as const) });
    else if (r < 0.92) act({ type: 'withdraw', actorId: state.submitterId });
    else {
      d.advance(pick([0.5, 1, 2, 3, 5]));
      act({ type: 'tick' });
    }
  }
  return { state: d.state, trail };
}

describe('invariants over random flows', () => {
  it('hold after every step of 400 random runs, and each run replays identically', () => {
    const outcomes: Record<string, number> = {};
    for (let seed = 1; seed <= 400; seed++) {
      const run = play(seed);
      outcomes[run.state?.status ?? 'refused'] = (outcomes[run.state?.status ?? 'refused'] ?? 0) + 1;
      if (seed % 40 === 0) expect(play(seed)).toEqual(run);
    }
    // The runs reach every ending (so the properties were checked along every kind of path).
    expect(Object.keys(outcomes).sort()).toEqual(['approved', 'pending', 'rejected', 'withdrawn'].filter((k) => outcomes[k]).sort());
    expect(outcomes.approved).toBeGreaterThan(50);
    expect(outcomes.rejected).toBeGreaterThan(10);
  });
});

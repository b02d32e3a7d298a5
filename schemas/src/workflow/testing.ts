import { FlowDefinition } from '../models/workflow.ts';
import { step } from './engine.ts';
import type { FlowAction, FlowEvent, FlowState, FlowTask, OrgSnapshot, OrgUser } from './types.ts';

/**
 * Test fixtures for the engine's tests (not exported from the package): a small company and a
 * driver that runs actions one after another the way the server does, with a clock and ids.
 *
 *   Company (d-co, head u-ceo)
 *   ├─ Operations (d-ops, head u-opshead)
 *   │   └─ Warehouse (d-wh, head u-whhead): u-alice, u-bob (manager u-whhead), u-carol (manager u-bob)
 *   ├─ Finance (d-fin, head u-cfo "Finance Director"): u-fc "Financial Controller", u-fd2 "finance director"
 *   └─ HR (d-hr, head u-hrm "HR Manager")
 *   u-admin, u-admin2 (admins, no department); u-off (disabled, "Finance Director")
 */
function user(id: string, fields: Partial<OrgUser> = {}): OrgUser {
  return {
    id,
    name: id.replace(/^u-/, '').toUpperCase(),
    role: 'member',
    departmentId: null,
    managerId: null,
    positions: [],
    disabled: false,
    ...fields,
  };
}

export function company(): OrgSnapshot {
  const users = [
    user('u-admin', { role: 'admin' }),
    user('u-admin2', { role: 'admin' }),
    user('u-ceo', { departmentId: 'd-co' }),
    user('u-opshead', { departmentId: 'd-ops', managerId: 'u-ceo' }),
    user('u-whhead', { departmentId: 'd-wh', managerId: 'u-opshead' }),
    user('u-alice', { departmentId: 'd-wh', managerId: 'u-whhead' }),
    user('u-bob', { departmentId: 'd-wh', managerId: 'u-whhead', positions: ['Picker'] }),
    user('u-carol', { departmentId: 'd-wh', managerId: 'u-bob' }),
    user('u-cfo', { departmentId: 'd-fin', managerId: 'u-ceo', positions: ['Finance Director'] }),
    user('u-fc', { departmentId: 'd-fin', managerId: 'u-cfo', positions: ['Financial Controller'] }),
    user('u-fd2', { departmentId: 'd-fin', managerId: 'u-cfo', positions: [' finance director '] }),
    user('u-hrm', { departmentId: 'd-hr', managerId: 'u-ceo', positions: ['HR Manager'] }),
    user('u-off', { departmentId: 'd-fin', managerId: 'u-cfo', positions: ['Finance Director'], disabled: true }),
  ];
  return {
    users: Object.fromEntries(users.map((u) => [u.id, u])),
    departments: {
      'd-co': { id: 'd-co', parentId: null, headUserId: 'u-ceo' },
      'd-ops': { id: 'd-ops', parentId: 'd-co', headUserId: 'u-opshead' },
      'd-wh': { id: 'd-wh', parentId: 'd-ops', headUserId: 'u-whhead' },
      'd-fin': { id: 'd-fin', parentId: 'd-co', headUserId: 'u-cfo' },
      'd-hr': { id: 'd-hr', parentId: 'd-co', headUserId: 'u-hrm' },
    },
  };
}

/** A flow as the editor would save it, defaults filled in by the model. */
export const flow = (nodes: unknown[], extra: Record<string, unknown> = {}): FlowDefinition =>
  FlowDefinition.parse({ version: 1, nodes, ...extra });

export const name = (en: string) => ({ en });

/** Runs a flow step by step with a clock (`advance`) and ids t1, t2, ... like the server would. */
export class FlowDriver {
  state: FlowState | null = null;
  events: FlowEvent[] = [];
  now = Date.parse('2026-03-02T01:00:00.000Z');
  private nextId = 0;

  constructor(
    readonly definition: FlowDefinition,
    readonly org: OrgSnapshot = company(),
  ) {}

  act(action: FlowAction): FlowEvent[] {
    const result = step(this.definition, this.state, action, this.org, {
      now: new Date(this.now).toISOString(),
      newId: () => `t${++this.nextId}`,
    });
    this.state = result.state;
    this.events = result.events;
    return result.events;
  }

  start(submitterId: string, data: Record<string, unknown> = {}) {
    return this.act({ type: 'start', submitterId, data });
  }

  advance(hours: number) {
    this.now += hours * 3_600_000;
    return this;
  }

  get status() {
    return this.state!.status;
  }

  /** The one pending approval task of a user (fails the test when there is none or several). */
  task(assigneeId: string, status: FlowTask['status'] = 'pending'): FlowTask {
    const found = this.state!.tasks.filter((t) => t.assigneeId === assigneeId && t.status === status && t.kind === 'approve');
    if (found.length !== 1) throw new Error(`Expected one ${status} task for ${assigneeId}, found ${found.length}.`);
    return found[0]!;
  }

  approve(assigneeId: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) {
    return this.act({ type: 'approve', taskId: this.task(assigneeId).id, actorId: assigneeId, ...extra });
  }

  /** Who has a pending approval task, sorted. */
  pending(): string[] {
    return this.state!.tasks.filter((t) => t.kind === 'approve' && t.status === 'pending')
      .map((t) => t.assigneeId)
      .sort();
  }

  tasksAt(nodeId: string): Array<[string, FlowTask['status']]> {
    return this.state!.tasks.filter((t) => t.nodeId === nodeId).map((t) => [t.assigneeId, t.status]);
  }
}

/** The `type`s of events, for asserting their order. */
export const types = (events: FlowEvent[]) => events.map((e) => e.type);

import type { ApprovalNode, FieldAccess, FlowDefinition, FlowText, SignMode } from '../models/workflow.ts';
import { isOpen } from './tasks.ts';
import { indexFlow, signMode } from './tree.ts';
import type { FlowState, FlowTask } from './types.ts';

/**
 * What each field is at a node: `nodeId` null is the submitter filling the form (fields not listed
 * are editable); at an approval node fields not listed are read-only. CC nodes (and ids not in the
 * flow) show every field read-only.
 */
export function fieldAccessAt(
  definition: FlowDefinition,
  nodeId: string | null,
  schemaKeys: readonly string[],
): Record<string, FieldAccess> {
  let permissions: Record<string, FieldAccess> = {};
  let fallback: FieldAccess = 'readonly';
  if (nodeId === null) {
    permissions = definition.submitterFieldPermissions ?? {};
    fallback = 'editable';
  } else {
    const node = indexFlow(definition).get(nodeId)?.node;
    if (node?.type === 'approval') permissions = node.fieldPermissions ?? {};
  }
  const out: Record<string, FieldAccess> = {};
  for (const key of schemaKeys) out[key] = Object.hasOwn(permissions, key) ? permissions[key]! : fallback;
  return out;
}

/**
 * Everyone who is part of the flow, and so may read the submission: the submitter, every assignee
 * of an approval task (decided, transferred or cancelled ones too) and every CC recipient, each once.
 */
export function participants(state: FlowState): string[] {
  return [...new Set([state.submitterId, ...state.tasks.map((t) => t.assigneeId)])];
}

/** The approval tasks still to be decided, pending or waiting for their turn (CC notices are not). */
export function openTasks(state: FlowState): FlowTask[] {
  return state.tasks.filter(isOpen);
}

export interface NodeInProgress {
  nodeId: string;
  name: FlowText;
  mode: SignMode;
  node: ApprovalNode;
  /** The node's tasks this round, in order, without the ones handed on (transferred) or cancelled. */
  tasks: FlowTask[];
}

/** The approval nodes in progress, in the order they started (several when parallel branches run). */
export function currentNodes(definition: FlowDefinition, state: FlowState): NodeInProgress[] {
  if (state.status !== 'pending') return [];
  const index = indexFlow(definition);
  const out: NodeInProgress[] = [];
  for (const nodeId of state.active) {
    const node = index.get(nodeId)?.node;
    if (node?.type !== 'approval') continue;
    const tasks = state.tasks
      .filter(
        (t) =>
          t.nodeId === nodeId && t.round === state.round && t.kind === 'approve' && t.status !== 'transferred' && t.status !== 'cancelled',
      )
      .sort((a, b) => a.order - b.order);
    out.push({ nodeId, name: node.name, mode: signMode(node), node, tasks });
  }
  return out;
}

/** What a person may do with a task now: everything when it is theirs, pending and an approval; else nothing. */
export type FlowTaskAction = 'approve' | 'reject' | 'return' | 'transfer' | 'addSigner';
const ALL_ACTIONS: readonly FlowTaskAction[] = ['approve', 'reject', 'return', 'transfer', 'addSigner'];

export function availableActions(state: FlowState, taskId: string, userId: string): FlowTaskAction[] {
  const task = state.tasks.find((t) => t.id === taskId);
  const mine = task && task.assigneeId === userId && task.kind === 'approve' && task.status === 'pending' && state.status === 'pending';
  return mine ? [...ALL_ACTIONS] : [];
}

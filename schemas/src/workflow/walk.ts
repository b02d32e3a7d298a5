import type { ApprovalNode, CcNode, FlowDefinition, FlowNode } from '../models/workflow.ts';
import { chooseBranch } from './conditions.ts';
import { resolveAdmin, resolveSources, type ResolveContext } from './resolve.ts';
import { activateReady, cancelTask, createTask, isNodeDone, isOpen, nodeTasks, setStatus, type Run } from './tasks.ts';
import { approvalNode, emptyPolicy, locate, signMode, type BlockBranch } from './tree.ts';
import { FlowError } from './types.ts';

/**
 * Moving through the flow: entering nodes from the top, and going on below a node once it is done.
 * A list "blocks" at an approval node that has tasks; it is "done" when it ran off its end.
 */
type ListOutcome = 'done' | 'blocked';

const resolveContext = (run: Run): ResolveContext => ({ org: run.org, submitterId: run.state.submitterId, data: run.state.data });

/**
 * Who an approval node goes to, after its empty-approver policy: `toAdmin` when its approvers
 * resolved to nobody and an admin takes it; `error` when an `error` node resolved to nobody at a
 * start (the action is refused).
 */
export function approversOf(definition: FlowDefinition, ctx: ResolveContext, node: ApprovalNode, starting: boolean) {
  const users = resolveSources(node.approvers, ctx, { dropSubmitter: true });
  const policy = emptyPolicy(node);
  if (users.length || policy === 'skip') return { users, toAdmin: false, error: false };
  if (policy === 'error' && starting) return { users, toAdmin: false, error: true };
  const admin = resolveAdmin(definition, ctx.org, ctx.submitterId);
  return { users: admin ? [admin] : [], toAdmin: admin !== null, error: false };
}

function enterApproval(run: Run, node: ApprovalNode): ListOutcome {
  const { users, toAdmin, error } = approversOf(run.definition, resolveContext(run), node, run.starting);
  if (error)
    throw new FlowError(
      'approver_not_found',
      `Nobody can approve "${node.name.en}" for this submission (no one fits its approvers), so it cannot be submitted. Ask an administrator to fix the organization chart or the flow.`,
      node.id,
    );
  if (!users.length) {
    run.events.push({ type: 'skipped', nodeId: node.id, reason: 'no_approver', policy: emptyPolicy(node) });
    return 'done';
  }
  if (toAdmin)
    run.events.push({ type: 'given_to_admin', nodeId: node.id, adminId: users[0]!, policy: emptyPolicy(node) as 'admin' | 'error' });
  users.forEach((assigneeId, i) =>
    createTask(run, {
      nodeId: node.id,
      kind: 'approve',
      assigneeId,
      order: i + 1,
      status: signMode(node) === 'sequential' && i > 0 ? 'waiting' : 'pending',
    }),
  );
  run.state.active.push(node.id);
  return 'blocked';
}

function enterCc(run: Run, node: CcNode): void {
  const users = resolveSources(node.recipients, resolveContext(run), { dropSubmitter: false });
  if (!users.length) return;
  users.forEach((assigneeId, i) => createTask(run, { nodeId: node.id, kind: 'cc', assigneeId, order: i + 1, status: 'pending' }));
  run.events.push({ type: 'cc', nodeId: node.id, userIds: users });
}

function enterNode(run: Run, node: FlowNode): ListOutcome {
  switch (node.type) {
    case 'approval':
      return enterApproval(run, node);
    case 'cc':
      enterCc(run, node);
      return 'done';
    case 'branch': {
      const branch = chooseBranch(node.branches, resolveContext(run));
      run.events.push({ type: 'branch_taken', nodeId: node.id, branchId: branch.id });
      return enterList(run, branch.nodes, 0);
    }
    case 'parallel': {
      // Every branch starts now; the block waits in `active` until each has finished.
      const joined: string[] = [];
      run.state.joined[node.id] = joined;
      for (const branch of node.branches) if (enterList(run, branch.nodes, 0) === 'done') joined.push(branch.id);
      if (joined.length === node.branches.length) {
        delete run.state.joined[node.id];
        return 'done';
      }
      run.state.active.push(node.id);
      return 'blocked';
    }
  }
}

function enterList(run: Run, list: readonly FlowNode[], from: number): ListOutcome {
  for (let i = from; i < list.length; i++) if (enterNode(run, list[i]!) === 'blocked') return 'blocked';
  return 'done';
}

/** Enters the flow from the top (start and resubmission); approved at once when nothing blocks. */
export function enterFromTop(run: Run): void {
  run.starting = true;
  const outcome = enterList(run, run.definition.nodes, 0);
  run.starting = false;
  if (outcome === 'done') setStatus(run, 'approved');
}

/** A list ran off its end: go on below the block holding it, join a parallel branch, or finish the flow. */
function finishList(run: Run, container: BlockBranch | null): void {
  if (!container) return setStatus(run, 'approved');
  const { block, branchId } = container;
  if (block.type === 'branch') return continueAfter(run, block.id);
  const joined = (run.state.joined[block.id] ??= []);
  if (!joined.includes(branchId)) joined.push(branchId);
  if (joined.length < block.branches.length) return;
  delete run.state.joined[block.id];
  run.state.active = run.state.active.filter((id) => id !== block.id);
  run.events.push({ type: 'node_completed', nodeId: block.id });
  continueAfter(run, block.id);
}

function continueAfter(run: Run, nodeId: string): void {
  const at = locate(run.definition, nodeId);
  if (enterList(run, at.list, at.index + 1) === 'done') finishList(run, at.container);
}

/**
 * After a decision at an approval node: when the node has its decision, cancel what is left of it
 * and go on below; otherwise hand the turn to whoever is next.
 */
export function settleNode(run: Run, nodeId: string): void {
  if (run.state.status !== 'pending') return;
  const node = approvalNode(run.definition, nodeId);
  const tasks = nodeTasks(run.state, nodeId);
  if (!isNodeDone(node, tasks)) return activateReady(run, node);
  for (const task of tasks) if (isOpen(task)) cancelTask(run, task);
  run.state.active = run.state.active.filter((id) => id !== nodeId);
  run.events.push({ type: 'node_completed', nodeId });
  continueAfter(run, nodeId);
}

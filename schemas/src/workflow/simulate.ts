import type { FlowDefinition, FlowNode, SimulateResult } from '../models/workflow.ts';
import { chooseBranch } from './conditions.ts';
import { resolveSources, type ResolveContext } from './resolve.ts';
import { emptyPolicy, signMode } from './tree.ts';
import { approversOf } from './walk.ts';
import { FlowError, type OrgSnapshot } from './types.ts';

type Step = SimulateResult['steps'][number];
type Via = Step['via'];

interface Walk {
  definition: FlowDefinition;
  ctx: ResolveContext;
  steps: Step[];
  error: SimulateResult['error'];
}

/**
 * The route a submission would take if every approver approved: each approval and CC step in
 * order with the people it resolves to today, the branches chosen on the way, and the parallel
 * branch a step runs in. Resolution and empty-approver policies are the engine's own (walk.ts), so
 * the editor shows what `step` will do: an `error` node with nobody is an error when the flow
 * would reach it at the start (the submission is refused), and goes to an admin when reached later.
 * After an error the walk goes on, so the editor still shows the rest of the route.
 */
export function simulate(definition: FlowDefinition, data: Record<string, unknown>, submitterId: string, org: OrgSnapshot): SimulateResult {
  if (!org.users[submitterId]) throw new FlowError('unknown_user', `There is no user with id "${submitterId}".`);
  const walk: Walk = { definition, ctx: { org, submitterId, data }, steps: [], error: null };
  walkList(walk, definition.nodes, [], null, false);
  return { steps: walk.steps, error: walk.error };
}

const named = (org: OrgSnapshot, ids: string[]) => ids.map((id) => ({ id, name: org.users[id]?.name ?? id }));

/** Walks a list; returns whether an approval step with people came first (the flow waits there at the start). */
function walkList(walk: Walk, list: readonly FlowNode[], via: Via, parallel: Step['parallel'], blocked: boolean): boolean {
  for (const node of list) blocked = walkNode(walk, node, via, parallel, blocked);
  return blocked;
}

function walkNode(walk: Walk, node: FlowNode, via: Via, parallel: Step['parallel'], blocked: boolean): boolean {
  const { org } = walk.ctx;
  switch (node.type) {
    case 'approval': {
      const { users, error } = approversOf(walk.definition, walk.ctx, node, !blocked);
      const nobody = resolveSources(node.approvers, walk.ctx, { dropSubmitter: true }).length === 0;
      if (error && !walk.error)
        walk.error = {
          code: 'approver_not_found',
          message: `Nobody can approve "${node.name.en}" for this submitter, and the step is set to stop the submission when that happens.`,
          nodeId: node.id,
        };
      walk.steps.push({
        nodeId: node.id,
        type: 'approval',
        name: node.name,
        mode: signMode(node),
        users: named(org, users),
        empty: nobody ? emptyPolicy(node) : null,
        parallel,
        via,
      });
      return blocked || users.length > 0;
    }
    case 'cc': {
      const users = resolveSources(node.recipients, walk.ctx, { dropSubmitter: false });
      walk.steps.push({
        nodeId: node.id,
        type: 'cc',
        name: node.name,
        mode: null,
        users: named(org, users),
        empty: users.length ? null : 'skip',
        parallel,
        via,
      });
      return blocked;
    }
    case 'branch': {
      const branch = chooseBranch(node.branches, walk.ctx);
      return walkList(walk, branch.nodes, [...via, { nodeId: node.id, branchId: branch.id }], parallel, blocked);
    }
    case 'parallel': {
      let anyBlocked = blocked;
      for (const branch of node.branches)
        if (walkList(walk, branch.nodes, via, { nodeId: node.id, branchId: branch.id }, blocked)) anyBlocked = true;
      return anyBlocked;
    }
  }
}

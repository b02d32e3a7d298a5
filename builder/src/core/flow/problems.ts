/**
 * Problems of a flow, by the node or branch they belong to, so the canvas can mark the card and the
 * panel the control. Paths come from checkFlowDefinition (`['nodes', 1, 'approvers', 0, 'userId']`)
 * or from the server's 422 invalid_workflow details (`"workflow.nodes.1.approvers.0.userId"`).
 */
import { checkFlowDefinition, type FlowDefinition, type FlowNode } from '@formloom/schemas';
import { isBlock } from './tree.ts';

/** Problems not inside any node (the submitter's field permissions) are filed under this key. */
export const SUBMITTER_KEY = '@submitter';

export interface FlowIssue {
  /** The path below the node or branch, e.g. `['approvers', 0, 'userId']`. */
  at: (string | number)[];
  message: string;
}

export type FlowIssues = ReadonlyMap<string, FlowIssue[]>;

/** `"workflow.nodes.1.approvers.0"` → `['nodes', 1, 'approvers', 0]`. */
export function parseIssuePath(path: string): (string | number)[] {
  const parts = path.split('.').filter((p) => p !== '');
  if (parts[0] === 'workflow') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The innermost node or branch a path points into, and what is left of the path below it. */
export function ownerOf(flow: FlowDefinition, path: readonly (string | number)[]): { id: string; at: (string | number)[] } {
  let owner = SUBMITTER_KEY;
  let rest: (string | number)[] = [...path];
  let list: readonly FlowNode[] | undefined = flow.nodes;
  let i = 0;
  while (list && path[i] === 'nodes' && typeof path[i + 1] === 'number') {
    const node: FlowNode | undefined = list[path[i + 1] as number];
    if (!node) break;
    owner = node.id;
    rest = path.slice(i + 2);
    i += 2;
    list = undefined;
    if (isBlock(node) && path[i] === 'branches' && typeof path[i + 1] === 'number') {
      const branch: { id: string; nodes: FlowNode[] } | undefined = node.branches[path[i + 1] as number];
      if (!branch) break;
      owner = branch.id;
      rest = path.slice(i + 2);
      i += 2;
      list = branch.nodes;
    }
  }
  return { id: owner, at: rest };
}

export function groupIssues(flow: FlowDefinition, problems: readonly { path: (string | number)[]; message: string }[]): FlowIssues {
  const byOwner = new Map<string, FlowIssue[]>();
  for (const problem of problems) {
    const { id, at } = ownerOf(flow, problem.path);
    const list = byOwner.get(id) ?? [];
    list.push({ at, message: problem.message });
    byOwner.set(id, list);
  }
  return byOwner;
}

/** What the flow still lacks, checked against the form's compiled schema; empty when it can be saved. */
export function flowIssues(flow: FlowDefinition, formSchema: Record<string, unknown>): FlowIssues {
  const check = checkFlowDefinition(flow, formSchema);
  return check.ok ? new Map() : groupIssues(flow, check.problems);
}

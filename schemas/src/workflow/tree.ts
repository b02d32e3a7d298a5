import type {
  ApprovalNode,
  BranchNode,
  EmptyApproverPolicy,
  FlowDefinition,
  FlowNode,
  FlowText,
  ParallelNode,
  SignMode,
} from '../models/workflow.ts';

/** A branch of a condition or parallel block: where a list of nodes lives inside the flow. */
export interface BlockBranch {
  block: BranchNode | ParallelNode;
  branchId: string;
}

/** Where a node sits: its list, its place in it, and the blocks around it (outermost first). */
export interface NodeLocation {
  node: FlowNode;
  list: readonly FlowNode[];
  index: number;
  /** The branch whose list holds the node; null for the flow's top list. */
  container: BlockBranch | null;
  ancestors: BlockBranch[];
}

const indexes = new WeakMap<FlowDefinition, Map<string, NodeLocation>>();

function indexList(list: readonly FlowNode[], ancestors: BlockBranch[], out: Map<string, NodeLocation>): void {
  for (const [index, node] of list.entries()) {
    out.set(node.id, { node, list, index, container: ancestors.at(-1) ?? null, ancestors });
    if (node.type === 'branch' || node.type === 'parallel')
      for (const branch of node.branches) indexList(branch.nodes, [...ancestors, { block: node, branchId: branch.id }], out);
  }
}

/** Every node of a flow by id (ids are unique within a flow: checkFlowDefinition enforces it). */
export function indexFlow(definition: FlowDefinition): Map<string, NodeLocation> {
  let index = indexes.get(definition);
  if (!index) {
    index = new Map();
    indexList(definition.nodes, [], index);
    indexes.set(definition, index);
  }
  return index;
}

export function locate(definition: FlowDefinition, nodeId: string): NodeLocation {
  const at = indexFlow(definition).get(nodeId);
  if (!at) throw new Error(`The flow has no node "${nodeId}" (the state does not belong to this definition).`);
  return at;
}

export function approvalNode(definition: FlowDefinition, nodeId: string): ApprovalNode {
  const node = locate(definition, nodeId).node;
  if (node.type !== 'approval') throw new Error(`Node "${nodeId}" is a ${node.type} node, not an approval node.`);
  return node;
}

/** The display name of a node (branch and parallel blocks may have none: their id stands in). */
export function nodeText(node: FlowNode): FlowText {
  return node.name ?? { en: node.id };
}

/*
 * A node's settings with the model's defaults, for definitions that did not go through the model
 * (JSON stored without them, or written by hand): or-sign, and skip when nobody resolves.
 */
export const signMode = (node: ApprovalNode): SignMode => node.mode ?? 'any';
export const emptyPolicy = (node: ApprovalNode): EmptyApproverPolicy => node.onEmpty ?? 'skip';

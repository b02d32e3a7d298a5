/**
 * Pure edits of an approval flow (FlowDefinition): add, remove and move nodes, add, remove and
 * move branches, change a node or a branch. Like the form tree, a flow is immutable: an edit copies
 * the path from the root to what it changes and keeps every untouched node by identity.
 *
 * A flow held by the designer may be unfinished (an approval node without approvers, a condition
 * branch with no condition yet): these functions keep its shape, checkFlowDefinition says what is
 * missing, and the draft carries the flow to the server only once it is complete.
 */
import type { BranchNode, ConditionBranch, FlowDefinition, FlowNode, FlowText, ParallelBranch, ParallelNode } from '@formloom/schemas';
import { DesignerError } from '../errors.ts';

/** A list of nodes: the flow's own (null) or one branch's of a branch or parallel block. */
export type FlowParent = { nodeId: string; branchId: string } | null;
/** A place between nodes: where a "+" inserts. */
export interface FlowSlot {
  parent: FlowParent;
  index: number;
}
export type FlowBlock = BranchNode | ParallelNode;
export type FlowNodeKind = FlowNode['type'];

/** An unfinished condition: no rows yet. The branch card asks for one; the flow is not saved until it has. */
export const EMPTY_CONDITION = { all: [] } as unknown as NonNullable<ConditionBranch['condition']>;

export const isBlock = (node: FlowNode): node is FlowBlock => node.type === 'branch' || node.type === 'parallel';

export function emptyFlow(): FlowDefinition {
  return { version: 1, nodes: [], submitterFieldPermissions: {} };
}

const sameParent = (a: FlowParent, b: FlowParent) =>
  a === null ? b === null : b !== null && a.nodeId === b.nodeId && a.branchId === b.branchId;

/**
 * Rebuilds the lists of nodes bottom-up, calling `edit` on each with where it sits; `edit` returns
 * the same array when it changes nothing, so untouched subtrees keep their identity.
 */
function rewrite(list: FlowNode[], parent: FlowParent, edit: (list: FlowNode[], parent: FlowParent) => FlowNode[]): FlowNode[] {
  let changed = false;
  const inner = list.map((node) => {
    if (!isBlock(node)) return node;
    let branchesChanged = false;
    const branches = (node.branches as (ConditionBranch | ParallelBranch)[]).map((branch) => {
      const nodes = rewrite(branch.nodes, { nodeId: node.id, branchId: branch.id }, edit);
      if (nodes === branch.nodes) return branch;
      branchesChanged = true;
      return { ...branch, nodes };
    });
    if (!branchesChanged) return node;
    changed = true;
    return { ...node, branches } as FlowNode;
  });
  return edit(changed ? inner : list, parent);
}

function withNodes(flow: FlowDefinition, nodes: FlowNode[]): FlowDefinition {
  return nodes === flow.nodes ? flow : { ...flow, nodes };
}

/** Where a node is: its list, its index there and the JSON path checkFlowDefinition reports. */
export interface FlowNodeLocation {
  node: FlowNode;
  parent: FlowParent;
  index: number;
  siblings: readonly FlowNode[];
  path: (string | number)[];
}

export function locateFlowNode(flow: FlowDefinition, id: string): FlowNodeLocation | undefined {
  const go = (list: FlowNode[], parent: FlowParent, path: (string | number)[]): FlowNodeLocation | undefined => {
    for (const [index, node] of list.entries()) {
      const at = [...path, index];
      if (node.id === id) return { node, parent, index, siblings: list, path: at };
      if (isBlock(node))
        for (const [b, branch] of node.branches.entries()) {
          const found = go(branch.nodes, { nodeId: node.id, branchId: branch.id }, [...at, 'branches', b, 'nodes']);
          if (found) return found;
        }
    }
    return undefined;
  };
  return go(flow.nodes, null, ['nodes']);
}

function mustLocate(flow: FlowDefinition, id: string): FlowNodeLocation {
  const found = locateFlowNode(flow, id);
  if (!found) throw new DesignerError('unknown_field', `There is no node "${id}" in this flow.`);
  return found;
}

function mustBlock(flow: FlowDefinition, id: string): FlowBlock {
  const { node } = mustLocate(flow, id);
  if (!isBlock(node)) throw new DesignerError('not_a_container', `"${id}" is not a branch block.`);
  return node;
}

/** Every node and branch id in the flow (new ones must differ from all of them). */
export function flowIds(flow: FlowDefinition): Set<string> {
  const ids = new Set<string>();
  const go = (list: FlowNode[]) => {
    for (const node of list) {
      ids.add(node.id);
      if (isBlock(node))
        for (const branch of node.branches) {
          ids.add(branch.id);
          go(branch.nodes);
        }
    }
  };
  go(flow.nodes);
  return ids;
}

/** Makes ids unique within the flow: `approval-3`, `branch-7`... */
export function flowIdMaker(flow: FlowDefinition): (prefix: string) => string {
  const taken = flowIds(flow);
  return (prefix) => {
    for (let n = 1; ; n++) {
      const id = `${prefix}-${n}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
}

/** Default names, in both languages the product speaks. */
export const FLOW_NAMES = {
  approval: { en: 'Approval', 'zh-Hant': '審批人' },
  cc: { en: 'CC', 'zh-Hant': '抄送人' },
  condition: (n: number): FlowText => ({ en: `Condition ${n}`, 'zh-Hant': `條件 ${n}` }),
  otherwise: { en: 'Otherwise', 'zh-Hant': '其他情況' },
  parallel: (n: number): FlowText => ({ en: `Branch ${n}`, 'zh-Hant': `分支 ${n}` }),
} as const;

/**
 * A new node of a kind, with the defaults people start from: an approval goes to the direct
 * manager (any one of them may decide); a CC node and a condition start empty, to be filled in.
 */
export function createFlowNode(kind: FlowNodeKind, newId: (prefix: string) => string): FlowNode {
  switch (kind) {
    case 'approval':
      return {
        id: newId('approval'),
        type: 'approval',
        name: { ...FLOW_NAMES.approval },
        approvers: [{ kind: 'manager', level: 1 }],
        mode: 'any',
        onEmpty: 'skip',
        fieldPermissions: {},
      };
    case 'cc':
      return { id: newId('cc'), type: 'cc', name: { ...FLOW_NAMES.cc }, recipients: [] };
    case 'branch':
      return {
        id: newId('branch'),
        type: 'branch',
        branches: [
          { id: newId('condition'), name: FLOW_NAMES.condition(1), condition: EMPTY_CONDITION, nodes: [] },
          { id: newId('otherwise'), name: { ...FLOW_NAMES.otherwise }, condition: null, nodes: [] },
        ],
      };
    case 'parallel':
      return {
        id: newId('parallel'),
        type: 'parallel',
        branches: [
          { id: newId('lane'), name: FLOW_NAMES.parallel(1), nodes: [] },
          { id: newId('lane'), name: FLOW_NAMES.parallel(2), nodes: [] },
        ],
      };
    default:
      throw new DesignerError('invalid_command', `"${String(kind)}" is not a kind of flow node.`);
  }
}

function checkParent(flow: FlowDefinition, parent: FlowParent): void {
  if (parent === null) return;
  const block = mustBlock(flow, parent.nodeId);
  if (!block.branches.some((b) => b.id === parent.branchId))
    throw new DesignerError('not_a_container', `The block "${parent.nodeId}" has no branch "${parent.branchId}".`);
}

export function insertFlowNode(flow: FlowDefinition, slot: FlowSlot, node: FlowNode): FlowDefinition {
  checkParent(flow, slot.parent);
  const taken = flowIds(flow);
  const incoming = [...flowIds({ ...flow, nodes: [node] })];
  const clash = incoming.find((id) => taken.has(id));
  if (clash) throw new DesignerError('invalid_command', `The id "${clash}" is already used in this flow.`);
  return withNodes(
    flow,
    rewrite(flow.nodes, null, (list, parent) => {
      if (!sameParent(parent, slot.parent)) return list;
      if (!Number.isInteger(slot.index) || slot.index < 0 || slot.index > list.length)
        throw new DesignerError('invalid_index', `There is no place ${slot.index} in a list of ${list.length}.`);
      return [...list.slice(0, slot.index), node, ...list.slice(slot.index)];
    }),
  );
}

export function removeFlowNode(flow: FlowDefinition, id: string): FlowDefinition {
  mustLocate(flow, id);
  return withNodes(
    flow,
    rewrite(flow.nodes, null, (list) => (list.some((n) => n.id === id) ? list.filter((n) => n.id !== id) : list)),
  );
}

/** Moves a node one place up (-1) or down (+1) within its list. */
export function moveFlowNode(flow: FlowDefinition, id: string, delta: -1 | 1): FlowDefinition {
  const { index, siblings } = mustLocate(flow, id);
  const to = index + delta;
  if (to < 0 || to >= siblings.length) throw new DesignerError('at_boundary', 'The node is already at the end of its list.');
  return withNodes(
    flow,
    rewrite(flow.nodes, null, (list) => {
      if (list !== siblings && !list.some((n) => n.id === id)) return list;
      const next = list.slice();
      [next[index], next[to]] = [next[to]!, next[index]!];
      return next;
    }),
  );
}

/** Replaces a node with `update(node)`; the id and type stay what they were. */
export function updateFlowNode<T extends FlowNode>(flow: FlowDefinition, id: string, update: (node: T) => T): FlowDefinition {
  mustLocate(flow, id);
  return withNodes(
    flow,
    rewrite(flow.nodes, null, (list) => {
      const i = list.findIndex((n) => n.id === id);
      if (i < 0) return list;
      const current = list[i]!;
      const next = { ...update(current as T), id: current.id, type: current.type } as FlowNode;
      const copy = list.slice();
      copy[i] = next;
      return copy;
    }),
  );
}

type AnyBranch = ConditionBranch | ParallelBranch;

function withBranches(flow: FlowDefinition, blockId: string, change: (branches: AnyBranch[], block: FlowBlock) => AnyBranch[]) {
  return updateFlowNode<FlowBlock>(flow, blockId, (block) => ({ ...block, branches: change(block.branches, block) }) as FlowBlock);
}

/** The number of branches a block may hold (the model's limits). */
export const BRANCH_LIMITS = { branch: 20, parallel: 10 } as const;

/**
 * Adds a branch: a condition branch goes just above "Otherwise" (which stays last), a parallel
 * branch at the end. Returns the flow and the new branch's id.
 */
export function addFlowBranch(flow: FlowDefinition, blockId: string): { flow: FlowDefinition; id: string } {
  const block = mustBlock(flow, blockId);
  if (block.branches.length >= BRANCH_LIMITS[block.type])
    throw new DesignerError('invalid_command', `A block has at most ${BRANCH_LIMITS[block.type]} branches.`);
  const newId = flowIdMaker(flow);
  const n = block.branches.length;
  if (block.type === 'branch') {
    const id = newId('condition');
    const branch: ConditionBranch = { id, name: FLOW_NAMES.condition(n), condition: EMPTY_CONDITION, nodes: [] };
    return { flow: withBranches(flow, blockId, (bs) => [...bs.slice(0, -1), branch, ...bs.slice(-1)]), id };
  }
  const id = newId('lane');
  return { flow: withBranches(flow, blockId, (bs) => [...bs, { id, name: FLOW_NAMES.parallel(n + 1), nodes: [] }]), id };
}

/**
 * Removes a branch. "Otherwise" cannot be removed (the flow needs somewhere to go when nothing
 * matches). With two branches left the block has no choice to make: it dissolves and the branch
 * that remains keeps its nodes in the block's place.
 */
export function removeFlowBranch(flow: FlowDefinition, blockId: string, branchId: string): FlowDefinition {
  const block = mustBlock(flow, blockId);
  const index = block.branches.findIndex((b) => b.id === branchId);
  if (index < 0) throw new DesignerError('not_a_container', `The block "${blockId}" has no branch "${branchId}".`);
  if (block.type === 'branch' && index === block.branches.length - 1)
    throw new DesignerError('invalid_command', 'The "Otherwise" branch is taken when no condition matches; it cannot be removed.');
  if (block.branches.length > 2) return withBranches(flow, blockId, (bs) => bs.filter((b) => b.id !== branchId));
  const kept = block.branches[1 - index]!.nodes;
  return withNodes(
    flow,
    rewrite(flow.nodes, null, (list) => {
      const i = list.findIndex((n) => n.id === blockId);
      return i < 0 ? list : [...list.slice(0, i), ...kept, ...list.slice(i + 1)];
    }),
  );
}

/** Moves a branch left (-1) or right (+1); condition branches are checked in this order. */
export function moveFlowBranch(flow: FlowDefinition, blockId: string, branchId: string, delta: -1 | 1): FlowDefinition {
  const block = mustBlock(flow, blockId);
  const index = block.branches.findIndex((b) => b.id === branchId);
  if (index < 0) throw new DesignerError('not_a_container', `The block "${blockId}" has no branch "${branchId}".`);
  const movable = block.type === 'branch' ? block.branches.length - 1 : block.branches.length; // "Otherwise" stays last
  const to = index + delta;
  if (index >= movable || to < 0 || to >= movable) throw new DesignerError('at_boundary', 'The branch cannot move further that way.');
  return withBranches(flow, blockId, (bs) => {
    const next = bs.slice();
    [next[index], next[to]] = [next[to]!, next[index]!];
    return next;
  });
}

export function updateFlowBranch<T extends AnyBranch>(flow: FlowDefinition, blockId: string, branchId: string, update: (b: T) => T) {
  const block = mustBlock(flow, blockId);
  if (!block.branches.some((b) => b.id === branchId))
    throw new DesignerError('not_a_container', `The block "${blockId}" has no branch "${branchId}".`);
  return withBranches(flow, blockId, (bs) => bs.map((b) => (b.id === branchId ? { ...update(b as T), id: b.id } : b)));
}

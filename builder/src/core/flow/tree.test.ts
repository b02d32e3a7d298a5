import { describe, expect, it } from 'vitest';
import { checkFlowDefinition, type BranchNode, type FlowDefinition, type FlowNode } from '@formloom/schemas';
import { createDesignerStore } from '../store.ts';
import { emptyDoc } from '../tree.ts';
import {
  EMPTY_CONDITION,
  addFlowBranch,
  createFlowNode,
  emptyFlow,
  flowIdMaker,
  flowIds,
  insertFlowNode,
  locateFlowNode,
  moveFlowBranch,
  moveFlowNode,
  removeFlowBranch,
  removeFlowNode,
  updateFlowBranch,
  updateFlowNode,
} from './tree.ts';
import { flowIssues, ownerOf, parseIssuePath, SUBMITTER_KEY } from './problems.ts';

const schema = { type: 'object', properties: { days: { type: 'number' }, approver: { type: 'string' } } };

/** Builds a flow: approval, a branch block with an approval in its first branch, a CC. */
function sample(): FlowDefinition {
  let flow = emptyFlow();
  const id = flowIdMaker(flow);
  flow = insertFlowNode(flow, { parent: null, index: 0 }, createFlowNode('approval', id));
  flow = insertFlowNode(flow, { parent: null, index: 1 }, createFlowNode('branch', id));
  const block = flow.nodes[1] as BranchNode;
  flow = insertFlowNode(flow, { parent: { nodeId: block.id, branchId: block.branches[0]!.id }, index: 0 }, createFlowNode('approval', id));
  flow = insertFlowNode(flow, { parent: null, index: 2 }, createFlowNode('cc', id));
  return flow;
}

const names = (nodes: readonly FlowNode[]) => nodes.map((n) => n.id);

describe('flow tree edits', () => {
  it('creates each kind of node with unique ids and the expected defaults', () => {
    const flow = sample();
    expect(names(flow.nodes)).toEqual(['approval-1', 'branch-1', 'cc-1']);
    const block = flow.nodes[1] as BranchNode;
    expect(block.branches.map((b) => b.condition)).toEqual([EMPTY_CONDITION, null]);
    expect(names(block.branches[0]!.nodes)).toEqual(['approval-2']);
    expect(flow.nodes[0]).toMatchObject({ approvers: [{ kind: 'manager', level: 1 }], mode: 'any', onEmpty: 'skip' });
    const parallel = createFlowNode('parallel', flowIdMaker(flow));
    expect(parallel.type === 'parallel' && parallel.branches.length).toBe(2);
    expect(flowIds(flow).size).toBe(6);
  });

  it('is incomplete until the condition and the CC recipients are set, then checks clean', () => {
    let flow = sample();
    const issues = flowIssues(flow, schema);
    expect([...issues.keys()].sort()).toEqual(['cc-1', 'condition-1']);
    const block = flow.nodes[1] as BranchNode;
    flow = updateFlowBranch(flow, block.id, block.branches[0]!.id, (b) => ({
      ...b,
      condition: { all: [{ field: ['days'], op: 'gt', value: 3 }] },
    }));
    flow = updateFlowNode(flow, 'cc-1', (n) => ({ ...n, recipients: [{ kind: 'position', position: 'HR' }] }));
    expect(flowIssues(flow, schema).size).toBe(0);
    expect(checkFlowDefinition(flow, schema).ok).toBe(true);
  });

  it('keeps untouched nodes by identity', () => {
    const flow = sample();
    const next = updateFlowNode(flow, 'approval-2', (n) => ({ ...n, mode: 'all' as const }));
    expect(next.nodes[0]).toBe(flow.nodes[0]);
    expect(next.nodes[2]).toBe(flow.nodes[2]);
    expect(next.nodes[1]).not.toBe(flow.nodes[1]);
    expect(locateFlowNode(next, 'approval-2')?.node).toMatchObject({ mode: 'all' });
    expect(locateFlowNode(next, 'approval-2')?.path).toEqual(['nodes', 1, 'branches', 0, 'nodes', 0]);
  });

  it('removes and moves nodes within their list, refusing to move past the ends', () => {
    let flow = sample();
    flow = moveFlowNode(flow, 'cc-1', -1);
    expect(names(flow.nodes)).toEqual(['approval-1', 'cc-1', 'branch-1']);
    expect(() => moveFlowNode(flow, 'approval-1', -1)).toThrow(/end of its list/);
    expect(() => moveFlowNode(flow, 'approval-2', 1)).toThrow(/end of its list/);
    flow = removeFlowNode(flow, 'approval-2');
    expect(locateFlowNode(flow, 'approval-2')).toBeUndefined();
    flow = removeFlowNode(flow, 'branch-1');
    expect(names(flow.nodes)).toEqual(['approval-1', 'cc-1']);
    expect(() => removeFlowNode(flow, 'nope')).toThrow(/no node "nope"/);
  });

  it('refuses an insert into a missing branch, at a bad index, or with an id already used', () => {
    const flow = sample();
    const id = flowIdMaker(flow);
    expect(() => insertFlowNode(flow, { parent: { nodeId: 'branch-1', branchId: 'x' }, index: 0 }, createFlowNode('cc', id))).toThrow(
      /no branch "x"/,
    );
    expect(() => insertFlowNode(flow, { parent: null, index: 9 }, createFlowNode('cc', id))).toThrow(/no place 9/);
    expect(() => insertFlowNode(flow, { parent: null, index: 0 }, { ...createFlowNode('cc', id), id: 'approval-1' })).toThrow(
      /already used/,
    );
  });

  it('adds condition branches above "Otherwise", moves them but never past it, and never removes it', () => {
    let flow = sample();
    const { flow: added, id } = addFlowBranch(flow, 'branch-1');
    flow = added;
    const ids = () => (locateFlowNode(flow, 'branch-1')!.node as BranchNode).branches.map((b) => b.id);
    expect(ids()).toEqual(['condition-1', id, 'otherwise-1']);
    flow = moveFlowBranch(flow, 'branch-1', id, -1);
    expect(ids()).toEqual([id, 'condition-1', 'otherwise-1']);
    expect(() => moveFlowBranch(flow, 'branch-1', 'condition-1', 1)).toThrow(/cannot move/);
    expect(() => moveFlowBranch(flow, 'branch-1', 'otherwise-1', -1)).toThrow(/cannot move/);
    expect(() => removeFlowBranch(flow, 'branch-1', 'otherwise-1')).toThrow(/Otherwise/);
    flow = removeFlowBranch(flow, 'branch-1', id);
    expect(ids()).toEqual(['condition-1', 'otherwise-1']);
  });

  it('dissolves a block left with one branch, keeping that branch’s nodes in its place', () => {
    let flow = sample();
    const block = flow.nodes[1] as BranchNode;
    flow = insertFlowNode(
      flow,
      { parent: { nodeId: block.id, branchId: 'otherwise-1' }, index: 0 },
      createFlowNode('cc', flowIdMaker(flow)),
    );
    flow = removeFlowBranch(flow, 'branch-1', 'condition-1');
    expect(names(flow.nodes)).toEqual(['approval-1', 'cc-2', 'cc-1']);
    let parallel = insertFlowNode(emptyFlow(), { parent: null, index: 0 }, createFlowNode('parallel', flowIdMaker(emptyFlow())));
    parallel = addFlowBranch(parallel, 'parallel-1').flow;
    parallel = removeFlowBranch(parallel, 'parallel-1', 'lane-1');
    expect((parallel.nodes[0] as { branches: unknown[] }).branches).toHaveLength(2);
  });
});

describe('flow problems by node', () => {
  it('finds the node or branch a path points into', () => {
    const flow = sample();
    expect(ownerOf(flow, ['nodes', 1, 'branches', 0, 'nodes', 0, 'approvers', 0, 'userId'])).toEqual({
      id: 'approval-2',
      at: ['approvers', 0, 'userId'],
    });
    expect(ownerOf(flow, ['nodes', 1, 'branches', 0, 'condition'])).toEqual({ id: 'condition-1', at: ['condition'] });
    expect(ownerOf(flow, ['submitterFieldPermissions', 'x'])).toEqual({ id: SUBMITTER_KEY, at: ['submitterFieldPermissions', 'x'] });
    expect(parseIssuePath('workflow.nodes.1.approvers.0.userId')).toEqual(['nodes', 1, 'approvers', 0, 'userId']);
  });

  it('flags fields the form does not have once the flow parses', () => {
    let flow = updateFlowNode(sample(), 'cc-1', (n) => ({ ...n, recipients: [{ kind: 'manager' as const, level: 1 }] }));
    flow = updateFlowBranch(flow, 'branch-1', 'condition-1', (b) => ({ ...b, condition: { field: ['days'], op: 'gt', value: 1 } }));
    flow = updateFlowNode(flow, 'approval-1', (n) => ({
      ...n,
      approvers: [{ kind: 'submitterPick' as const, field: 'gone' }],
      fieldPermissions: { days: 'editable' as const },
    }));
    expect(flowIssues(flow, schema).get('approval-1')).toEqual([
      { at: ['approvers', 0, 'field'], message: 'The form has no field "gone".' },
    ]);
  });
});

describe('the flow in the designer store', () => {
  it('is one undo step per change, and an imported document keeps the flow', () => {
    const store = createDesignerStore({ ...emptyDoc(), workflow: null });
    const flow = sample();
    expect(store.dispatch({ type: 'setWorkflow', workflow: flow })).toEqual({ ok: true });
    expect(store.getState().doc.workflow).toBe(flow);
    expect(store.undoLabel()).toBe('setWorkflow');
    store.undo();
    expect(store.getState().doc.workflow).toBeNull();
    store.redo();
    expect(store.getState().doc.workflow).toBe(flow);
    store.dispatch({ type: 'replaceDoc', doc: { ...emptyDoc(), title: { en: 'Imported', 'zh-Hant': '匯入' } } });
    expect(store.getState().doc.workflow).toBe(flow);
    expect(store.dispatch({ type: 'setWorkflow', workflow: { nodes: 'x' } as never }).ok).toBe(false);
  });
});

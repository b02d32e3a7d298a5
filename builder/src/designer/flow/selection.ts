/** What the flow editor's side panel shows: a node, a branch of a block, the submitter, or the simulation. */
export type FlowSelection =
  | { kind: 'node'; id: string }
  | { kind: 'branch'; blockId: string; branchId: string }
  | { kind: 'submitter' }
  | { kind: 'simulate' }
  | null;

export const selectionKey = (s: FlowSelection): string | null =>
  s === null ? null : s.kind === 'node' ? s.id : s.kind === 'branch' ? s.branchId : `@${s.kind}`;

/** Approval flows in the designer: pure edits, problems by node, and conditions in words. */
export * from './tree.ts';
export * from './problems.ts';
export * from './describe.ts';

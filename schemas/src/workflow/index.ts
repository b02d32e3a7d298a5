export * from './types.ts';
export * from './check.ts';
export { step } from './engine.ts';
export { simulate } from './simulate.ts';
export {
  fieldAccessAt,
  participants,
  openTasks,
  currentNodes,
  availableActions,
  type NodeInProgress,
  type FlowTaskAction,
} from './access.ts';
export { taskDeadlines, TIME_LIMIT_COMMENT } from './timeLimits.ts';
export { evaluateFlowCondition, chooseBranch, type ConditionContext } from './conditions.ts';
export { resolveSources, resolveAdmin, managerAt, type ResolveContext } from './resolve.ts';
export { leaveRequestFlow, purchaseRequestFlow } from './templates.ts';
export { indexFlow, nodeText, type NodeLocation } from './tree.ts';

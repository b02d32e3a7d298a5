import { evaluateCondition } from '../conditions/runtimeCondition.ts';
import type { ConditionBranch, FlowCondition } from '../models/workflow.ts';
import { samePosition } from './resolve.ts';
import type { OrgSnapshot } from './types.ts';

/** What a branch condition sees: the submission's data and who submitted it. */
export interface ConditionContext {
  data: Record<string, unknown>;
  submitterId: string;
  org: OrgSnapshot;
}

/** The department and every department above it, nearest first (stops at a loop in old data). */
function departmentAndAncestors(org: OrgSnapshot, departmentId: string | null): string[] {
  const out: string[] = [];
  let cursor = departmentId;
  while (cursor && !out.includes(cursor)) {
    out.push(cursor);
    cursor = org.departments[cursor]?.parentId ?? null;
  }
  return out;
}

type SubmitterCondition = Extract<FlowCondition, { submitter: unknown }>;

function submitterMatches(condition: SubmitterCondition, ctx: ConditionContext): boolean {
  const user = ctx.org.users[ctx.submitterId];
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  // What the submitter has for the attribute (several positions; one of each of the rest).
  let held: string[];
  let same = (a: string, b: string) => a === b;
  switch (condition.submitter) {
    case 'department':
      held =
        condition.op === 'within'
          ? departmentAndAncestors(ctx.org, user?.departmentId ?? null)
          : user?.departmentId
            ? [user.departmentId]
            : [];
      break;
    case 'position':
      held = user?.positions ?? [];
      same = samePosition;
      break;
    case 'role':
      held = user ? [user.role] : [];
      break;
    case 'user':
      held = user ? [user.id] : [];
      break;
  }
  const matches = held.some((h) => values.some((v) => same(h, v)));
  // `eq`, `in` and `within` ask "is any of theirs one of these"; `neq` is its negation. `within` on
  // anything but a department is `in` (positions, roles and users have no tree).
  return condition.op === 'neq' ? !matches : matches;
}

/**
 * Whether a branch condition holds. Field comparisons use the show/hide rules of
 * conditions/runtimeCondition.ts (a field with no answer is false except for `neq` and `empty`).
 */
export function evaluateFlowCondition(condition: FlowCondition, ctx: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateFlowCondition(c, ctx));
  if ('any' in condition) return condition.any.some((c) => evaluateFlowCondition(c, ctx));
  if ('not' in condition) return !evaluateFlowCondition(condition.not, ctx);
  if ('submitter' in condition) return submitterMatches(condition, ctx);
  return evaluateCondition(condition, ctx.data);
}

/** The first branch whose condition holds, else the default branch (the last, without a condition). */
export function chooseBranch(branches: readonly ConditionBranch[], ctx: ConditionContext): ConditionBranch {
  return branches.find((b) => b.condition !== null && evaluateFlowCondition(b.condition, ctx)) ?? branches[branches.length - 1]!;
}

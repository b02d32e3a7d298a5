import type { ApproverSource, FlowDefinition } from '../models/workflow.ts';
import type { OrgSnapshot, OrgUser } from './types.ts';

/** What approver sources resolve against: the org chart, who submitted, and what they entered. */
export interface ResolveContext {
  org: OrgSnapshot;
  submitterId: string;
  data: Record<string, unknown>;
}

const enabled = (org: OrgSnapshot, id: string | null | undefined): OrgUser | null => {
  const user = id ? org.users[id] : undefined;
  return user && !user.disabled ? user : null;
};

/** Positions compare without case or surrounding spaces: "finance director" is "Finance Director". */
export const samePosition = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The manager `level` steps above a user (1 = direct manager), or null when the chain is shorter
 * or loops before reaching it. Disabled managers on the way are walked through (their own manager
 * is still set); whether the one reached may act is the caller's filter.
 */
export function managerAt(org: OrgSnapshot, userId: string, level: number): string | null {
  const seen = new Set([userId]);
  let cursor: string | null = userId;
  for (let i = 0; i < level; i++) {
    const next: string | null = (cursor && org.users[cursor]?.managerId) || null;
    if (!next || seen.has(next)) return null;
    seen.add(next);
    cursor = next;
  }
  return cursor;
}

/** The ids one source names, before disabled users and the submitter are dropped. */
function sourceIds(source: ApproverSource, ctx: ResolveContext): string[] {
  const { org, submitterId, data } = ctx;
  switch (source.kind) {
    case 'user':
      return [source.userId];
    case 'position':
      // Sorted by id so the order never depends on how the snapshot was built.
      return Object.values(org.users)
        .filter((u) => u.positions.some((p) => samePosition(p, source.position)))
        .map((u) => u.id)
        .sort();
    case 'manager': {
      const manager = managerAt(org, submitterId, source.level);
      return manager ? [manager] : [];
    }
    case 'departmentHead': {
      const departmentId = source.departmentId ?? org.users[submitterId]?.departmentId;
      const head = departmentId ? org.departments[departmentId]?.headUserId : null;
      return head ? [head] : [];
    }
    case 'submitterPick': {
      // A person field holds one user id; a list of ids (a multi-person field) names each of them.
      const value = Object.hasOwn(data, source.field) ? data[source.field] : undefined;
      const ids = Array.isArray(value) ? value : [value];
      return ids.filter((id): id is string => typeof id === 'string' && Object.hasOwn(org.users, id));
    }
  }
}

/**
 * The users a list of sources names, in source order, each once, enabled users only. For approvers
 * the submitter is dropped (nobody approves their own submission); CC recipients keep them.
 */
export function resolveSources(sources: readonly ApproverSource[], ctx: ResolveContext, opts: { dropSubmitter: boolean }): string[] {
  const out: string[] = [];
  for (const source of sources)
    for (const id of sourceIds(source, ctx)) {
      if (out.includes(id) || !enabled(ctx.org, id)) continue;
      if (opts.dropSubmitter && id === ctx.submitterId) continue;
      out.push(id);
    }
  return out;
}

/**
 * Who takes a node nobody resolved to: the flow's fallback admin when that is an enabled user, else
 * the enabled admin with the smallest id (ids sort by creation, so the longest-standing one). Never
 * the submitter. Null when there is nobody.
 */
export function resolveAdmin(definition: FlowDefinition, org: OrgSnapshot, submitterId: string): string | null {
  const fallback = enabled(org, definition.fallbackAdminId);
  if (fallback && fallback.id !== submitterId) return fallback.id;
  let best: string | null = null;
  for (const user of Object.values(org.users))
    if (user.role === 'admin' && !user.disabled && user.id !== submitterId && (best === null || user.id < best)) best = user.id;
  return best;
}

/**
 * Who an escalated task goes to: the assignee's direct manager when enabled and not the submitter,
 * else the fallback admin. Null when nobody (other than the assignee) can take it.
 */
export function escalationTarget(definition: FlowDefinition, org: OrgSnapshot, assigneeId: string, submitterId: string): string | null {
  const manager = enabled(org, managerAt(org, assigneeId, 1));
  if (manager && manager.id !== submitterId) return manager.id;
  const admin = resolveAdmin(definition, org, submitterId);
  return admin && admin !== assigneeId ? admin : null;
}

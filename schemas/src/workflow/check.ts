import { FlowDefinition, type ConditionBranch, type FlowCondition, type FlowNode } from '../models/workflow.ts';

/** A problem with a flow, at a JSON path into it (for the editor to point at the node). */
export interface FlowProblem {
  path: (string | number)[];
  message: string;
}

export type FlowCheck = { ok: true; flow: FlowDefinition } | { ok: false; problems: FlowProblem[] };

/** Every node of a flow with its JSON path, depth-first in the order the flow runs them. */
export function* walkFlow(nodes: readonly FlowNode[], path: (string | number)[] = ['nodes']): Generator<[FlowNode, (string | number)[]]> {
  for (const [i, node] of nodes.entries()) {
    const at = [...path, i];
    yield [node, at];
    if (node.type === 'branch' || node.type === 'parallel')
      for (const [b, branch] of node.branches.entries()) yield* walkFlow(branch.nodes, [...at, 'branches', b, 'nodes']);
  }
}

function conditionFields(condition: FlowCondition | null, out: string[][] = []): string[][] {
  if (!condition) return out;
  if ('all' in condition) condition.all.forEach((c) => conditionFields(c, out));
  else if ('any' in condition) condition.any.forEach((c) => conditionFields(c, out));
  else if ('not' in condition) conditionFields(condition.not, out);
  else if ('field' in condition) out.push(condition.field);
  return out;
}

function hasField(schema: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = schema;
  for (const key of path) {
    const s = node as { properties?: Record<string, unknown>; items?: unknown };
    const props = s?.properties ?? (s?.items as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!props || !Object.hasOwn(props, key)) return false;
    node = props[key];
  }
  return true;
}

/**
 * Parses a flow and checks it against the form's JSON Schema: ids unique across the whole flow,
 * every field a condition, a permission or a "submitter picks" source names exists in the form.
 */
export function checkFlowDefinition(raw: unknown, formSchema: Record<string, unknown>): FlowCheck {
  const parsed = FlowDefinition.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    };
  const flow = parsed.data;
  const problems: FlowProblem[] = [];
  const seen = new Set<string>();
  const useId = (id: string, path: (string | number)[]) => {
    if (seen.has(id))
      problems.push({ path: [...path, 'id'], message: `The id "${id}" is used twice; every node and branch needs its own.` });
    seen.add(id);
  };
  const field = (key: string[], path: (string | number)[]) => {
    if (!hasField(formSchema, key)) problems.push({ path, message: `The form has no field "${key.join('.')}".` });
  };
  for (const [key] of Object.entries(flow.submitterFieldPermissions)) field([key], ['submitterFieldPermissions', key]);
  for (const [node, path] of walkFlow(flow.nodes)) {
    useId(node.id, path);
    if (node.type === 'approval') {
      for (const key of Object.keys(node.fieldPermissions)) field([key], [...path, 'fieldPermissions', key]);
      node.approvers.forEach((a, i) => a.kind === 'submitterPick' && field([a.field], [...path, 'approvers', i, 'field']));
    } else if (node.type === 'cc') {
      node.recipients.forEach((a, i) => a.kind === 'submitterPick' && field([a.field], [...path, 'recipients', i, 'field']));
    } else {
      node.branches.forEach((branch, b) => {
        useId(branch.id, [...path, 'branches', b]);
        if (node.type === 'branch')
          for (const key of conditionFields((branch as ConditionBranch).condition)) field(key, [...path, 'branches', b, 'condition']);
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, flow };
}

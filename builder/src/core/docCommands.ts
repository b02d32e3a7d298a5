/** Commands on the form as a whole: its texts, its rules, and replacing it after an import or reload. */
import type { FlowDefinition, ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { checkDoc } from './checkDoc.ts';
import type { RulePatch } from './commands.ts';
import { DesignerError } from './errors.ts';
import type { CommandContext, Outcome } from './fieldCommands.ts';
import { locate } from './locate.ts';
import { isLocalized } from './props.ts';
import { checkRule } from './rules.ts';
import { indexFields, type FormDoc, type Localized, type Rule } from './tree.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function setFormText(doc: FormDoc, title: unknown, description: unknown, selection: string | null): Outcome {
  const next = { ...doc };
  for (const [name, value] of [
    ['title', title],
    ['description', description],
  ] as const) {
    if (value === undefined) continue;
    if (!isLocalized(value)) throw new DesignerError('invalid_command', `The form's ${name} has text in en and zh-Hant.`);
    const text = value as Localized;
    next[name] = { en: text.en, 'zh-Hant': text['zh-Hant'] };
  }
  return { doc: next, selection };
}

/** A clean copy of the parts of a rule the store keeps, so stray properties never reach the document. */
function ruleBody(rule: Omit<Rule, 'id'>): Omit<Rule, 'id'> {
  return { action: rule.action, targets: rule.targets, when: rule.when };
}

export function addRule(doc: FormDoc, rule: unknown, ctx: CommandContext, selection: string | null): Outcome {
  if (!isObject(rule)) throw new DesignerError('invalid_rule', 'A rule must be an object.');
  const body = ruleBody(rule as unknown as Omit<Rule, 'id'>);
  checkRule(body, indexFields(doc.fields), ctx.registry);
  const id = ctx.newId(doc);
  return { doc: { ...doc, rules: [...doc.rules, { id, ...structuredClone(body) }] }, selection, id };
}

function ruleIndex(doc: FormDoc, id: unknown): number {
  const i = doc.rules.findIndex((r) => r.id === id);
  if (i < 0) throw new DesignerError('unknown_rule', `There is no rule "${String(id)}" in this form.`);
  return i;
}

export function updateRule(doc: FormDoc, id: unknown, patch: unknown, ctx: CommandContext, selection: string | null): Outcome {
  const i = ruleIndex(doc, id);
  if (!isObject(patch)) throw new DesignerError('invalid_patch', 'A rule patch must be an object.');
  const unknown = Object.keys(patch).find((k) => k !== 'action' && k !== 'targets' && k !== 'when');
  if (unknown) throw new DesignerError('invalid_patch', `"${unknown}" is not part of a rule.`);
  const p = patch as RulePatch;
  const current = doc.rules[i];
  const body = ruleBody({ action: p.action ?? current.action, targets: p.targets ?? current.targets, when: p.when ?? current.when });
  checkRule(body, indexFields(doc.fields), ctx.registry);
  const rules = doc.rules.slice();
  rules[i] = { id: current.id, ...structuredClone(body) };
  return { doc: { ...doc, rules }, selection };
}

export function removeRule(doc: FormDoc, id: unknown, selection: string | null): Outcome {
  const i = ruleIndex(doc, id);
  return { doc: { ...doc, rules: [...doc.rules.slice(0, i), ...doc.rules.slice(i + 1)] }, selection };
}

/** An imported document carries no flow: the form's flow stays with it. */
export function replaceDoc(doc: unknown, registry: ReadonlyFieldTypeRegistry, selection: string | null, current?: FormDoc): Outcome {
  checkDoc(doc, registry);
  const next = doc.workflow === undefined && current?.workflow !== undefined ? { ...doc, workflow: current.workflow } : doc;
  return { doc: next, selection: selection !== null && locate(doc.fields, selection) ? selection : null };
}

/**
 * Sets the approval flow. Its completeness is not checked here: a flow is built a step at a time
 * (a CC node before its recipients are chosen), and autosave sends it once it is complete.
 */
export function setWorkflow(doc: FormDoc, workflow: unknown, selection: string | null): Outcome {
  if (workflow !== null && (!isObject(workflow) || !Array.isArray(workflow.nodes) || workflow.version !== 1))
    throw new DesignerError('invalid_command', 'A flow is {version: 1, nodes: [...]} or null.');
  if (doc.workflow === workflow) return { doc, selection };
  return { doc: { ...doc, workflow: workflow as FlowDefinition | null }, selection };
}

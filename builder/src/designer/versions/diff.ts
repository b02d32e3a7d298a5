/**
 * What changed between two versions of a form, in the terms a form owner cares about: fields added,
 * removed or changed (label, type, required, options) and rules added or removed. Fields are matched
 * by their key path, which is what submissions are stored under, so a renamed label is a change and
 * a field moved into another section is "removed here, added there" — as it is for the data.
 */
import type { Localized, ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { ADVANCED_TYPE, isGroup, type Condition, type ConditionGroup, type FieldNode, type FormDoc, type Rule } from '../../core/index.ts';
import { optionsOf } from '../canvas/options.ts';
import { fieldIndex } from '../fieldIndex.ts';

export interface FieldSummary {
  /** Keys from the root, joined with dots: `details.note`. */
  path: string;
  node: FieldNode;
  /** The option values a choice field offers. */
  options: string[];
}

export type FieldChange = 'label' | 'type' | 'required' | 'options';

export interface ChangedField {
  before: FieldSummary;
  after: FieldSummary;
  changes: FieldChange[];
  removedOptions: string[];
}

export interface FormDiff {
  added: FieldSummary[];
  removed: FieldSummary[];
  changed: ChangedField[];
  /** Rules of `after` not in `before`, and the reverse (compared by what they say, not by id). */
  rulesAdded: Rule[];
  rulesRemoved: Rule[];
  titleChanged: boolean;
}

export function summarize(doc: FormDoc, registry: ReadonlyFieldTypeRegistry): Map<string, FieldSummary> {
  const out = new Map<string, FieldSummary>();
  for (const { node, ancestors } of fieldIndex(doc.fields).values()) {
    const path = [...ancestors.map((a) => a.key), node.key].join('.');
    const def = node.type === ADVANCED_TYPE ? undefined : registry.get(node.type);
    out.set(path, { path, node, options: def ? optionsOf(node, def).map((o) => o.value) : [] });
  }
  return out;
}

const sameText = (a: Localized, b: Localized) => a.en === b.en && a['zh-Hant'] === b['zh-Hant'];

/** A rule with field ids replaced by key paths, so rules of two imports of the same form compare equal. */
function ruleSignature(rule: Rule, doc: FormDoc): string {
  const index = fieldIndex(doc.fields);
  const pathOf = (id: string) => {
    const at = index.get(id);
    return at ? [...at.ancestors.map((a) => a.key), at.node.key].join('.') : id;
  };
  const group = (g: ConditionGroup): unknown => ({
    op: g.op,
    items: g.items.map((item) => (isGroup(item) ? group(item) : { ...(item as Condition), field: pathOf((item as Condition).field) })),
  });
  return JSON.stringify({ action: rule.action, targets: rule.targets.map(pathOf).sort(), when: group(rule.when) });
}

export function diffForms(before: FormDoc, after: FormDoc, registry: ReadonlyFieldTypeRegistry): FormDiff {
  const a = summarize(before, registry);
  const b = summarize(after, registry);
  const added = [...b.values()].filter((f) => !a.has(f.path));
  const removed = [...a.values()].filter((f) => !b.has(f.path));
  const changed: ChangedField[] = [];
  for (const [path, was] of a) {
    const now = b.get(path);
    if (!now) continue;
    const changes: FieldChange[] = [];
    if (!sameText(was.node.label, now.node.label)) changes.push('label');
    if (was.node.type !== now.node.type) changes.push('type');
    if (was.node.required !== now.node.required) changes.push('required');
    const removedOptions = was.options.filter((o) => !now.options.includes(o));
    if (removedOptions.length || now.options.some((o) => !was.options.includes(o))) changes.push('options');
    if (changes.length) changed.push({ before: was, after: now, changes, removedOptions });
  }
  const beforeRules = new Map(before.rules.map((r) => [ruleSignature(r, before), r]));
  const afterRules = new Map(after.rules.map((r) => [ruleSignature(r, after), r]));
  return {
    added,
    removed,
    changed,
    rulesAdded: [...afterRules].filter(([sig]) => !beforeRules.has(sig)).map(([, r]) => r),
    rulesRemoved: [...beforeRules].filter(([sig]) => !afterRules.has(sig)).map(([, r]) => r),
    titleChanged: !sameText(before.title, after.title),
  };
}

export const isEmptyDiff = (d: FormDiff) =>
  !d.added.length && !d.removed.length && !d.changed.length && !d.rulesAdded.length && !d.rulesRemoved.length && !d.titleChanged;

export type BreakingChange =
  | { kind: 'typeChanged'; field: ChangedField }
  | { kind: 'newRequired'; field: FieldSummary }
  | { kind: 'nowRequired'; field: ChangedField }
  | { kind: 'optionsRemoved'; field: ChangedField };

/**
 * Changes after which answers already submitted would not pass the new version: a field's type
 * changed, a field that must be answered and has no default (new, or newly required), options taken away.
 */
export function breakingChanges(diff: FormDiff): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const field of diff.added) {
    if (field.node.required && field.node.props.default === undefined) out.push({ kind: 'newRequired', field });
  }
  for (const field of diff.changed) {
    if (field.changes.includes('type')) out.push({ kind: 'typeChanged', field });
    if (field.changes.includes('required') && field.after.node.required && field.after.node.props.default === undefined) {
      out.push({ kind: 'nowRequired', field });
    }
    if (field.removedOptions.length) out.push({ kind: 'optionsRemoved', field });
  }
  return out;
}

/**
 * Commands that change the field tree. Each takes the current document and returns the next one
 * (sharing untouched subtrees) or throws a DesignerError; store.ts records the result for undo.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import type { FieldPatch } from './commands.ts';
import { DesignerError } from './errors.ts';
import { collectKeys, keyErrorMessages, suggestKey, uniqueKey, validateKey } from './keys.ts';
import { carryPaths, locate, siblingsOf } from './locate.ts';
import { checkProps, isLocalized, patchProps } from './props.ts';
import { renameReferences } from './renameKey.ts';
import { pruneRules } from './rules.ts';
import { isContainer, placementProblem } from './structure.ts';
import { ADVANCED_TYPE, subtreeIds, type FieldLocation, type FieldNode, type FormDoc, type Localized } from './tree.ts';
import { insertAt, removeAt, updateAt } from './treeEdit.ts';

export interface CommandContext {
  registry: ReadonlyFieldTypeRegistry;
  /** A fresh id for a field or rule, not used anywhere in `doc`. */
  newId(doc: FormDoc): string;
}

/** The document after a command, what should be selected, and the id of anything created. */
export interface Outcome {
  doc: FormDoc;
  selection: string | null;
  id?: string;
}

export function mustLocate(doc: FormDoc, id: unknown): FieldLocation {
  const location = locate(doc.fields, id);
  if (!location) throw new DesignerError('unknown_field', `There is no field "${String(id)}" in this form.`);
  return location;
}

/** The container to drop into (null: the form itself). */
function mustLocateParent(doc: FormDoc, parentId: unknown): FieldLocation | null {
  if (parentId === null) return null;
  return mustLocate(doc, parentId);
}

function checkIndex(index: unknown, length: number): number {
  if (!Number.isSafeInteger(index) || (index as number) < 0 || (index as number) > length) {
    throw new DesignerError('invalid_index', `The position must be a whole number from 0 to ${length}.`);
  }
  return index as number;
}

function checkPlacement(child: FieldNode, parent: FieldNode | null, registry: ReadonlyFieldTypeRegistry): void {
  const problem = placementProblem(child, parent, registry);
  if (problem) throw new DesignerError(problem.code, problem.message);
}

export function addField(
  doc: FormDoc,
  fieldType: unknown,
  parentId: unknown,
  index: unknown,
  label: unknown,
  ctx: CommandContext,
): Outcome {
  const def = typeof fieldType === 'string' && fieldType !== ADVANCED_TYPE ? ctx.registry.get(fieldType) : undefined;
  if (!def) throw new DesignerError('unknown_field_type', `There is no field type "${String(fieldType)}".`);
  if (label !== undefined && !isLocalized(label)) throw new DesignerError('invalid_command', 'A label has text in en and zh-Hant.');
  const parent = mustLocateParent(doc, parentId);
  const position = checkIndex(index, siblingsOf(doc.fields, parent?.node ?? null).length);
  const text = (label as Localized | undefined) ?? def.label;
  const node: FieldNode = {
    id: ctx.newId(doc),
    type: def.type,
    key: suggestKey(text, def.type, collectKeys(doc)),
    label: { en: text.en, 'zh-Hant': text['zh-Hant'] },
    required: false,
    props: {},
    ...(def.container ? { children: [] } : {}),
  };
  checkPlacement(node, parent?.node ?? null, ctx.registry);
  const fields = insertAt(doc.fields, parent?.path ?? [], position, node);
  return { doc: { ...doc, fields }, selection: node.id, id: node.id };
}

/** Moves a field; `index` counts the destination's children before the move (see commands.ts). */
export function moveField(
  doc: FormDoc,
  id: unknown,
  parentId: unknown,
  index: unknown,
  ctx: CommandContext,
  selection: string | null,
): Outcome {
  const from = mustLocate(doc, id);
  const parent = mustLocateParent(doc, parentId);
  if (parent && (parent.node.id === from.node.id || parent.ancestors.some((a) => a.id === from.node.id))) {
    throw new DesignerError('move_into_self', 'A group cannot be moved into itself.');
  }
  checkPlacement(from.node, parent?.node ?? null, ctx.registry);
  const position = checkIndex(index, siblingsOf(doc.fields, parent?.node ?? null).length);
  const sameParent = (parent?.node.id ?? null) === (from.parent?.id ?? null);
  if (sameParent && (position === from.index || position === from.index + 1)) return { doc, selection };

  const without = removeAt(doc.fields, from.path);
  const newParent = parent ? locate(without, parent.node.id)! : null;
  const at = sameParent && position > from.index ? position - 1 : position;
  const fields = insertAt(without, newParent?.path ?? [], at, from.node);
  return { doc: { ...doc, fields }, selection };
}

export function removeField(doc: FormDoc, id: unknown, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  const removed = new Set(subtreeIds(at.node));
  const fields = removeAt(doc.fields, at.path);
  const rules = pruneRules(doc.rules, removed);
  let next = selection;
  if (selection !== null && removed.has(selection)) {
    // Keep a keyboard user in place: the next field, else the previous one, else the group.
    const siblings = siblingsOf(doc.fields, at.parent).filter((n) => n.id !== at.node.id);
    next = (siblings[at.index] ?? siblings[at.index - 1] ?? at.parent)?.id ?? null;
  }
  return { doc: { ...doc, fields, rules }, selection: next };
}

/** A copy with new ids and keys unique in the form; labels, props and rules-free. */
function copyTree(node: FieldNode, taken: Set<string>, doc: FormDoc, ctx: CommandContext, issued: Set<string>): FieldNode {
  const key = uniqueKey(node.key, taken);
  taken.add(key);
  let id = ctx.newId(doc);
  while (issued.has(id)) id = ctx.newId(doc);
  issued.add(id);
  const copy: FieldNode = { ...node, id, key };
  if (node.children) copy.children = node.children.map((child) => copyTree(child, taken, doc, ctx, issued));
  return copy;
}

export function duplicateField(doc: FormDoc, id: unknown, ctx: CommandContext): Outcome {
  const at = mustLocate(doc, id);
  const copy = copyTree(at.node, collectKeys(doc), doc, ctx, new Set());
  const fields = insertAt(doc.fields, at.path.slice(0, -1), at.index + 1, copy);
  return { doc: { ...doc, fields }, selection: copy.id, id: copy.id };
}

const patchKeys = new Set(['label', 'description', 'help', 'placeholder', 'required', 'props']);
const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function patchText(node: FieldNode, name: 'description' | 'help' | 'placeholder', value: unknown): FieldNode {
  if (value === undefined) return node;
  if (value === null) {
    const { [name]: _removed, ...rest } = node;
    return rest;
  }
  if (!isLocalized(value)) throw new DesignerError('invalid_patch', `"${name}" has text in en and zh-Hant, or is null.`);
  const text = value as Localized;
  return { ...node, [name]: { en: text.en, 'zh-Hant': text['zh-Hant'] } };
}

function applyPatch(node: FieldNode, patch: FieldPatch, registry: ReadonlyFieldTypeRegistry): FieldNode {
  let next = node;
  if (patch.label !== undefined) {
    if (!isLocalized(patch.label)) throw new DesignerError('invalid_patch', 'A label has text in en and zh-Hant.');
    next = { ...next, label: { en: patch.label.en, 'zh-Hant': patch.label['zh-Hant'] } };
  }
  for (const name of ['description', 'help', 'placeholder'] as const) next = patchText(next, name, patch[name]);
  const def = node.type === ADVANCED_TYPE ? undefined : registry.get(node.type);
  if (patch.required !== undefined) {
    if (typeof patch.required !== 'boolean') throw new DesignerError('invalid_patch', '"required" is true or false.');
    if (patch.required && def?.valueKind === 'none')
      throw new DesignerError('invalid_patch', 'This field collects no answer, so it cannot be required.');
    next = { ...next, required: patch.required };
  }
  if (patch.props !== undefined) {
    if (node.type === ADVANCED_TYPE)
      throw new DesignerError('advanced_field', 'An advanced field keeps its schema as imported; its properties cannot be edited here.');
    const props = patchProps(node.props, patch.props);
    checkProps(props, def);
    next = { ...next, props };
  }
  return next;
}

export function updateField(doc: FormDoc, id: unknown, patch: unknown, ctx: CommandContext, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new DesignerError('invalid_patch', 'A patch must be an object.');
  const unknown = Object.keys(patch).find((k) => !patchKeys.has(k));
  if (unknown) throw new DesignerError('invalid_patch', `"${unknown}" cannot be changed this way.`);
  const node = applyPatch(at.node, patch as FieldPatch, ctx.registry);
  const { children: _a, ...before } = at.node;
  const { children: _b, ...after } = node;
  if (sameJson(before, after)) return { doc, selection };
  const fields = updateAt(doc.fields, at.path, () => node);
  carryPaths(doc.fields, fields);
  return { doc: { ...doc, fields }, selection };
}

export function setKey(doc: FormDoc, id: unknown, key: unknown, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  if (at.node.key === key) return { doc, selection };
  const problem = validateKey(doc, at.node.id, key);
  if (problem) throw new DesignerError(problem, keyErrorMessages[problem]);
  const renamed = updateAt(doc.fields, at.path, (node) => ({ ...node, key: key as string }));
  // Formulas and fill maps that name the field by key follow it, in the same undo step.
  const fields = renameReferences(renamed, at.node.key, key as string) as FieldNode[];
  carryPaths(doc.fields, fields);
  return { doc: { ...doc, fields }, selection };
}

/** Keyboard: one place up or down among the siblings. */
export function moveBy(doc: FormDoc, id: unknown, step: -1 | 1, ctx: CommandContext, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  const count = siblingsOf(doc.fields, at.parent).length;
  const target = at.index + step;
  if (target < 0 || target >= count)
    throw new DesignerError('at_boundary', `The field is already the ${step < 0 ? 'first' : 'last'} here.`);
  // Destination indices count the siblings before the move: one down is two places on.
  return moveField(doc, at.node.id, at.parent?.id ?? null, step < 0 ? target : target + 1, ctx, selection);
}

/** Keyboard: into the container just above, at its end. */
export function indent(doc: FormDoc, id: unknown, ctx: CommandContext, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  const previous = siblingsOf(doc.fields, at.parent)[at.index - 1];
  if (!previous || !isContainer(previous, ctx.registry)) {
    throw new DesignerError('no_container', 'There is no group or table just above this field to move it into.');
  }
  return moveField(doc, at.node.id, previous.id, previous.children?.length ?? 0, ctx, selection);
}

/** Keyboard: out of its container, just after it. */
export function outdent(doc: FormDoc, id: unknown, ctx: CommandContext, selection: string | null): Outcome {
  const at = mustLocate(doc, id);
  if (!at.parent) throw new DesignerError('at_boundary', 'The field is not inside a group or table.');
  const container = mustLocate(doc, at.parent.id);
  return moveField(doc, at.node.id, container.parent?.id ?? null, container.index + 1, ctx, selection);
}

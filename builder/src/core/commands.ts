/**
 * The commands the designer's UI dispatches (drag and drop, the property panel, the rule editor and
 * the keyboard all go through these), and what dispatch answers.
 */
import type { FlowDefinition } from '@formloom/schemas';
import type { DesignerErrorCode } from './errors.ts';
import type { ConditionGroup, FieldProps, FormDoc, Localized, Rule } from './tree.ts';

/** Changes to a field from the property panel; `null` clears an optional text. */
export interface FieldPatch {
  label?: Localized;
  description?: Localized | null;
  help?: Localized | null;
  placeholder?: Localized | null;
  required?: boolean;
  /** Merged into the field's props; a prop set to `undefined` is removed. */
  props?: { [K in keyof FieldProps]?: FieldProps[K] | undefined };
}

export interface RulePatch {
  action?: Rule['action'];
  targets?: string[];
  when?: ConditionGroup;
}

/**
 * `index` in addField and moveField is a position in the destination's children as they are
 * before the command, which is what a drop indicator shows: moving the first of three fields to
 * index 2 puts it between the (old) second and third.
 */
export type Command =
  | { type: 'addField'; fieldType: string; parentId: string | null; index: number; label?: Localized }
  | { type: 'moveField'; id: string; parentId: string | null; index: number }
  | { type: 'removeField'; id: string }
  | { type: 'duplicateField'; id: string }
  | { type: 'updateField'; id: string; patch: FieldPatch }
  | { type: 'setKey'; id: string; key: string }
  | { type: 'setFormText'; title?: Localized; description?: Localized }
  | { type: 'addRule'; rule: Omit<Rule, 'id'> }
  | { type: 'updateRule'; id: string; patch: RulePatch }
  | { type: 'removeRule'; id: string }
  | { type: 'replaceDoc'; doc: FormDoc }
  /** The flow editor's changes: the whole flow after the edit (core/flow builds it), or null for none. */
  | { type: 'setWorkflow'; workflow: FlowDefinition | null }
  | { type: 'select'; id: string | null }
  | { type: 'moveUp'; id: string }
  | { type: 'moveDown'; id: string }
  | { type: 'indent'; id: string }
  | { type: 'outdent'; id: string };

export type CommandType = Command['type'];

export interface CommandError {
  code: DesignerErrorCode;
  message: string;
}

/** `id` names what the command created (addField, duplicateField, addRule). */
export type Result = { ok: true; id?: string } | { ok: false; error: CommandError };

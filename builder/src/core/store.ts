/**
 * The designer's store: the form being edited, the selection and the undo history, outside React.
 * Components read it with useSyncExternalStore (getState returns the same object until something
 * changes) and change it only through dispatch. Every document change is one undo step and bumps
 * `revision`, which the UI watches to autosave; selecting a field is neither.
 */
import { defaultFieldTypes, type ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { checkDoc } from './checkDoc.ts';
import type { Command, CommandType, Result } from './commands.ts';
import { addRule, removeRule, replaceDoc, setFormText, setWorkflow, updateRule } from './docCommands.ts';
import { DesignerError } from './errors.ts';
import * as fields from './fieldCommands.ts';
import { locate } from './locate.ts';
import { assertRulesCompile } from './planRules.ts';
import { indexFields, type FormDoc } from './tree.ts';

export interface DesignerState {
  doc: FormDoc;
  selection: string | null;
  /** Bumps on every document change, including undo and redo. */
  revision: number;
}

export interface HistoryEntry {
  /** The document before the command. */
  doc: FormDoc;
  /** What the step did, for an "Undo move" tooltip. */
  command: CommandType;
}

export interface DesignerStore {
  getState(): DesignerState;
  subscribe(listener: () => void): () => void;
  dispatch(command: Command): Result;
  undo(): Result;
  redo(): Result;
  canUndo(): boolean;
  canRedo(): boolean;
  /** The command the next undo or redo reverts or repeats. */
  undoLabel(): CommandType | null;
  redoLabel(): CommandType | null;
}

export interface DesignerStoreOptions {
  registry?: ReadonlyFieldTypeRegistry;
  /** Makes ids for new fields and rules; ids already in the document are skipped. */
  idFactory?: () => string;
  /** Undo steps kept; older ones are dropped. */
  historyLimit?: number;
}

export const DEFAULT_HISTORY_LIMIT = 200;

/** Ids only have to be unique within one document; a random prefix keeps two stores' ids apart. */
function defaultIdFactory(): () => string {
  const prefix = Math.random().toString(36).slice(2, 8);
  let n = 0;
  return () => `f${prefix}${(n++).toString(36)}`;
}

function idTaken(doc: FormDoc, id: string): boolean {
  return locate(doc.fields, id) !== undefined || doc.rules.some((r) => r.id === id);
}

/**
 * Commands after which the rules must still compile: a condition field dragged into a sub-table,
 * away from the fields that depend on it, is refused with the reason rather than silently dropped.
 */
const recheckRules = new Set<CommandType>(['moveField', 'moveUp', 'moveDown', 'indent', 'outdent', 'addRule', 'updateRule', 'replaceDoc']);

function needsRuleCheck(command: Command): boolean {
  return recheckRules.has(command.type) || (command.type === 'updateField' && command.patch?.required === true);
}

export function createDesignerStore(initial: FormDoc, options: DesignerStoreOptions = {}): DesignerStore {
  const registry = options.registry ?? defaultFieldTypes;
  const makeId = options.idFactory ?? defaultIdFactory();
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  checkDoc(initial, registry);
  assertRulesCompile(initial, indexFields(initial.fields), registry);

  const ctx: fields.CommandContext = {
    registry,
    newId(doc) {
      for (let attempt = 0; attempt < 1000; attempt++) {
        const id = makeId();
        if (typeof id === 'string' && id !== '' && !idTaken(doc, id)) return id;
      }
      throw new DesignerError('internal_error', 'The id factory keeps returning ids that are already in use.');
    },
  };

  let state: DesignerState = { doc: initial, selection: null, revision: 0 };
  const past: HistoryEntry[] = [];
  let future: HistoryEntry[] = [];
  const listeners = new Set<() => void>();

  function emit() {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (err) {
        // One broken subscriber must not stop the others or undo the change; report it out of band.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  function run(command: Command): fields.Outcome {
    const { doc } = state;
    const sel = state.selection;
    switch (command.type) {
      case 'addField':
        return fields.addField(doc, command.fieldType, command.parentId, command.index, command.label, ctx);
      case 'moveField':
        return fields.moveField(doc, command.id, command.parentId, command.index, ctx, sel);
      case 'removeField':
        return fields.removeField(doc, command.id, sel);
      case 'duplicateField':
        return fields.duplicateField(doc, command.id, ctx);
      case 'updateField':
        return fields.updateField(doc, command.id, command.patch, ctx, sel);
      case 'setKey':
        return fields.setKey(doc, command.id, command.key, sel);
      case 'moveUp':
        return fields.moveBy(doc, command.id, -1, ctx, sel);
      case 'moveDown':
        return fields.moveBy(doc, command.id, 1, ctx, sel);
      case 'indent':
        return fields.indent(doc, command.id, ctx, sel);
      case 'outdent':
        return fields.outdent(doc, command.id, ctx, sel);
      case 'setFormText':
        return setFormText(doc, command.title, command.description, sel);
      case 'addRule':
        return addRule(doc, command.rule, ctx, sel);
      case 'updateRule':
        return updateRule(doc, command.id, command.patch, ctx, sel);
      case 'removeRule':
        return removeRule(doc, command.id, sel);
      case 'replaceDoc':
        return replaceDoc(command.doc, registry, sel, doc);
      case 'setWorkflow':
        return setWorkflow(doc, command.workflow, sel);
      case 'select':
        if (command.id !== null) fields.mustLocate(doc, command.id);
        return { doc, selection: command.id };
      default:
        throw new DesignerError('invalid_command', `"${String((command as { type?: unknown }).type)}" is not a command.`);
    }
  }

  function commit(next: DesignerState) {
    state = next;
    emit();
  }

  function dispatch(command: Command): Result {
    try {
      if (typeof command !== 'object' || command === null) throw new DesignerError('invalid_command', 'A command must be an object.');
      const outcome = run(command);
      const docChanged = outcome.doc !== state.doc;
      if (docChanged && needsRuleCheck(command)) assertRulesCompile(outcome.doc, indexFields(outcome.doc.fields), registry);
      if (docChanged) {
        past.push({ doc: state.doc, command: command.type });
        if (past.length > historyLimit) past.splice(0, past.length - historyLimit);
        future = [];
      }
      if (docChanged || outcome.selection !== state.selection) {
        commit({ doc: outcome.doc, selection: outcome.selection, revision: state.revision + (docChanged ? 1 : 0) });
      }
      return outcome.id === undefined ? { ok: true } : { ok: true, id: outcome.id };
    } catch (err) {
      if (err instanceof DesignerError) return { ok: false, error: { code: err.code, message: err.message } };
      // dispatch never throws: a bug shows up as an error result the UI can report.
      return { ok: false, error: { code: 'internal_error', message: `Unexpected error: ${(err as Error)?.message ?? String(err)}` } };
    }
  }

  /** Moves one step between the stacks; the selection stays if its field still exists. */
  function travel(from: HistoryEntry[], to: HistoryEntry[], code: 'nothing_to_undo' | 'nothing_to_redo'): Result {
    const entry = from.pop();
    if (!entry) return { ok: false, error: { code, message: code === 'nothing_to_undo' ? 'Nothing to undo.' : 'Nothing to redo.' } };
    to.push({ doc: state.doc, command: entry.command });
    const selection = state.selection !== null && locate(entry.doc.fields, state.selection) ? state.selection : null;
    commit({ doc: entry.doc, selection, revision: state.revision + 1 });
    return { ok: true };
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispatch,
    undo: () => travel(past, future, 'nothing_to_undo'),
    redo: () => travel(future, past, 'nothing_to_redo'),
    canUndo: () => past.length > 0,
    canRedo: () => future.length > 0,
    undoLabel: () => past[past.length - 1]?.command ?? null,
    redoLabel: () => future[future.length - 1]?.command ?? null,
  };
}

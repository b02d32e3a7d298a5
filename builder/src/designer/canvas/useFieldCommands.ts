import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import { placementProblem, type Command } from '../../core/index.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { fieldIndex } from '../fieldIndex.ts';
import { attrSelector, pick } from '../text.ts';
import type { DragItem } from './dnd.ts';
import type { DropPlace } from './dropPlace.ts';

export type MoveDirection = 'up' | 'down' | 'into' | 'out';

const moveCommand: Record<MoveDirection, Command['type']> = { up: 'moveUp', down: 'moveDown', into: 'indent', out: 'outdent' };

/** Moves keyboard focus to a field's select button once React has rendered it (a move may remount it). */
export function focusField(id: string): void {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>(attrSelector('data-select-for', id))?.focus();
  });
}

/**
 * What drag and drop, the palette's buttons, the field toolbar and the keyboard do to fields: the
 * same commands, each followed by a sentence for screen readers saying where the field is now.
 */
export function useFieldCommands() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { store, registry, run, announce } = useDesigner();

  /** "Temperature, position 2 of 5 in Symptoms" for the field as it is now. */
  const whereIs = useCallback(
    (id: string) => {
      const at = fieldIndex(store.getState().doc.fields).get(id);
      if (!at) return null;
      const siblings = at.parent ? (at.parent.children ?? []) : store.getState().doc.fields;
      return {
        label: pick(at.node.label, locale) || at.node.key,
        position: at.index + 1,
        count: siblings.length,
        container: at.parent ? pick(at.parent.label, locale) || at.parent.key : t('designer.announce.theForm'),
      };
    },
    [store, locale, t],
  );

  const announceAdded = useCallback(
    (id: string | undefined) => {
      const where = id ? whereIs(id) : null;
      if (where) announce(t('designer.announce.added', where));
    },
    [whereIs, announce, t],
  );

  const addAfterSelection = useCallback(
    (fieldType: string) => {
      const { doc, selection } = store.getState();
      const at = selection ? fieldIndex(doc.fields).get(selection) : undefined;
      const here = at
        ? ({ type: 'addField', fieldType, parentId: at.parent?.id ?? null, index: at.index + 1 } as const)
        : ({ type: 'addField', fieldType, parentId: null, index: doc.fields.length } as const);
      let result = run(here, { quiet: true });
      if (!result.ok && result.error.code === 'container_not_allowed' && at) {
        // A group cannot go inside a row or a table: put it after the outermost group instead.
        const top = fieldIndex(doc.fields).get((at.ancestors[0] ?? at.node).id)!;
        result = run({ type: 'addField', fieldType, parentId: null, index: top.index + 1 });
      } else if (!result.ok) {
        result = run(here); // fails the same way, and says why
      }
      if (result.ok) announceAdded(result.id);
      return result;
    },
    [store, run, announceAdded],
  );

  const drop = useCallback(
    (item: DragItem, place: DropPlace) => {
      if (item.kind === 'new') {
        const result = run({ type: 'addField', fieldType: item.fieldType, parentId: place.parentId, index: place.index });
        if (result.ok) announceAdded(result.id);
        return result;
      }
      const before = store.getState().doc;
      const result = run({ type: 'moveField', id: item.id, parentId: place.parentId, index: place.index });
      if (result.ok && store.getState().doc !== before) {
        const where = whereIs(item.id);
        if (where) announce(t('designer.announce.moved', where));
      }
      if (result.ok) run({ type: 'select', id: item.id });
      return result;
    },
    [store, run, whereIs, announce, announceAdded, t],
  );

  const move = useCallback(
    (id: string, direction: MoveDirection) => {
      const result = run({ type: moveCommand[direction], id } as Command);
      if (result.ok) {
        const where = whereIs(id);
        if (where) announce(t('designer.announce.moved', where));
        focusField(id);
      }
      return result;
    },
    [run, whereIs, announce, t],
  );

  const remove = useCallback(
    (id: string) => {
      const where = whereIs(id);
      const result = run({ type: 'removeField', id });
      if (result.ok && where) {
        announce(t('designer.announce.removed', where));
        const next = store.getState().selection;
        if (next) focusField(next);
      }
      return result;
    },
    [store, run, whereIs, announce, t],
  );

  const duplicate = useCallback(
    (id: string) => {
      const result = run({ type: 'duplicateField', id });
      if (result.ok && result.id) {
        const where = whereIs(result.id);
        if (where) announce(t('designer.announce.duplicated', where));
        focusField(result.id);
      }
      return result;
    },
    [run, whereIs, announce, t],
  );

  /** Whether a dragged item may go into `parentId` (the registry's nesting rules). */
  const canPlace = useCallback(
    (item: DragItem, parentId: string | null) => {
      if (parentId === null) return true;
      const index = fieldIndex(store.getState().doc.fields);
      const parent = index.get(parentId)?.node;
      if (!parent) return false;
      const childType = item.kind === 'new' ? item.fieldType : index.get(item.id)?.node.type;
      if (!childType) return false;
      return placementProblem({ type: childType }, parent, registry) === null;
    },
    [store, registry],
  );

  return useMemo(
    () => ({ addAfterSelection, drop, move, remove, duplicate, canPlace, whereIs }),
    [addAfterSelection, drop, move, remove, duplicate, canPlace, whereIs],
  );
}

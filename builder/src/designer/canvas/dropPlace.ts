/**
 * Where a dragged field would land, worked out from the pointer and the canvas's DOM: the innermost
 * field list under the pointer, then the first field in it whose middle is past the pointer. One drop
 * target (the canvas) does this for every list, so a 500-field form has one hover handler, not 500.
 *
 * The DOM contract (Canvas and FieldList render it): a list is `[data-drop-list]` with
 * `data-parent-id` ('' for the form itself) and `data-orientation`; its direct children with
 * `[data-field-id]` are its fields, in order.
 */
import { attrSelector } from '../text.ts';
import type { DragItem } from './dnd.ts';

export interface DropLine {
  /** Viewport coordinates of the line's start. */
  x: number;
  y: number;
  length: number;
  orientation: 'horizontal' | 'vertical';
}

export interface DropPlace {
  parentId: string | null;
  /** Among the list's fields before the drop (what addField and moveField take). */
  index: number;
  line: DropLine;
  /** The list is empty: the whole placeholder lights up. */
  empty: boolean;
}

export interface Point {
  x: number;
  y: number;
}

/** The gap between the line and the field it sits against, so it never covers the field's border. */
const LINE_GAP = 4;

function fieldsOf(list: Element): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const child of list.children) if (child instanceof HTMLElement && child.dataset.fieldId !== undefined) out.push(child);
  return out;
}

/** The first field whose middle lies past the pointer along the list's axis (binary search: lists are in order). */
function insertionIndex(fields: HTMLElement[], point: Point, horizontal: boolean): number {
  let low = 0;
  let high = fields.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const rect = fields[mid].getBoundingClientRect();
    const middle = horizontal ? rect.left + rect.width / 2 : rect.top + rect.height / 2;
    if ((horizontal ? point.x : point.y) < middle) high = mid;
    else low = mid + 1;
  }
  return low;
}

function lineFor(list: HTMLElement, fields: HTMLElement[], index: number, horizontal: boolean): DropLine {
  if (fields.length === 0) {
    const r = list.getBoundingClientRect();
    return horizontal
      ? { x: r.left + r.width / 2, y: r.top + 6, length: Math.max(0, r.height - 12), orientation: 'vertical' }
      : { x: r.left + 8, y: r.top + r.height / 2, length: Math.max(0, r.width - 16), orientation: 'horizontal' };
  }
  const before = index < fields.length;
  const r = fields[before ? index : fields.length - 1].getBoundingClientRect();
  if (horizontal) return { x: before ? r.left - LINE_GAP : r.right + LINE_GAP, y: r.top, length: r.height, orientation: 'vertical' };
  return { x: r.left, y: before ? r.top - LINE_GAP : r.bottom + LINE_GAP, length: r.width, orientation: 'horizontal' };
}

/**
 * The place under `point`, or null when there is none: outside the canvas, over the dragged field
 * itself, or in a list that may not hold the field (`canPlace` says, from the registry's rules).
 */
export function resolveDropPlace(
  point: Point,
  hit: Element | null,
  canvas: HTMLElement,
  item: DragItem,
  canPlace: (item: DragItem, parentId: string | null) => boolean,
): DropPlace | null {
  if (!hit || !canvas.contains(hit)) return null;
  let list = hit.closest<HTMLElement>('[data-drop-list]');
  if (!list || !canvas.contains(list)) list = canvas.querySelector<HTMLElement>('[data-drop-list][data-parent-id=""]');
  if (!list) return null;
  if (item.kind === 'move' && list.closest(attrSelector('data-field-id', item.id))) return null; // into itself
  const parentId = list.dataset.parentId || null;
  if (!canPlace(item, parentId)) return null;
  const horizontal = list.dataset.orientation === 'horizontal';
  const fields = fieldsOf(list);
  const index = insertionIndex(fields, point, horizontal);
  return { parentId, index, line: lineFor(list, fields, index, horizontal), empty: fields.length === 0 };
}

export function samePlace(a: DropPlace | null, b: DropPlace | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.parentId === b.parentId &&
    a.index === b.index &&
    a.line.x === b.line.x &&
    a.line.y === b.line.y &&
    a.line.length === b.line.length &&
    a.line.orientation === b.line.orientation
  );
}

/** The place being hovered, outside React state so a drag re-renders only the line. */
export function createDropIndicator() {
  let current: DropPlace | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(next: DropPlace | null) {
      if (samePlace(current, next)) return;
      current = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type DropIndicator = ReturnType<typeof createDropIndicator>;

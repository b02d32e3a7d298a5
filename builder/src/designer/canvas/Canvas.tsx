import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useDrop } from 'react-dnd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import { allFields } from '../../core/index.ts';
import { useDesigner, useDoc, useSelection } from '../DesignerContext.tsx';
import { attrSelector, isTextEntry, pick, primaryModifier } from '../text.ts';
import { FieldList } from './CanvasField.tsx';
import { FIELD_DRAG, type DragItem } from './dnd.ts';
import { createDropIndicator, resolveDropPlace, type DropIndicator } from './dropPlace.ts';
import { focusField, useFieldCommands, type MoveDirection } from './useFieldCommands.ts';

const altMoves: Record<string, MoveDirection> = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'into', ArrowLeft: 'out' };

/**
 * The form being designed. One react-dnd drop target for the whole canvas works out the place under
 * the pointer (dropPlace.ts) and draws one line there; the keyboard acts on the selected field.
 */
export const Canvas = memo(function Canvas() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { store, run } = useDesigner();
  const doc = useDoc();
  const selection = useSelection();
  const commands = useFieldCommands();
  const canvasRef = useRef<HTMLDivElement | null>(null);
  const [indicator] = useState(createDropIndicator);

  const [{ over }, drop] = useDrop<DragItem, void, { over: boolean }>(
    () => ({
      accept: FIELD_DRAG,
      hover(item, monitor) {
        const point = monitor.getClientOffset();
        const canvas = canvasRef.current;
        if (!point || !canvas) return;
        indicator.set(resolveDropPlace(point, document.elementFromPoint(point.x, point.y), canvas, item, commands.canPlace));
      },
      drop(item) {
        const place = indicator.get();
        indicator.set(null);
        if (place) commands.drop(item, place);
      },
      collect: (m) => ({ over: m.isOver() }),
    }),
    [indicator, commands],
  );
  useEffect(() => {
    if (!over) indicator.set(null);
  }, [over, indicator]);

  // Keep the selected field in view (after a keyboard move, an add from the palette, a duplicate).
  useEffect(() => {
    if (!selection) return;
    const el = canvasRef.current?.querySelector(attrSelector('data-field-id', selection));
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [selection, doc.fields]);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (isTextEntry(e.target)) return;
      const id = store.getState().selection;
      if (!id) return;
      if (e.altKey && !primaryModifier(e) && altMoves[e.key]) {
        e.preventDefault();
        commands.move(id, altMoves[e.key]);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && !e.altKey && !primaryModifier(e)) {
        e.preventDefault();
        commands.remove(id);
      } else if (primaryModifier(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'd') {
        e.preventDefault(); // not the browser's bookmark
        commands.duplicate(id);
      } else if (!e.altKey && !primaryModifier(e) && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        // Plain arrows walk the fields in reading order, groups and their contents included.
        const order = allFields(store.getState().doc);
        const i = order.findIndex((n) => n.id === id);
        const next = order[i + (e.key === 'ArrowUp' ? -1 : 1)];
        if (next) {
          e.preventDefault();
          run({ type: 'select', id: next.id });
          focusField(next.id);
        }
      } else if (e.key === 'Escape') {
        run({ type: 'select', id: null });
      }
    },
    [store, run, commands],
  );

  return (
    <div
      className={`fl-dz-canvas${over ? ' is-over' : ''}`}
      data-testid="canvas"
      role="region"
      aria-label={t('designer.canvas.title')}
      aria-describedby="fl-dz-canvas-help"
      ref={(el) => {
        canvasRef.current = el;
        drop(el);
      }}
      onClick={() => run({ type: 'select', id: null })}
      onKeyDown={onKeyDown}
    >
      <div className="fl-dz-paper">
        <header className="fl-dz-paper__head">
          {/* Not a heading: the toolbar's h1 already names the form. */}
          <p className="fl-dz-paper__title">{pick(doc.title, locale) || t('designer.form.untitled')}</p>
          {pick(doc.description, locale) && <p className="fl-dz-paper__description">{pick(doc.description, locale)}</p>}
        </header>
        <FieldList nodes={doc.fields} parentId={null} orientation="vertical" emptyText={t('designer.canvas.empty')} />
      </div>
      <p id="fl-dz-canvas-help" className="fl-visually-hidden">
        {t('designer.canvas.keyboardHelp')}
      </p>
      <DropLineView indicator={indicator} />
    </div>
  );
});

/** The line showing exactly where the dragged field will land (fixed to the viewport, like the pointer). */
function DropLineView({ indicator }: { indicator: DropIndicator }) {
  const place = useSyncExternalStore(indicator.subscribe, indicator.get, indicator.get);
  if (!place) return null;
  const { line } = place;
  const style =
    line.orientation === 'horizontal'
      ? { left: line.x, top: line.y - 1.5, width: line.length }
      : { left: line.x - 1.5, top: line.y, height: line.length };
  return <div className={`fl-dz-dropline fl-dz-dropline--${line.orientation}`} style={style} data-testid="drop-line" aria-hidden="true" />;
}

import { memo, useCallback, useMemo } from 'react';
import { useDrag } from 'react-dnd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldCategory, FieldTypeDefinition } from '@formloom/schemas';
import { useDesigner } from './DesignerContext.tsx';
import { FIELD_DRAG, type DragItem } from './canvas/dnd.ts';
import { useFieldCommands } from './canvas/useFieldCommands.ts';
import { pick } from './text.ts';

/**
 * Every field type of the registry, by category. Each item is a button (Enter, Space, a tap or a
 * click adds the field after the selected one, else at the end) and a drag source for the canvas.
 */
export const Palette = memo(function Palette() {
  const { t } = useTranslation();
  const { registry } = useDesigner();
  const groups = useMemo(
    () => (Object.entries(registry.byCategory()) as [FieldCategory, FieldTypeDefinition[]][]).filter(([, defs]) => defs.length > 0),
    [registry],
  );
  return (
    <nav className="fl-dz-palette" aria-label={t('designer.palette.title')}>
      <h2 className="fl-dz-pane-title">{t('designer.palette.title')}</h2>
      <p className="fl-dz-hint">{t('designer.palette.hint')}</p>
      {groups.map(([category, defs]) => (
        <section key={category} className="fl-dz-palette__group" aria-labelledby={`palette-${category}`}>
          <h3 id={`palette-${category}`}>{t(`designer.palette.categories.${category}`, { defaultValue: category })}</h3>
          <ul>
            {defs.map((def) => (
              <li key={def.type}>
                <PaletteItem def={def} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
});

const PaletteItem = memo(function PaletteItem({ def }: { def: FieldTypeDefinition }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { addAfterSelection } = useFieldCommands();
  const [{ dragging }, drag] = useDrag<DragItem, void, { dragging: boolean }>(
    () => ({ type: FIELD_DRAG, item: { kind: 'new', fieldType: def.type }, collect: (m) => ({ dragging: m.isDragging() }) }),
    [def.type],
  );
  const label = pick(def.label, locale);
  const onClick = useCallback(() => addAfterSelection(def.type), [addAfterSelection, def.type]);
  return (
    <button
      type="button"
      ref={(node) => {
        drag(node);
      }}
      className={`fl-dz-palette__item${dragging ? ' is-dragging' : ''}${def.container ? ' is-container' : ''}`}
      data-testid={`palette-${def.type}`}
      aria-label={t('designer.palette.add', { type: label })}
      title={pick(def.description, locale) || undefined}
      onClick={onClick}
    >
      <span className="fl-dz-palette__glyph" aria-hidden="true">
        {glyphFor(def)}
      </span>
      <span>{label}</span>
    </button>
  );
});

/** A one-character hint of what the field holds, so the list scans quickly. */
function glyphFor(def: FieldTypeDefinition): string {
  if (def.container) return def.valueKind === 'array' ? '▦' : '▭';
  switch (def.valueKind) {
    case 'number':
      return '#';
    case 'boolean':
      return '✓';
    case 'array':
      return '☰';
    case 'object':
      return '◎';
    case 'none':
      return '¶';
    default:
      return def.category === 'datetime' ? '◷' : def.category === 'media' ? '◫' : def.category === 'choice' ? '◉' : 'Aa';
  }
}

import { memo, useCallback, type MouseEvent } from 'react';
import { useDrag } from 'react-dnd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldTypeDefinition, Locale } from '@formloom/schemas';
import { ADVANCED_TYPE, type FieldNode } from '../../core/index.ts';
import { useDesigner, useFields, useIsSelected, useLocation } from '../DesignerContext.tsx';
import { Icon, type IconName } from '../icons.tsx';
import { ScanTargetWarning } from '../properties/ScanningEditor.tsx';
import { pick } from '../text.ts';
import { FIELD_DRAG, type DragItem } from './dnd.ts';
import { booleanChoices, optionsOf } from './options.ts';
import { useFieldCommands, type MoveDirection } from './useFieldCommands.ts';

/** A list of fields that takes drops: the form itself, a section, a row of columns or a table's row. */
export const FieldList = memo(function FieldList({
  nodes,
  parentId,
  orientation,
  emptyText,
}: {
  nodes: readonly FieldNode[];
  parentId: string | null;
  orientation: 'vertical' | 'horizontal';
  emptyText: string;
}) {
  return (
    <div
      className={`fl-dz-list fl-dz-list--${orientation}${nodes.length === 0 ? ' is-empty' : ''}`}
      data-drop-list=""
      data-parent-id={parentId ?? ''}
      data-orientation={orientation}
    >
      {nodes.length === 0 ? (
        <p className="fl-dz-list__empty">{emptyText}</p>
      ) : (
        nodes.map((node) => <CanvasField key={node.id} node={node} />)
      )}
    </div>
  );
});

/**
 * One field on the canvas. Memoized by node: the store keeps untouched nodes identical, so editing
 * one field of 500 re-renders one card; selection is read per card (`useIsSelected`) for the same reason.
 */
export const CanvasField = memo(function CanvasField({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry, run } = useDesigner();
  const selected = useIsSelected(node.id);
  const advanced = node.type === ADVANCED_TYPE;
  const def = advanced ? undefined : registry.get(node.type);
  const [{ dragging }, drag] = useDrag<DragItem, void, { dragging: boolean }>(
    () => ({ type: FIELD_DRAG, item: { kind: 'move', id: node.id }, collect: (m) => ({ dragging: m.isDragging() }) }),
    [node.id],
  );
  const onClick = useCallback(
    (e: MouseEvent) => {
      e.stopPropagation();
      run({ type: 'select', id: node.id });
    },
    [run, node.id],
  );

  const label = pick(node.label, locale) || node.key;
  const typeLabel = advanced ? t('designer.canvas.advanced') : def ? pick(def.label, locale) : node.type;
  const container = !!def?.container;
  const classes = [
    'fl-dz-field',
    selected && 'is-selected',
    dragging && 'is-dragging',
    container && 'is-container',
    advanced && 'is-advanced',
    node.props.hidden && 'is-hidden',
  ]
    .filter(Boolean)
    .join(' ');
  const name = t(node.required ? 'designer.canvas.fieldNameRequired' : 'designer.canvas.fieldName', { label, type: typeLabel });
  return (
    <div
      className={classes}
      data-field-id={node.id}
      data-testid={`field-${node.key}`}
      ref={(el) => {
        drag(el);
      }}
      onClick={onClick}
    >
      <div className="fl-dz-field__head">
        <span className="fl-dz-field__grip" aria-hidden="true">
          <Icon name="grip" size={16} />
        </span>
        <button type="button" className="fl-dz-field__select" aria-pressed={selected} aria-label={name} data-select-for={node.id}>
          <span className="fl-dz-field__label">{label}</span>
          {node.required && (
            <span className="fl-dz-field__required" aria-hidden="true">
              *
            </span>
          )}
        </button>
        <span className="fl-dz-field__badges">
          {node.props.hidden && <span className="fl-badge">{t('designer.canvas.hidden')}</span>}
          {node.props.readOnly && <span className="fl-badge">{t('designer.canvas.readOnly')}</span>}
          {node.props.width && node.props.width !== 'full' && (
            <span className="fl-badge">{t(`designer.props.widths.${node.props.width}`)}</span>
          )}
          <span className={`fl-badge fl-dz-field__type${advanced ? ' fl-dz-field__type--advanced' : ''}`}>{typeLabel}</span>
        </span>
      </div>
      {selected && <FieldActions id={node.id} label={label} />}
      {advanced ? (
        <p className="fl-dz-field__note">{t('designer.canvas.advancedNote')}</p>
      ) : container ? (
        <FieldList
          nodes={node.children ?? []}
          parentId={node.id}
          orientation={node.type === 'row' ? 'horizontal' : 'vertical'}
          emptyText={t(def?.valueKind === 'array' ? 'designer.canvas.emptyTable' : 'designer.canvas.emptyGroup')}
        />
      ) : (
        <FieldSample node={node} def={def} locale={locale} />
      )}
      {node.help && pick(node.help, locale) && <p className="fl-dz-field__help">{pick(node.help, locale)}</p>}
      {node.props.scanning && <ScanTargetWarning node={node} />}
    </div>
  );
});

/** A still picture of the input people will see; the real one is in Preview. */
function FieldSample({ node, def, locale }: { node: FieldNode; def: FieldTypeDefinition | undefined; locale: Locale }) {
  const { t } = useTranslation();
  if (!def) return null;
  if (def.valueKind === 'none') {
    return node.description && pick(node.description, locale) ? (
      <p className="fl-dz-sample__text">{pick(node.description, locale)}</p>
    ) : null;
  }
  const options = optionsOf(node, def);
  if (options.length > 0) {
    const shown = options.slice(0, 4);
    return (
      <ul className={`fl-dz-sample__options${def.uiSchema['ui:widget'] === 'select' ? ' is-select' : ''}`} aria-hidden="true">
        {shown.map((o) => (
          <li key={o.value}>{pick(o.label, locale) || o.value}</li>
        ))}
        {options.length > shown.length && (
          <li className="fl-muted">{t('designer.canvas.moreOptions', { count: options.length - shown.length })}</li>
        )}
      </ul>
    );
  }
  const choices = booleanChoices(def);
  if (choices) {
    return (
      <ul className="fl-dz-sample__options is-inline" aria-hidden="true">
        {choices.map((c) => (
          <li key={String(c.value)}>{pick(c.label, locale)}</li>
        ))}
      </ul>
    );
  }
  const placeholder = node.placeholder ? pick(node.placeholder, locale) : '';
  const tall = def.uiSchema['ui:widget'] === 'textarea' || def.category === 'media';
  return (
    <div className={`fl-dz-sample__input${tall ? ' is-tall' : ''}`} aria-hidden="true">
      {placeholder}
    </div>
  );
}

const actions: { direction: MoveDirection; icon: IconName; label: string }[] = [
  { direction: 'up', icon: 'up', label: 'designer.canvas.moveUp' },
  { direction: 'down', icon: 'down', label: 'designer.canvas.moveDown' },
  { direction: 'into', icon: 'into', label: 'designer.canvas.moveInto' },
  { direction: 'out', icon: 'outOf', label: 'designer.canvas.moveOut' },
];

/**
 * The selected field's buttons: the way to move fields without a mouse or on a touch screen (the
 * HTML5 drag and drop backend does not handle touch), plus duplicate and delete.
 */
function FieldActions({ id, label }: { id: string; label: string }) {
  const { t } = useTranslation();
  const { registry } = useDesigner();
  const { move, remove, duplicate } = useFieldCommands();
  const fields = useFields();
  const at = useLocation(id);
  if (!at) return null;
  const siblings = at.parent ? (at.parent.children ?? []) : fields;
  const previous = siblings[at.index - 1];
  const enabled: Record<MoveDirection, boolean> = {
    up: at.index > 0,
    down: at.index < siblings.length - 1,
    into: !!previous && !!registry.get(previous.type)?.container,
    out: at.parent !== null,
  };
  return (
    <div className="fl-dz-actions" role="toolbar" aria-label={t('designer.canvas.actions', { label })} onClick={(e) => e.stopPropagation()}>
      {actions.map((a) => (
        <button
          key={a.direction}
          type="button"
          className="fl-dz-iconbtn"
          aria-label={t(a.label)}
          title={t(a.label)}
          disabled={!enabled[a.direction]}
          onClick={() => move(id, a.direction)}
        >
          <Icon name={a.icon} />
        </button>
      ))}
      <span className="fl-dz-actions__sep" aria-hidden="true" />
      <button
        type="button"
        className="fl-dz-iconbtn"
        aria-label={t('designer.canvas.duplicate')}
        title={t('designer.canvas.duplicate')}
        onClick={() => duplicate(id)}
      >
        <Icon name="duplicate" />
      </button>
      <button
        type="button"
        className="fl-dz-iconbtn fl-dz-iconbtn--danger"
        aria-label={t('designer.canvas.delete')}
        title={t('designer.canvas.delete')}
        onClick={() => remove(id)}
      >
        <Icon name="trash" />
      </button>
    </div>
  );
}

import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorSchema, FieldProps, RJSFSchema, UiSchema } from '@rjsf/utils';
import { getUiOptions, toFieldPathId, TranslatableString } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { editKeys, editRows, keysFor, sameJson, type RowEdit } from './rowKeys.ts';
import './subtable.css';

type Row = unknown;
const EMPTY_UI: UiSchema = {};

/**
 * A sub-table (an array of row objects) with add, remove and move up/down. It replaces rjsf's
 * ArrayField because rjsf clones the whole form on every keystroke, so its memoized rows all see
 * "new" data and re-render: 200 rows made each keystroke several times slower than 20. Here a row
 * re-renders only when its own data, errors or position change (compared by value), and keeps a
 * stable key when rows move, so focus and typed text stay with it.
 */
export function SubtableField(props: FieldProps) {
  const {
    schema,
    uiSchema,
    formData,
    errorSchema,
    fieldPathId,
    registry,
    onChange,
    onBlur,
    onFocus,
    disabled,
    readonly,
    hideError,
    required,
    name,
  } = props;
  const { t } = useTranslation();
  const rows = useMemo(() => (Array.isArray(formData) ? formData : []), [formData]);
  const keysRef = useRef<string[]>([]);
  keysRef.current = keysFor(keysRef.current, rows.length);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const [announcement, setAnnouncement] = useState('');
  // Where focus goes after an edit: the moved row's button, the next row, the new row's first field.
  const focusAfter = useRef<{ key: string; target: 'up' | 'down' | 'row' | 'first' } | null>(null);

  const options = getUiOptions(uiSchema);
  const itemSchema = useMemo(
    () => (typeof schema.items === 'object' && !Array.isArray(schema.items) ? schema.items : {}) as RJSFSchema,
    [schema.items],
  );
  const itemUi = (uiSchema?.items as UiSchema | undefined) ?? EMPTY_UI;
  const locked = !!(disabled || readonly);
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const canAdd = !locked && options.addable !== false && rows.length < maxItems;
  const canRemove = !locked && options.removable !== false && rows.length > minItems;
  const canMove = !locked && options.orderable !== false;

  const edit = useCallback(
    (change: RowEdit) => {
      const current = rowsRef.current;
      const newRow = change.kind === 'add' ? registry.schemaUtils.getDefaultFormState(itemSchema, undefined) : undefined;
      const keys = editKeys(keysRef.current, change);
      keysRef.current = keys;
      if (change.kind === 'move') {
        focusAfter.current = {
          key: keys[change.to],
          target: change.to < change.from ? (change.to === 0 ? 'down' : 'up') : change.to === keys.length - 1 ? 'up' : 'down',
        };
        setAnnouncement(t('subtable.moved', { from: change.from + 1, to: change.to + 1 }));
      } else if (change.kind === 'remove') {
        const next = keys[Math.min(change.index, keys.length - 1)];
        focusAfter.current = next ? { key: next, target: 'row' } : null;
        setAnnouncement(t('subtable.removed', { n: change.index + 1 }));
      } else {
        focusAfter.current = { key: keys[keys.length - 1], target: 'first' };
        setAnnouncement(t('subtable.added', { n: keys.length }));
      }
      onChange(editRows(current, change, newRow), fieldPathId.path);
    },
    [registry.schemaUtils, itemSchema, onChange, fieldPathId.path, t],
  );

  const title = (options.title as string | undefined) ?? schema.title ?? name;
  const addLabel = registry.translateString(TranslatableString.AddItemButton);
  return (
    <fieldset className="fl-subtable" id={fieldPathId.$id}>
      {title && (
        <legend className="fl-subtable__title">
          {title}
          {required && <span className="required">*</span>}
        </legend>
      )}
      {schema.description && <p className="field-description">{schema.description}</p>}
      <div className="fl-subtable__rows">
        {rows.map((row, index) => (
          <SubtableRow
            key={keysRef.current[index]}
            rowKey={keysRef.current[index]}
            index={index}
            total={rows.length}
            data={row}
            schema={itemSchema}
            uiSchema={itemUi}
            errorSchema={errorSchema?.[index] as ErrorSchema | undefined}
            parentPath={fieldPathId}
            name={name}
            registry={registry}
            onChange={onChange}
            onBlur={onBlur}
            onFocus={onFocus}
            disabled={disabled}
            readonly={readonly}
            hideError={hideError}
            canRemove={canRemove}
            canMove={canMove}
            edit={edit}
            focusAfter={focusAfter}
          />
        ))}
      </div>
      {rows.length === 0 && <p className="fl-subtable__empty">{registry.translateString(TranslatableString.EmptyArray)}</p>}
      {canAdd && (
        <div className="fl-add-row">
          <button type="button" className="fl-btn fl-btn--secondary fl-add-btn" onClick={() => edit({ kind: 'add' })}>
            <span aria-hidden="true">＋</span> {addLabel}
          </button>
        </div>
      )}
      <div className="fl-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </fieldset>
  );
}

interface RowProps {
  rowKey: string;
  index: number;
  total: number;
  data: Row;
  schema: RJSFSchema;
  uiSchema: UiSchema;
  errorSchema: ErrorSchema | undefined;
  parentPath: FieldProps['fieldPathId'];
  name: string;
  registry: FieldProps['registry'];
  onChange: FieldProps['onChange'];
  onBlur: FieldProps['onBlur'];
  onFocus: FieldProps['onFocus'];
  disabled?: boolean;
  readonly?: boolean;
  hideError?: boolean;
  canRemove: boolean;
  canMove: boolean;
  edit: (change: RowEdit) => void;
  focusAfter: React.RefObject<{ key: string; target: 'up' | 'down' | 'row' | 'first' } | null>;
}

/** One row: re-rendered only when something it shows changed. Data and errors are compared by value. */
const SubtableRow = memo(
  function SubtableRow(p: RowProps) {
    const { t } = useTranslation();
    const { SchemaField } = p.registry.fields;
    const fieldPathId = useMemo(
      () => toFieldPathId(p.index, p.registry.globalFormOptions, p.parentPath),
      [p.index, p.registry.globalFormOptions, p.parentPath],
    );
    const rowRef = useRef<HTMLDivElement>(null);
    const n = p.index + 1;

    useEffect(() => {
      const wanted = p.focusAfter.current;
      if (!wanted || wanted.key !== p.rowKey || !rowRef.current) return;
      p.focusAfter.current = null;
      const el = rowRef.current;
      const target =
        wanted.target === 'first'
          ? el.querySelector<HTMLElement>(
              '.fl-array-item__body input, .fl-array-item__body select, .fl-array-item__body textarea, .fl-array-item__body button',
            )
          : wanted.target === 'row'
            ? el.querySelector<HTMLElement>('.fl-array-item__index')
            : el.querySelector<HTMLElement>(`[data-row-action="${wanted.target}"]`);
      target?.focus();
    });

    return (
      <div ref={rowRef} className="fl-array-item rjsf-array-item" data-row={n}>
        <div className="fl-array-item__head">
          <span className="fl-array-item__index" tabIndex={-1}>
            {t('subtable.row', { n })}
          </span>
          {(p.canMove || p.canRemove) && (
            <div className="fl-array-item__toolbar">
              {p.canMove && (
                <>
                  <RowButton
                    action="up"
                    label={t('subtable.moveUp', { n })}
                    disabled={p.index === 0}
                    onClick={() => p.edit({ kind: 'move', from: p.index, to: p.index - 1 })}
                  >
                    ↑
                  </RowButton>
                  <RowButton
                    action="down"
                    label={t('subtable.moveDown', { n })}
                    disabled={p.index === p.total - 1}
                    onClick={() => p.edit({ kind: 'move', from: p.index, to: p.index + 1 })}
                  >
                    ↓
                  </RowButton>
                </>
              )}
              {p.canRemove && (
                <RowButton
                  action="remove"
                  danger
                  label={t('subtable.remove', { n })}
                  onClick={() => p.edit({ kind: 'remove', index: p.index })}
                >
                  ✕
                </RowButton>
              )}
            </div>
          )}
        </div>
        <div className="fl-array-item__body">
          <SchemaField
            name={`${p.name}-${p.index}`}
            index={p.index}
            schema={p.schema}
            uiSchema={p.uiSchema}
            formData={p.data}
            errorSchema={p.errorSchema}
            fieldPathId={fieldPathId}
            required
            onChange={p.onChange}
            onBlur={p.onBlur}
            onFocus={p.onFocus}
            registry={p.registry}
            disabled={p.disabled}
            readonly={p.readonly}
            hideError={p.hideError}
          />
        </div>
      </div>
    );
  },
  (a, b) =>
    a.index === b.index &&
    a.total === b.total &&
    a.rowKey === b.rowKey &&
    a.canRemove === b.canRemove &&
    a.canMove === b.canMove &&
    a.disabled === b.disabled &&
    a.readonly === b.readonly &&
    a.hideError === b.hideError &&
    a.schema === b.schema &&
    a.uiSchema === b.uiSchema &&
    a.registry === b.registry &&
    a.parentPath === b.parentPath &&
    a.onChange === b.onChange &&
    a.edit === b.edit &&
    sameJson(a.data, b.data) &&
    sameJson(a.errorSchema, b.errorSchema),
);

function RowButton(props: { action: string; label: string; danger?: boolean; disabled?: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      className={`fl-icon-btn fl-subtable__btn${props.danger ? ' fl-icon-btn--danger' : ''}`}
      data-row-action={props.action}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      <span aria-hidden="true">{props.children}</span>
    </button>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterClause } from '../../api/records.ts';
import type { Column } from '../submissionColumns.ts';
import { clausesOf, describeFilter, draftFor, withColumnFilter, type FilterDraft, type TextOp } from './filters.ts';
import { Popover } from './Popover.tsx';

/** "Filter": pick a column, set its condition in the editor its type calls for, apply. */
export function FilterPanel({
  columns,
  filter,
  onChange,
}: {
  columns: Column[];
  filter: FilterClause[];
  onChange: (f: FilterClause[]) => void;
}) {
  const { t } = useTranslation();
  const filterable = columns.filter((c) => c.filterKind);
  const active = filterable.filter((c) => clausesOf(filter, c).length > 0).length;
  return (
    <Popover label={t('records.filter.button')} badge={{ count: active, label: t('records.filter.activeCount', { count: active }) }}>
      {(close) => (
        <FilterEditor
          columns={filterable}
          filter={filter}
          onApply={(next) => {
            onChange(next);
            close();
          }}
        />
      )}
    </Popover>
  );
}

function FilterEditor({ columns, filter, onApply }: { columns: Column[]; filter: FilterClause[]; onApply: (f: FilterClause[]) => void }) {
  const { t } = useTranslation();
  const [columnId, setColumnId] = useState(() => columns.find((c) => clausesOf(filter, c).length)?.id ?? columns[0]?.id ?? '');
  const column = columns.find((c) => c.id === columnId);
  const [draft, setDraft] = useState<FilterDraft | null>(() => (column ? draftFor(column, filter) : null));
  if (!column || !draft) return <p>{t('records.filter.nothing')}</p>;

  return (
    <form
      className="fl-filter"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(withColumnFilter(filter, column, draft));
      }}
    >
      <label className="fl-field">
        <span className="fl-label">{t('records.filter.column')}</span>
        <select
          className="fl-input"
          value={columnId}
          onChange={(e) => {
            const next = columns.find((c) => c.id === e.target.value)!;
            setColumnId(next.id);
            setDraft(draftFor(next, filter));
          }}
        >
          {columns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <DraftEditor column={column} draft={draft} onChange={setDraft} />
      <div className="fl-filter__actions">
        <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onApply(filter.filter((c) => c.field !== column.id))}>
          {t('records.filter.clear')}
        </button>
        <button type="submit" className="fl-btn fl-btn--primary">
          {t('records.filter.apply')}
        </button>
      </div>
    </form>
  );
}

function DraftEditor({ column, draft, onChange }: { column: Column; draft: FilterDraft; onChange: (d: FilterDraft) => void }) {
  const { t } = useTranslation();
  switch (draft.kind) {
    case 'text':
      return (
        <>
          <label className="fl-field">
            <span className="fl-label">{t('records.filter.condition')}</span>
            <select className="fl-input" value={draft.op} onChange={(e) => onChange({ ...draft, op: e.target.value as TextOp })}>
              {(['contains', 'eq', 'empty', 'notEmpty'] as const).map((op) => (
                <option key={op} value={op}>
                  {t(`records.filter.op.${op}`)}
                </option>
              ))}
            </select>
          </label>
          {(draft.op === 'contains' || draft.op === 'eq') && (
            <label className="fl-field">
              <span className="fl-label">{t('records.filter.value')}</span>
              <input className="fl-input" value={draft.value} autoFocus onChange={(e) => onChange({ ...draft, value: e.target.value })} />
            </label>
          )}
        </>
      );
    case 'range': {
      const type = column.filterKind === 'number' ? 'number' : 'date';
      return (
        <div className="fl-filter__range">
          <label className="fl-field">
            <span className="fl-label">{t(type === 'number' ? 'records.filter.min' : 'records.filter.from')}</span>
            <input
              className="fl-input"
              type={type}
              step="any"
              value={draft.min}
              onChange={(e) => onChange({ ...draft, min: e.target.value })}
            />
          </label>
          <label className="fl-field">
            <span className="fl-label">{t(type === 'number' ? 'records.filter.max' : 'records.filter.to')}</span>
            <input
              className="fl-input"
              type={type}
              step="any"
              value={draft.max}
              onChange={(e) => onChange({ ...draft, max: e.target.value })}
            />
          </label>
        </div>
      );
    }
    case 'choice':
      return (
        <fieldset className="fl-filter__choices">
          <legend className="fl-label">{column.multiple ? t('records.filter.allOf') : t('records.filter.oneOf')}</legend>
          {(column.choices ?? []).map((choice) => {
            const on = draft.values.includes(choice.value);
            return (
              <label key={String(choice.value)} className="fl-check">
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() =>
                    onChange({ ...draft, values: on ? draft.values.filter((v) => v !== choice.value) : [...draft.values, choice.value] })
                  }
                />
                <span>{choice.label}</span>
              </label>
            );
          })}
        </fieldset>
      );
    case 'presence':
      return (
        <fieldset className="fl-filter__choices">
          <legend className="fl-label">{t('records.filter.condition')}</legend>
          {(['notEmpty', 'empty'] as const).map((op) => (
            <label key={op} className="fl-check">
              <input type="radio" name="presence" checked={draft.op === op} onChange={() => onChange({ ...draft, op })} />
              <span>{t(`records.filter.op.${op}`)}</span>
            </label>
          ))}
        </fieldset>
      );
  }
}

/** The active filters as chips; each one's × takes it off. */
export function ActiveFilters({
  columns,
  filter,
  onChange,
  formatDay,
}: {
  columns: Column[];
  filter: FilterClause[];
  onChange: (f: FilterClause[]) => void;
  formatDay: (day: string) => string;
}) {
  const { t } = useTranslation();
  const chips = columns.flatMap((c) => {
    const text = describeFilter(c, filter, t, formatDay);
    return text ? [{ column: c, text }] : [];
  });
  if (chips.length === 0) return null;
  return (
    <ul className="fl-chips" aria-label={t('records.filter.active')}>
      {chips.map(({ column, text }) => (
        <li key={column.id} className="fl-chip">
          <span>{text}</span>
          <button
            type="button"
            className="fl-chip__remove"
            aria-label={t('records.filter.remove', { filter: text })}
            onClick={() => onChange(filter.filter((c) => c.field !== column.id))}
          >
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button type="button" className="fl-btn fl-btn--ghost fl-chips__clear" onClick={() => onChange([])}>
            {t('records.filter.clearAll')}
          </button>
        </li>
      )}
    </ul>
  );
}

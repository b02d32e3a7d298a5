import { useTranslation } from 'react-i18next';
import type { Column } from '../submissionColumns.ts';
import { Popover } from './Popover.tsx';

/** Which columns the table shows, in the form's order; at least one stays. */
export function ColumnChooser({
  columns,
  chosen,
  onChange,
  defaults,
}: {
  columns: Column[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  defaults: string[];
}) {
  const { t } = useTranslation();
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    // Keep the form's order whatever order they were ticked in.
    onChange(columns.map((c) => c.id).filter((c) => next.has(c)));
  };
  return (
    <Popover label={t('records.columns.button')}>
      {() => (
        <fieldset className="fl-choose">
          <legend className="fl-visually-hidden">{t('records.columns.legend')}</legend>
          <ul className="fl-choose__list">
            {columns.map((c) => {
              const on = chosen.includes(c.id);
              return (
                <li key={c.id}>
                  <label className="fl-check">
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={on && chosen.length === 1}
                      onChange={(e) => toggle(c.id, e.target.checked)}
                    />
                    <span>{c.title}</span>
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="fl-choose__actions">
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onChange(columns.map((c) => c.id))}>
              {t('records.columns.all')}
            </button>
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onChange(defaults)}>
              {t('records.columns.reset')}
            </button>
          </div>
        </fieldset>
      )}
    </Popover>
  );
}

import { useTranslation } from 'react-i18next';
import { needsValue, operatorsFor, type FieldOperator, type FilterField, type FilterRows } from './filterRows.ts';

/**
 * Rows of "field · comparison · value" joined by all/any, on the chosen form's fields. A filter too
 * complex for rows (set through the API) is shown as kept, with a way to remove it.
 */
export function FilterBuilder({
  rows,
  fields,
  onChange,
  complex,
  onClearComplex,
  error,
}: {
  rows: FilterRows;
  fields: FilterField[] | null;
  onChange: (rows: FilterRows) => void;
  complex: boolean;
  onClearComplex: () => void;
  error?: string;
}) {
  const { t } = useTranslation();
  if (complex) {
    return (
      <div className="fl-alert fl-alert--info">
        {t('webhooks.filter.complex')}
        <div className="fl-alert__actions">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={onClearComplex}>
            {t('webhooks.filter.clear')}
          </button>
        </div>
      </div>
    );
  }
  if (!fields) return <p className="fl-int-muted">{t('webhooks.filter.needsForm')}</p>;

  const setRow = (index: number, patch: Partial<FilterRows['rows'][number]>) =>
    onChange({ ...rows, rows: rows.rows.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  const addRow = () => {
    const field = fields[0];
    if (field) onChange({ ...rows, rows: [...rows.rows, { field: field.key, op: operatorsFor(field)[0], value: '' }] });
  };

  return (
    <div className="fl-int-filterrows" aria-invalid={error ? true : undefined}>
      {rows.rows.length === 0 ? (
        <p className="fl-int-muted">{t('webhooks.filter.none')}</p>
      ) : (
        <>
          {rows.rows.length > 1 && (
            <label className="fl-int-inline">
              <span>{t('webhooks.filter.combine')}</span>
              <select
                className="fl-input"
                value={rows.combine}
                onChange={(e) => onChange({ ...rows, combine: e.target.value as FilterRows['combine'] })}
              >
                <option value="all">{t('webhooks.filter.all')}</option>
                <option value="any">{t('webhooks.filter.any')}</option>
              </select>
            </label>
          )}
          <ol className="fl-int-rows">
            {rows.rows.map((row, i) => {
              const field = fields.find((f) => f.key === row.field);
              const ops = operatorsFor(field);
              return (
                <li key={i} className="fl-int-row fl-int-row--filter">
                  <select
                    className="fl-input"
                    aria-label={t('webhooks.filter.field')}
                    value={row.field}
                    onChange={(e) => {
                      const next = fields.find((f) => f.key === e.target.value);
                      const op = operatorsFor(next).includes(row.op) ? row.op : operatorsFor(next)[0];
                      setRow(i, { field: e.target.value, op, value: '' });
                    }}
                  >
                    {!field && <option value={row.field}>{row.field}</option>}
                    {fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.title}
                      </option>
                    ))}
                  </select>
                  <select
                    className="fl-input"
                    aria-label={t('webhooks.filter.operator')}
                    value={row.op}
                    onChange={(e) => setRow(i, { op: e.target.value as FieldOperator })}
                  >
                    {ops.map((op) => (
                      <option key={op} value={op}>
                        {t(`webhooks.filter.ops.${op}`)}
                      </option>
                    ))}
                  </select>
                  {needsValue(row.op) ? (
                    field?.choices ? (
                      <select
                        className="fl-input"
                        aria-label={t('webhooks.filter.value')}
                        value={row.value}
                        onChange={(e) => setRow(i, { value: e.target.value })}
                      >
                        <option value="" />
                        {field.choices.map((c) => {
                          const v = typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
                          return (
                            <option key={v} value={v}>
                              {c.label}
                            </option>
                          );
                        })}
                      </select>
                    ) : (
                      <input
                        className="fl-input"
                        aria-label={t('webhooks.filter.value')}
                        type={field?.kind === 'number' ? 'number' : field?.kind === 'date' ? 'date' : 'text'}
                        value={row.value}
                        onChange={(e) => setRow(i, { value: e.target.value })}
                      />
                    )
                  ) : (
                    <span />
                  )}
                  <button
                    type="button"
                    className="fl-btn fl-btn--ghost fl-int-remove"
                    aria-label={t('webhooks.filter.remove', { n: i + 1 })}
                    onClick={() => onChange({ ...rows, rows: rows.rows.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {error && <p className="fl-int-error">{error}</p>}
      <button type="button" className="fl-btn fl-btn--secondary" onClick={addRow} disabled={fields.length === 0}>
        {t('webhooks.filter.add')}
      </button>
    </div>
  );
}

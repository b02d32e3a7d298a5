import { useTranslation } from 'react-i18next';

export interface HeaderRow {
  name: string;
  value: string;
}

export const headersFromRecord = (headers: Record<string, string>): HeaderRow[] =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

/** Rows with a name, as the API's record; a name listed twice is reported by `headerProblems` before saving. */
export const headersToRecord = (rows: HeaderRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.value]));

/** Per row: what is wrong before the server is asked (a value without a name, a name given twice). */
export function headerProblems(rows: HeaderRow[]): ('nameRequired' | 'duplicate' | null)[] {
  return rows.map((row, i) => {
    const name = row.name.trim().toLowerCase();
    if (!name) return row.value ? 'nameRequired' : null;
    return rows.findIndex((r) => r.name.trim().toLowerCase() === name) !== i ? 'duplicate' : null;
  });
}

/** Key/value rows for the extra headers sent with every delivery. */
export function HeadersEditor({ rows, onChange, error }: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; error?: string }) {
  const { t } = useTranslation();
  const problems = headerProblems(rows);
  const setRow = (index: number, patch: Partial<HeaderRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="fl-int-headers">
      {rows.length > 0 && (
        <ol className="fl-int-rows">
          {rows.map((row, i) => (
            <li key={i} className="fl-int-row fl-int-row--header">
              <input
                className="fl-input"
                aria-label={t('webhooks.headers.name')}
                placeholder={t('webhooks.headers.name')}
                value={row.name}
                aria-invalid={problems[i] ? true : undefined}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setRow(i, { name: e.target.value })}
              />
              <input
                className="fl-input"
                aria-label={t('webhooks.headers.value')}
                placeholder={t('webhooks.headers.value')}
                value={row.value}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setRow(i, { value: e.target.value })}
              />
              <button
                type="button"
                className="fl-btn fl-btn--ghost fl-int-remove"
                aria-label={t('webhooks.headers.remove', { name: row.name || i + 1 })}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                ×
              </button>
              {problems[i] && <p className="fl-int-error fl-int-row__error">{t(`webhooks.headers.${problems[i]}`)}</p>}
            </li>
          ))}
        </ol>
      )}
      {error && <p className="fl-int-error">{error}</p>}
      <button type="button" className="fl-btn fl-btn--secondary" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        {t('webhooks.headers.add')}
      </button>
    </div>
  );
}

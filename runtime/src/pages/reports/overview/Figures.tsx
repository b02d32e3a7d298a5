import { formatCell, labelIn, type Locale, type ReportResult } from '@formloom/schemas';

/** A number field's sum, average, minimum and maximum as four figures (one row, one figure per measure). */
export function Figures({ result, locale }: { result: ReportResult; locale: Locale }) {
  const row = result.rows[0] ?? [];
  return (
    <dl className="fl-report-figures">
      {result.columns.map((column, i) => (
        <div key={column.id} className="fl-report-figures__item">
          <dt>{labelIn(column.label, locale)}</dt>
          <dd>{formatCell(row[i] ?? null, column, result.labels, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The figures as a two-column table, for the PNG. */
export function figuresTable(result: ReportResult, locale: Locale) {
  const row = result.rows[0] ?? [];
  return result.columns.map((column, i) => [labelIn(column.label, locale), formatCell(row[i] ?? null, column, result.labels, locale)]);
}

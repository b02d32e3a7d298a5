import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ImportField, ImportProblem } from '../../api/imports.ts';
import { localizeValidationMessage } from '../../form/errorMessages.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { fieldLabel } from './MappingStep.tsx';

/** Rows shown at once; the counts above say how many there are in all. */
const SHOWN = 200;

/** Keywords only an import (or the server's own checks) reports, beyond JSON Schema's. */
const IMPORT_KEYWORDS: Record<string, string> = {
  relation: 'import.problems.relation',
  interrupted: 'import.problems.interrupted',
  internal_error: 'import.problems.internal',
  insufficient_stock: 'import.problems.insufficientStock',
};

/** How a cell could not be read (the server's keyword and params), said the way a spreadsheet user thinks of it. */
function unreadableCell(p: ImportProblem): string | null {
  if (p.keyword === 'type' && (p.params?.type === 'number' || p.params?.type === 'boolean')) return `import.problems.not_${p.params.type}`;
  if (p.keyword === 'format' && ['date', 'date-time', 'time'].includes(String(p.params?.format)))
    return `import.problems.not_${p.params!.format}`;
  if (p.keyword === 'oneOf' && p.value) return 'import.problems.notOption';
  if (p.keyword === 'required') return 'import.problems.required';
  return null;
}

export function problemMessage(t: TFunction, p: ImportProblem): string {
  const own = IMPORT_KEYWORDS[p.keyword] ?? unreadableCell(p);
  if (own) return t(own);
  return localizeValidationMessage(t, p.keyword, p.params, p.message);
}

/** Each problem with the row number as the file shows it, the column, the cell and what is wrong. */
export function ImportProblems({ problems, fields }: { problems: ImportProblem[]; fields: ImportField[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const shown = problems.slice(0, SHOWN);
  const hidden = problems.length - shown.length;
  return (
    <div className="fl-import-problems">
      <table>
        <caption className="fl-visually-hidden">{t('import.problems.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.problems.row')}</th>
            <th scope="col">{t('import.problems.column')}</th>
            <th scope="col">{t('import.problems.value')}</th>
            <th scope="col">{t('import.problems.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p, i) => {
            const field = p.field ? byKey.get(p.field) : undefined;
            return (
              <tr key={i}>
                <td data-label={t('import.problems.row')} className="fl-import-problems__row">
                  {p.row ?? '—'}
                </td>
                <td data-label={t('import.problems.column')}>{p.column ?? (field ? fieldLabel(field, locale) : (p.field ?? '—'))}</td>
                <td data-label={t('import.problems.value')} className="fl-import-problems__value">
                  {p.value ? p.value : <em>{t('import.problems.empty')}</em>}
                </td>
                <td data-label={t('import.problems.problem')}>{problemMessage(t, p)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hidden > 0 && <p className="fl-import-hint">{t('import.problems.more', { count: hidden })}</p>}
    </div>
  );
}

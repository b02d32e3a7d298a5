import type { FilterCondition, ReportDefinition } from '@formloom/schemas';
import { localizeForm } from '@formloom/schemas';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterClause } from '../../../api/records.ts';
import type { Form } from '../../../api/types.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { ActiveFilters, FilterPanel } from '../../records/FilterPanel.tsx';
import { draftFor, withColumnFilter } from '../../records/filters.ts';
import { columnsFor, dateFormat, systemColumns } from '../../submissionColumns.ts';
import { Field } from './Field.tsx';

/**
 * Filters: the submission date range in view (the filter reports need most), and conditions on the
 * form's fields with the data views' own filter editor and chips, so a condition reads the same in both.
 */
export function FilterSection({
  form,
  definition,
  onChange,
}: {
  form: Form;
  definition: ReportDefinition;
  onChange: (next: ReportDefinition) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { createdAt, fieldColumns } = useMemo(() => {
    const system = systemColumns(t, locale);
    const doc = form.published ? localizeForm(form.published.schema, form.published.uiSchema, locale) : null;
    return {
      createdAt: system.find((c) => c.id === 'createdAt')!,
      fieldColumns: doc ? columnsFor(doc.schema, doc.uiSchema, t, locale) : [],
    };
  }, [form, t, locale]);
  const filter = definition.filters as FilterClause[];
  const setFilter = (next: FilterClause[]) => onChange({ ...definition, filters: next as FilterCondition[] });
  const range = draftFor(createdAt, filter);
  const formatDay = useMemo(() => dateFormat(locale), [locale]);

  return (
    <fieldset className="fl-rb-group">
      <legend className="fl-rb-group__title">{t('reportBuilder.filters.title')}</legend>
      {range.kind === 'range' && (
        <div className="fl-rb-range">
          <Field label={t('reportBuilder.filters.from')}>
            {(id) => (
              <input
                id={id}
                className="fl-input"
                type="date"
                value={range.min}
                onChange={(e) => setFilter(withColumnFilter(filter, createdAt, { ...range, min: e.target.value }))}
              />
            )}
          </Field>
          <Field label={t('reportBuilder.filters.to')}>
            {(id) => (
              <input
                id={id}
                className="fl-input"
                type="date"
                value={range.max}
                onChange={(e) => setFilter(withColumnFilter(filter, createdAt, { ...range, max: e.target.value }))}
              />
            )}
          </Field>
        </div>
      )}
      {fieldColumns.some((c) => c.filterKind) && <FilterPanel columns={fieldColumns} filter={filter} onChange={setFilter} />}
      <ActiveFilters columns={fieldColumns} filter={filter} onChange={setFilter} formatDay={formatDay} />
    </fieldset>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { labelIn, type ReportableField } from '@formloom/schemas';
import type { Locale } from '../../../i18n/locale.ts';
import { activeFilterCount, isFilterField, RANGE_PRESETS, type OverviewFilters, type RangePreset } from './filters.ts';

const RANGE_KEYS: Record<RangePreset, string> = { '7': 'last7', '30': 'last30', '90': 'last90', all: 'all' };

interface ReportFiltersProps {
  fields: ReportableField[];
  filters: OverviewFilters;
  locale: Locale;
  onChange: (filters: OverviewFilters) => void;
}

/** The date range presets (always in view) and one choice per option field (folded away on phones). */
export function ReportFilters({ fields, filters, locale, onChange }: ReportFiltersProps) {
  const { t } = useTranslation();
  const rangeId = useId();
  const choices = fields.filter(isFilterField);
  const active = activeFilterCount(filters);
  return (
    <div className="fl-report-filters">
      <div className="fl-report-range" role="radiogroup" aria-labelledby={rangeId}>
        <span id={rangeId} className="fl-report-range__label">
          {t('reports.filters.range')}
        </span>
        {RANGE_PRESETS.map((range) => (
          <button
            key={range}
            type="button"
            role="radio"
            aria-checked={filters.range === range}
            className={`fl-report-range__option${filters.range === range ? ' is-active' : ''}`}
            onClick={() => onChange({ ...filters, range })}
          >
            {t(`reports.filters.${RANGE_KEYS[range]}`)}
          </button>
        ))}
      </div>
      {choices.length > 0 && (
        <details className="fl-report-fields" open={active > 0 || undefined}>
          <summary>
            {t('reports.filters.title')}
            {active > 0 && <span className="fl-badge">{t('reports.filters.active', { count: active })}</span>}
          </summary>
          <div className="fl-report-fields__grid">
            {choices.map((field) => (
              <FieldFilter key={field.key} field={field} locale={locale} filters={filters} onChange={onChange} />
            ))}
          </div>
        </details>
      )}
    </div>
  );
}

function FieldFilter({ field, locale, filters, onChange }: { field: ReportableField } & Omit<ReportFiltersProps, 'fields'>) {
  const { t } = useTranslation();
  const id = useId();
  const value = filters.values[field.key] ?? '';
  const set = (next: string) => {
    const values = { ...filters.values };
    if (next === '') delete values[field.key];
    else values[field.key] = next;
    onChange({ ...filters, values });
  };
  return (
    <div className="fl-field">
      <label className="fl-label" htmlFor={id}>
        {labelIn(field.title, locale)}
      </label>
      <select id={id} className="fl-input" value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('reports.filters.any')}</option>
        {field.options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {labelIn(option.label, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { automaticReport, chartNumber, type ReportableField, type ReportResult } from '@formloom/schemas';
import { useApi } from '../../../api/ApiContext.tsx';
import { queryReport } from '../../../api/reports.ts';
import type { Form } from '../../../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import type { Locale } from '../../../i18n/locale.ts';
import { activeFilterCount, filterConditions, rangeDays, sectionDefinition, type OverviewFilters } from './filters.ts';
import { SectionCard } from './SectionCard.tsx';

interface OverviewProps {
  form: Form;
  fields: ReportableField[];
  filters: OverviewFilters;
  locale: Locale;
  /** When the filters were applied: the date range counts back from it. */
  now: Date;
  onClearFilters: () => void;
}

/**
 * The automatic report's sections as cards. The total is asked first: with no submissions (at all, or
 * for these filters) the page says so once instead of drawing a dozen empty charts.
 */
export function Overview({ form, fields, filters, locale, now, onClearFilters }: OverviewProps) {
  const { t } = useTranslation();
  const api = useApi();
  const published = form.published!;
  const sections = useMemo(() => automaticReport(published.schema, published.uiSchema, form.id), [published, form.id]);
  const span = useMemo(() => rangeDays(filters.range, now), [filters.range, now]);
  const conditions = useMemo(() => filterConditions(filters, fields, now), [filters, fields, now]);
  const definitions = useMemo(
    () => sections.map((s) => sectionDefinition(s, conditions, filters.range)),
    [sections, conditions, filters.range],
  );
  const totalIndex = sections.findIndex((s) => s.kind === 'total');
  const totalDefinition = definitions[totalIndex]!;
  const filtered = filters.range !== 'all' || activeFilterCount(filters) > 0;
  const total = useAsync(async () => {
    const result = await queryReport(api, totalDefinition);
    // None for these filters: are there any at all? Decides between "clear the filters" and "nothing yet".
    const none = countOf(result) === 0 && (!filtered || countOf(await queryReport(api, sections[totalIndex]!.definition)) === 0);
    return { result, none };
  }, [api, JSON.stringify(totalDefinition)]);

  if (total.status === 'loading') return <Loading />;
  if (total.status === 'error') return <ErrorState error={total.error} onRetry={total.reload} />;
  if (total.data.none) {
    return (
      <EmptyState title={t('reports.page.empty')}>
        <p>{t('reports.page.emptyHint')}</p>
      </EmptyState>
    );
  }
  if (countOf(total.data.result) === 0) {
    return (
      <EmptyState title={t('reports.page.noMatches')}>
        <button type="button" className="fl-btn fl-btn--secondary" onClick={onClearFilters}>
          {t('reports.page.clearFilters')}
        </button>
      </EmptyState>
    );
  }
  return (
    <div className="fl-report-grid">
      {sections.map((section, i) => (
        <SectionCard
          key={section.id}
          section={section}
          definition={definitions[i]!}
          locale={locale}
          result={i === totalIndex ? total.data.result : undefined}
          span={span}
        />
      ))}
    </div>
  );
}

const countOf = (result: ReportResult) => chartNumber(result.rows[0]?.[0] ?? null) ?? 0;

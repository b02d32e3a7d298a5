// The automatic report's filters as report definition filters: a date range on createdAt (days counted on
// the Hong Kong calendar, the definitions' time zone) and one value per choice or yes/no field.
import type { AutomaticSection, FilterCondition, ReportableField, ReportDefinition, ReportResult } from '@formloom/schemas';

export const RANGE_PRESETS = ['7', '30', '90', 'all'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export interface OverviewFilters {
  range: RangePreset;
  /** Field key → the chosen option's value as text ('true'/'false' for yes/no). Absent: any. */
  values: Record<string, string>;
}

export const DEFAULT_FILTERS: OverviewFilters = { range: '30', values: {} };

/** Fields offered as filters: one value each from a fixed list. */
export const isFilterField = (f: ReportableField) =>
  (f.role === 'choice' || f.role === 'multiChoice' || f.role === 'yesNo') && f.options.length > 0;

/** Today's date on the Hong Kong calendar (no daylight saving there, so +08:00 holds all year). */
function hongKongDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The first instant of the range: midnight in Hong Kong, `days - 1` days before today. */
export function rangeStart(range: RangePreset, now: Date): string | null {
  if (range === 'all') return null;
  const start = new Date(`${hongKongDay(now)}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - (Number(range) - 1));
  return `${start.toISOString().slice(0, 10)}T00:00:00+08:00`;
}

export function filterConditions(filters: OverviewFilters, fields: ReportableField[], now: Date): FilterCondition[] {
  const conditions: FilterCondition[] = [];
  const from = rangeStart(filters.range, now);
  if (from) conditions.push({ field: 'createdAt', op: 'gte', value: from });
  for (const field of fields) {
    const chosen = filters.values[field.key];
    if (chosen === undefined || !isFilterField(field)) continue;
    const option = field.options.find((o) => String(o.value) === chosen);
    if (!option) continue;
    // A multi-select holds a list: the filter asks for submissions whose list has the value.
    conditions.push({ field: `data.${field.key}`, op: field.role === 'multiChoice' ? 'contains' : 'eq', value: option.value });
  }
  return conditions;
}

export function activeFilterCount(filters: OverviewFilters): number {
  return Object.keys(filters.values).length;
}

/**
 * A section's definition with the page's filters. Over time reads by day within a range of days, and by
 * month over all time (a day axis over years would be unreadable).
 */
export function sectionDefinition(section: AutomaticSection, conditions: FilterCondition[], range: RangePreset): ReportDefinition {
  const definition: ReportDefinition = { ...section.definition, filters: [...section.definition.filters, ...conditions] };
  if (section.kind === 'overTime' && range === 'all') {
    return { ...definition, dimensions: definition.dimensions.map((d) => ({ ...d, bucket: 'month' as const })), chart: { type: 'bar' } };
  }
  return definition;
}

/** The definition as the `from` parameter the report builder reads: base64url of its JSON (UTF-8). */
export function encodeDefinition(definition: ReportDefinition): string {
  const bytes = new TextEncoder().encode(JSON.stringify(definition));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function builderUrl(definition: ReportDefinition): string {
  return `/reports/new?formId=${encodeURIComponent(definition.formId)}&from=${encodeDefinition(definition)}`;
}

/** The range's first and last day (Hong Kong), which the over-time line spans even on days nobody submitted. */
export function rangeDays(range: RangePreset, now: Date): { from: string; to: string } | null {
  const start = rangeStart(range, now);
  return start ? { from: start.slice(0, 10), to: hongKongDay(now) } : null;
}

/**
 * A count per day from `from` to `to`: the ends added as 0 when missing, so the chart's axis covers the
 * whole range (the chart fills the days between). Other shapes are returned as they are.
 */
export function spanDays(result: ReportResult, from: string, to: string): ReportResult {
  const [dim, count] = result.columns;
  if (result.columns.length !== 2 || dim?.type !== 'date' || dim.bucket !== 'day' || count?.role !== 'measure') return result;
  const days = result.rows.map((r) => r[0]);
  if (days.some((d) => typeof d !== 'string')) return result;
  const rows = [...result.rows];
  if (!days.includes(from) && (days.length === 0 || String(days[0]) > from)) rows.unshift([from, 0]);
  if (!days.includes(to) && String(rows[rows.length - 1]?.[0]) < to) rows.push([to, 0]);
  return { ...result, rows };
}

// The builder's working copy of a report definition: a blank one, one handed over in the `from` link
// parameter (the automatic report's "Open in builder"), and the edits that must keep it consistent
// (a sort on a column that no longer exists is dropped; a chart that no longer fits falls back to a table).
import { REPORT_LIMITS, type ReportDefinition } from '@formloom/schemas';
import { chartFits, type ReportField } from './reportFields.ts';

export function blankDefinition(formId: string): ReportDefinition {
  return {
    formId,
    dimensions: [],
    measures: [{ op: 'count' }],
    filters: [],
    sort: [],
    limit: REPORT_LIMITS.defaultRows,
    timezone: 'Asia/Hong_Kong',
    chart: { type: 'table' },
  };
}

/**
 * A starting definition from `?from=` (base64url of UTF-8 JSON, written by the overview's encodeDefinition), filled with the defaults the server would apply; null when the
 * text is not a definition at all (a mangled link). The server still checks everything on the first preview.
 */
export function decodeDefinition(text: string): ReportDefinition | null {
  try {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const d = parsed as Partial<ReportDefinition>;
    if (typeof d.formId !== 'string' || !Array.isArray(d.measures) || d.measures.length === 0) return null;
    return { ...blankDefinition(d.formId), ...d } as ReportDefinition;
  } catch {
    return null;
  }
}

/** The result column ids, in order: a given id, else `d0`… for dimensions and `m0`… for measures. */
export function columnIds(definition: Pick<ReportDefinition, 'dimensions' | 'measures'>): { dimensions: string[]; measures: string[] } {
  return {
    dimensions: definition.dimensions.map((d, i) => d.id ?? `d${i}`),
    measures: definition.measures.map((m, i) => m.id ?? `m${i}`),
  };
}

/** After an edit: sorts only on columns that exist, and a chart type that can draw the shape. */
export function settle(definition: ReportDefinition, fields: ReportField[]): ReportDefinition {
  const ids = columnIds(definition);
  const known = new Set([...ids.dimensions, ...ids.measures]);
  const sort = definition.sort.filter((s) => known.has(s.column));
  const chart = chartFits(definition.chart.type, definition, fields) ? definition.chart : { type: 'table' as const };
  return { ...definition, sort, chart };
}

/** The report's title in the UI language, falling back to the other language, then to `fallback`. */
export function titleOf(definition: Pick<ReportDefinition, 'title'>, locale: string, fallback: string): string {
  const title = definition.title;
  if (!title) return fallback;
  const mine = locale === 'zh-Hant' ? title['zh-Hant'] : title.en;
  const other = locale === 'zh-Hant' ? title.en : title['zh-Hant'];
  return mine.trim() || other.trim() || fallback;
}

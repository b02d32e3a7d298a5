import { useMemo, type ReactNode } from 'react';
import { CHART_COLORS, type Locale, type SpecialLabel } from '@formloom/schemas';
import { useApi } from '../../../api/ApiContext.tsx';
import { specialReportsApiFor, type SpecialReportsApi } from '../../../api/specialReports.ts';

/** The special reports' calls, or null with an API client that has no `request` (a test's fake). */
export function useSpecialReportsApi(): SpecialReportsApi | null {
  const api = useApi();
  return useMemo(() => specialReportsApiFor(api), [api]);
}

/** A two-language name in the reader's language (`zh-Hant` falls back to English when it is the same). */
export const labelOf = (label: SpecialLabel | null | undefined, locale: Locale, fallback = ''): string =>
  label ? (locale === 'zh-Hant' && label['zh-Hant']) || label.en : fallback;

export const numberFormat = (locale: Locale, digits = 3) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
export const moneyFormat = (locale: Locale) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'HKD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const dateTimeText = (iso: string | null, locale: Locale) =>
  iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Hong_Kong' }).format(new Date(iso)) : '';

/** Today in Hong Kong as YYYY-MM-DD (the reports' default day). */
export const todayInHongKong = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Hong_Kong', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

export interface StatProps {
  label: string;
  value: ReactNode;
  /** Draws the eye: people to follow up, tasks overdue. */
  tone?: 'warn' | 'alert';
  hint?: string;
}

export function Stat({ label, value, tone, hint }: StatProps) {
  return (
    <div className={`fl-special__stat${tone ? ` fl-special__stat--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
      {hint && <p className="fl-special__stat-hint">{hint}</p>}
    </div>
  );
}

export function Section({ title, children, wide, actions }: { title: string; children: ReactNode; wide?: boolean; actions?: ReactNode }) {
  return (
    <section className={`fl-card fl-report-card fl-special__section${wide ? ' fl-report-card--wide' : ''}`}>
      <div className="fl-report-card__head">
        <div className="fl-report-card__titles">
          <h2>{title}</h2>
        </div>
        {actions}
      </div>
      <div className="fl-report-card__body">{children}</div>
    </section>
  );
}

/** A line (or bar) chart's option over days: one series per entry, the palette's colours in order. */
export function dailyOption(
  dates: string[],
  series: { name: string; data: number[]; type?: 'line' | 'bar'; stack?: string }[],
): Record<string, unknown> {
  return {
    color: CHART_COLORS,
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: dates.map((d) => d.slice(5)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: s.type ?? 'line', name: s.name, data: s.data, stack: s.stack, symbolSize: 5, barMaxWidth: 28 })),
  };
}

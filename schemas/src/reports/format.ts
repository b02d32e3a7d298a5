/**
 * How report cells read in each locale: one place for the page, the charts, the exports and the
 * digest emails, so "HK$1,234.50" and "(blank)" look the same everywhere.
 */
import type { Locale } from '../i18n/locales.ts';
import { wallClock } from '../time/wallClock.ts';
import type { ReportCell, ReportColumn, ReportLabel, ReportResult } from '../models/reports.ts';

const BLANK: ReportLabel = { en: '(blank)', 'zh-Hant': '（空白）' };
const YES_NO: Record<'true' | 'false', ReportLabel> = { true: { en: 'Yes', 'zh-Hant': '是' }, false: { en: 'No', 'zh-Hant': '否' } };

/** Intl locale tags: Hong Kong conventions in both languages (comma thousands, dot decimals). */
const INTL_TAG: Record<Locale, string> = { en: 'en-HK', 'zh-Hant': 'zh-Hant-HK' };

export function labelIn(label: ReportLabel, locale: Locale): string {
  return label[locale] || label.en;
}

/** A number with up to `digits` decimals and thousands separators. */
export function formatNumber(value: number, locale: Locale, digits = 2): string {
  return new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: digits }).format(value);
}

/** Hong Kong dollars to the cent: HK$1,234.50, -HK$3.00. */
export function formatMoney(value: number, locale: Locale): string {
  const text = new Intl.NumberFormat(INTL_TAG[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(value));
  return `${value < 0 ? '-' : ''}HK$${text}`;
}

/** A date bucket's key (`YYYY-MM-DD`, its first day) as the bucket reads: a day, a week's Monday, a month, a year. */
export function formatDateBucket(value: string, bucket: ReportColumn['bucket']): string {
  if (bucket === 'month') return value.slice(0, 7);
  if (bucket === 'year') return value.slice(0, 4);
  // A date-time without a bucket reads to the minute; dates and day/week buckets as the date.
  if (!bucket && value.length > 10) return value.slice(0, 16).replace('T', ' ');
  return value.slice(0, 10);
}

/** An ISO instant as `YYYY-MM-DD HH:mm` on the wall clock of `timeZone` (the same in both locales); other text unchanged. */
export function formatInstant(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const { y, mo, d, h, mi } = wallClock(at, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`;
}

/**
 * The display text of one cell: coded values through `result.labels` (option titles, people,
 * departments), money as HK$, numbers with separators, dates by their bucket, null as "(blank)".
 */
export function formatCell(
  value: ReportCell,
  column: ReportColumn,
  labels: ReportResult['labels'],
  locale: Locale,
  timeZone = 'Asia/Hong_Kong',
): string {
  if (value === null) return labelIn(BLANK, locale);
  const named = labels[column.id]?.[String(value)];
  if (named) return labelIn(named, locale);
  if (typeof value === 'boolean') return labelIn(YES_NO[String(value) as 'true' | 'false'], locale);
  if (typeof value === 'number') return column.type === 'money' ? formatMoney(value, locale) : formatNumber(value, locale);
  if (column.type === 'date') return formatDateBucket(value, column.bucket);
  // An unbucketed date-time (or the min/max of one) is an instant: read in the report's zone.
  if ((column.type as string) === 'datetime') return formatInstant(value, timeZone);
  return value;
}

/** A measure's value as a plain number for charts (null stays a gap); avg and money rounded to what people read. */
export function chartNumber(value: ReportCell): number | null {
  if (typeof value === 'number') return Math.round(value * 100) / 100;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Math.round(Number(value) * 100) / 100;
  return null;
}

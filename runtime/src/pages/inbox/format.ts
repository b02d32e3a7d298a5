import type { ApprovalTask } from '../../api/workflow.ts';
import type { Locale } from '../../i18n/locale.ts';
import { dateTimeFormat, intlLocale } from '../submissionColumns.ts';

/** A flow's node name in the UI language (English is always there; Chinese when the designer gave it). */
export const flowText = (text: ApprovalTask['nodeName'] | null | undefined, locale: Locale) =>
  text ? ((locale === 'zh-Hant' ? text['zh-Hant'] : undefined) ?? text.en) : '';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/**
 * "2 h ago" / "2 小時前" for the last week, then the date and time: a list of tasks reads best by how
 * long things have waited, but "23 days ago" says less than the date.
 */
export function timeAgo(value: string, locale: Locale, justNow: string, now = Date.now()): string {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return value;
  const seconds = Math.round((now - at) / 1000);
  const relative = new Intl.RelativeTimeFormat(intlLocale(locale), { style: 'short' });
  if (seconds < 60) return justNow;
  if (seconds >= 7 * 24 * 60 * 60) return dateTimeFormat(locale, 'medium')(value);
  const [unit, size] = [...UNITS].reverse().find(([, s]) => seconds >= s)!;
  return relative.format(-Math.floor(seconds / size), unit);
}

/** The submission's first answers on one line: "Days: 5 · Reason: Family trip". */
export const summaryLine = (summary: ApprovalTask['summary']) =>
  summary
    .filter((s) => s.value !== '')
    .map((s) => `${s.title}: ${s.value}`)
    .join(' · ');

import type { Department } from '../../api/schedules.ts';
import type { Locale } from '../../i18n/locale.ts';
import { intlLocale } from '../submissionColumns.ts';

/** "10:00" (today's deadlines need no date). */
export const timeOnly = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** "Mon 30 Nov, 09:00" / "11月30日 週一 09:00": a period's opening. */
export const periodLabel = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

/** Department id → its name in the UI language (English when it has no Chinese name). */
export function departmentNames(departments: Department[], locale: Locale): Map<string, string> {
  return new Map(departments.map((d) => [d.id, (locale === 'zh-Hant' ? d.name['zh-Hant'] : undefined) ?? d.name.en]));
}

/**
 * "5 min ago", "3 小時前", or a date for anything older than a week, in the UI's language. `now` is passed
 * in so a list renders one consistent moment and tests are deterministic.
 */
export function timeAgo(iso: string, language: string, now: number = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(then);
}

/** A full date and time for a tooltip or a read/acknowledged state. */
export function dateTime(iso: string, language: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? '' : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(then);
}

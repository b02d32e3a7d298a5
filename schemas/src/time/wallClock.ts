/**
 * Year, month, day, hour and minute of an instant on the wall clock of an IANA time zone (a
 * schedule's "09:00 in Asia/Hong_Kong"); throws RangeError for an unknown zone.
 */
export function wallClock(instant: Date, timezone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

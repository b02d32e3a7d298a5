/** The report's time zone: checked as an IANA name, and its UTC offset for SQLite's date arithmetic. */
import { wallClock } from '@formloom/schemas';

// Names only (Asia/Hong_Kong, UTC, Etc/GMT-8). Intl also takes offsets such as "+08:00", which
// PostgreSQL's AT TIME ZONE reads with the POSIX sign (east of Greenwich negative), so they are refused.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

export function isIanaZone(name: string): boolean {
  if (!IANA_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes the zone's wall clock is ahead of UTC at `at` (480 for Asia/Hong_Kong). */
export function utcOffsetMinutes(zone: string, at: Date = new Date()): number {
  const { y, mo, d, h, mi } = wallClock(at, zone);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const utc = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes());
  return Math.round((wall - utc) / 60_000);
}

/**
 * Local calendar days as UTC ranges, so a report can group timestamps (ISO strings in UTC, the
 * same text on both databases) by the day they fell on in a time zone — daylight saving included —
 * with one parameterized join instead of time-zone arithmetic in SQL, which SQLite lacks.
 */
import type { Knex } from 'knex';
import { wallClock } from '@formloom/schemas';

export interface LocalDay {
  date: string;
  /** First instant of the day, ISO UTC. */
  start: string;
  /** First instant of the next day. */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of an instant on the wall clock of `timezone`. */
export function localDateOf(instant: Date, timezone: string): string {
  const w = wallClock(instant, timezone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}`;
}

/** `date` ± `days` on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant the local day `date` starts in `timezone` (two corrections settle any offset change). */
export function localMidnight(date: string, timezone: string): Date {
  const target = Date.parse(`${date}T00:00:00Z`);
  let t = target;
  for (let i = 0; i < 3; i++) {
    const w = wallClock(new Date(t), timezone);
    const shown = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
    if (shown === target) break;
    t += target - shown;
  }
  return new Date(t);
}

/** The `count` days ending with `last`, oldest first. */
export function localDays(last: string, count: number, timezone: string): LocalDay[] {
  const days: LocalDay[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const date = addDays(last, -i);
    days.push({ date, start: localMidnight(date, timezone).toISOString(), end: localMidnight(addDays(date, 1), timezone).toISOString() });
  }
  return days;
}

/**
 * `days(day, start_at, end_at) AS (VALUES …)` for a WITH clause, every value bound. Casts give
 * PostgreSQL the parameters' type; the columns then compare as text with the stored timestamps.
 */
export function daysTable(db: Knex, days: LocalDay[]): Knex.Raw {
  const row = '(CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(32)))';
  return db.raw(
    `days(day, start_at, end_at) AS (VALUES ${days.map(() => row).join(', ')})`,
    days.flatMap((d) => [d.date, d.start, d.end]),
  );
}

/** Today in `timezone`, or `date` after checking it is a real calendar day. */
export function reportDate(date: string | undefined, timezone: string, now: Date): string | null {
  if (!date) return localDateOf(now, timezone);
  return addDays(date, 0) === date ? date : null;
}

/**
 * The next openings of a daily / weekdays / weekly schedule as wall-clock labels in its time zone,
 * for the editor's preview while it is edited (a custom cron shows the server's, once saved).
 * Wall-clock only: "Mon 30 Nov 09:00" needs the date there, not the instant.
 */
import { wallClock, type ScheduleFrequency } from '@formloom/schemas';

export interface WallOpening {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  year: number;
  month: number;
  day: number;
  time: string;
}

/** The date and `HH:MM` on the schedule's wall clock now. */
function wallNow(now: Date, timezone: string) {
  const w = wallClock(now, timezone);
  return { y: w.y, mo: w.mo, d: w.d, hm: `${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}` };
}

/** Whether the frequency opens on a weekday (1 = Monday … 7 = Sunday). */
function opensOn(frequency: ScheduleFrequency, weekday: number): boolean {
  if (frequency.kind === 'daily') return true;
  if (frequency.kind === 'weekdays') return weekday <= 5;
  if (frequency.kind === 'weekly') return (frequency.weekdays ?? []).includes(weekday);
  return false;
}

export function nextWallOpenings(frequency: ScheduleFrequency, timezone: string, now: Date, count = 3): WallOpening[] {
  if (frequency.kind === 'cron' || !frequency.time) return [];
  let here: ReturnType<typeof wallNow>;
  try {
    here = wallNow(now, timezone);
  } catch {
    return [];
  }
  const out: WallOpening[] = [];
  // Calendar arithmetic on the local date itself (UTC used only as a calendar, never as a clock).
  for (let offset = 0; offset < 15 && out.length < count; offset++) {
    const date = new Date(Date.UTC(here.y, here.mo - 1, here.d + offset));
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (offset === 0 && frequency.time <= here.hm) continue;
    if (!opensOn(frequency, weekday)) continue;
    out.push({ weekday, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), time: frequency.time });
  }
  return out;
}

/** "Mon 30 Nov 09:00" / "11月30日 週一 09:00". */
export function openingLabel(o: WallOpening, language: string): string {
  const date = new Date(Date.UTC(o.year, o.month - 1, o.day, 12));
  const locale = language === 'zh-Hant' ? 'zh-Hant-HK' : 'en-GB';
  const text = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
  return `${text.replace(/,/g, '')} ${o.time}`;
}

/** The server's next openings (instants) as labels in the schedule's time zone. */
export function instantLabel(iso: string, timezone: string, language: string): string {
  const locale = language === 'zh-Hant' ? 'zh-Hant-HK' : 'en-GB';
  const at = new Date(iso);
  const date = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: timezone }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timezone }).format(at);
  return `${date.replace(/,/g, '')} ${time}`;
}

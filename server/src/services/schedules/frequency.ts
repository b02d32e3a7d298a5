/**
 * A schedule's frequency as times: when periods open, their deadlines and reminder times, all in
 * the schedule's time zone (croner does the time-zone and daylight-saving arithmetic). Pure: no
 * database, no clock; every function takes the instant it works from.
 */
import { Cron } from 'croner';
import { wallClock, type ScheduleBody, type ScheduleFrequency } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';

export interface ScheduleProblem {
  path: string;
  message: string;
}

const invalid = (problems: ScheduleProblem[]) =>
  new UnprocessableError('invalid_schedule', problems.map((p) => p.message).join(' '), problems);

const hm = (time: string) => time.split(':').map(Number) as [number, number];
const minutesOf = (time: string) => hm(time)[0] * 60 + hm(time)[1];

/** The cron pattern a frequency stands for (five fields; weekday 0 = Sunday in cron). */
export function cronPatternOf(frequency: ScheduleFrequency): string {
  if (frequency.kind === 'cron') return (frequency.cron ?? '').trim().replace(/\s+/g, ' ');
  const [h, m] = hm(frequency.time ?? '00:00');
  if (frequency.kind === 'daily') return `${m} ${h} * * *`;
  if (frequency.kind === 'weekdays') return `${m} ${h} * * 1-5`;
  const days = [...new Set(frequency.weekdays ?? [])].sort().map((d) => d % 7);
  return `${m} ${h} * * ${days.join(',')}`;
}

const cronFor = (pattern: string, timezone: string) => new Cron(pattern, { timezone, paused: true });

/** How a problem of the timing is worded for the thing being scheduled (a collection's period, a digest). */
export interface TimingWords {
  /** Missing time: "Give the time a period opens, such as 09:00." */
  time: string;
  /** Weekly without days. */
  weekdays: string;
  /** A cron example in the message about five fields: "0 9 * * 1-5". */
  cronExample: string;
}

/** The problems of a frequency in a zone: an unknown zone, a bad cron pattern, a missing time or weekday. */
export function timingProblems(body: Pick<ScheduleBody, 'frequency' | 'timezone'>, words: TimingWords): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const { frequency } = body;
  try {
    new Intl.DateTimeFormat('en', { timeZone: body.timezone });
  } catch {
    problems.push({ path: 'timezone', message: `"${body.timezone}" is not a time zone; use a name such as Asia/Hong_Kong.` });
  }
  if (frequency.kind === 'cron') {
    const pattern = cronPatternOf(frequency);
    if (pattern.split(' ').length !== 5) {
      problems.push({
        path: 'frequency.cron',
        message: `A custom schedule needs a cron pattern of five fields: minute hour day-of-month month day-of-week, e.g. "${words.cronExample}".`,
      });
    } else {
      try {
        if (!cronFor(pattern, 'UTC').nextRun())
          problems.push({ path: 'frequency.cron', message: `The cron pattern "${pattern}" never comes round.` });
      } catch (err) {
        problems.push({ path: 'frequency.cron', message: `The cron pattern "${pattern}" is not valid: ${(err as Error).message}` });
      }
    }
  } else {
    if (!frequency.time) problems.push({ path: 'frequency.time', message: words.time });
    if (frequency.kind === 'weekly' && !frequency.weekdays?.length) problems.push({ path: 'frequency.weekdays', message: words.weekdays });
  }
  return problems;
}

/** Throws 422 `invalid_schedule` with one detail per problem: an unknown zone, a bad cron, a deadline before the opening. */
export function checkSchedule(body: ScheduleBody): void {
  const problems = timingProblems(body, {
    time: 'Give the time a period opens, such as 09:00.',
    weekdays: 'Pick at least one day of the week for a weekly schedule.',
    cronExample: '0 9 * * 1-5',
  });
  const { frequency } = body;
  if (frequency.kind !== 'cron') {
    // A fixed opening time: the deadline and reminders fall after it on the same day.
    if (frequency.time && minutesOf(body.deadline) <= minutesOf(frequency.time)) {
      problems.push({
        path: 'deadline',
        message: `The deadline (${body.deadline}) must be after the opening time (${frequency.time}) on the same day.`,
      });
    }
    body.reminders.forEach((r, i) => {
      if (frequency.time && minutesOf(r) <= minutesOf(frequency.time)) {
        problems.push({ path: `reminders.${i}`, message: `The reminder at ${r} must be after the opening time (${frequency.time}).` });
      }
    });
  }
  if (new Set(body.reminders).size !== body.reminders.length)
    problems.push({ path: 'reminders', message: 'The same reminder time is listed twice.' });
  if (problems.length) throw invalid(problems);
}

type Timed = Pick<ScheduleBody, 'frequency' | 'timezone'>;

/** The next `count` openings strictly after `after`. */
export function nextOpenings(schedule: Timed, after: Date, count: number): Date[] {
  return cronFor(cronPatternOf(schedule.frequency), schedule.timezone).nextRuns(count, after);
}

/** The latest opening at or before `now`, or null when there has been none (within croner's search). */
export function latestOpening(schedule: Timed, now: Date): Date | null {
  const [latest] = cronFor(cronPatternOf(schedule.frequency), schedule.timezone).previousRuns(1, new Date(now.getTime() + 1));
  return latest ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date `YYYY-MM-DD` of an instant in `timezone`. */
export function localDate(instant: Date, timezone: string): string {
  const w = wallClock(instant, timezone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}`;
}

/** The period's key: its opening on the schedule's wall clock, `2026-11-30T0900` (sortable, URL-safe). */
export function periodKeyOf(opensAt: Date, timezone: string): string {
  const w = wallClock(opensAt, timezone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}${pad(w.mi)}`;
}

/** The first instant at or after `from` when the wall clock of `timezone` shows `time`. */
function nextWallTime(from: Date, time: string, timezone: string): Date {
  const [h, m] = hm(time);
  return cronFor(`${m} ${h} * * *`, timezone).nextRun(new Date(from.getTime() - 1))!;
}

/** Midnight starting the local day of `instant` (so "HH:MM that day" is the next HH:MM from it). */
function startOfLocalDay(instant: Date, timezone: string): Date {
  const w = wallClock(instant, timezone);
  return new Date(instant.getTime() - (w.h * 60 + w.mi) * 60_000 - (instant.getTime() % 60_000));
}

/**
 * The deadline of a period opening at `opensAt`: `deadline` on the same local day. Fixed-time kinds
 * are checked to put it after the opening; a cron opening at or after that time gets the next day's.
 */
export function deadlineOf(schedule: Pick<ScheduleBody, 'timezone' | 'deadline'>, opensAt: Date): Date {
  const sameDay = nextWallTime(startOfLocalDay(opensAt, schedule.timezone), schedule.deadline, schedule.timezone);
  return sameDay.getTime() > opensAt.getTime()
    ? sameDay
    : nextWallTime(new Date(opensAt.getTime() + 1), schedule.deadline, schedule.timezone);
}

/** The reminder instants of a period, sorted: each reminder time on the opening's day that falls after the opening. */
export function remindersOf(schedule: Pick<ScheduleBody, 'timezone' | 'reminders'>, opensAt: Date): Date[] {
  const dayStart = startOfLocalDay(opensAt, schedule.timezone);
  return schedule.reminders
    .map((r) => nextWallTime(dayStart, r, schedule.timezone))
    .filter((d) => d.getTime() > opensAt.getTime() && localDate(d, schedule.timezone) === localDate(opensAt, schedule.timezone))
    .sort((a, b) => a.getTime() - b.getTime());
}

/**
 * When a digest runs: the recurring collections' frequency (services/schedules/frequency.ts, croner
 * in the digest's time zone) without a deadline or reminders. Pure: no database, no clock.
 */
import { Cron } from 'croner';
import type { DigestBody } from '@formloom/schemas';
import { cronPatternOf, latestOpening, nextOpenings } from '../schedules/frequency.ts';

export interface DigestProblem {
  path: string;
  message: string;
}

type Timed = Pick<DigestBody, 'frequency' | 'timezone'>;

/** The problems of a digest's timing: an unknown zone, a bad cron pattern, a missing time or weekday. */
export function scheduleProblems(body: Timed): DigestProblem[] {
  const problems: DigestProblem[] = [];
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
        message: 'A custom schedule needs a cron pattern of five fields: minute hour day-of-month month day-of-week, e.g. "0 18 * * 1-5".',
      });
    } else {
      try {
        if (!new Cron(pattern, { timezone: 'UTC', paused: true }).nextRun())
          problems.push({ path: 'frequency.cron', message: `The cron pattern "${pattern}" never comes round.` });
      } catch (err) {
        problems.push({ path: 'frequency.cron', message: `The cron pattern "${pattern}" is not valid: ${(err as Error).message}` });
      }
    }
  } else {
    if (!frequency.time) problems.push({ path: 'frequency.time', message: 'Give the time the digest is sent, such as 18:00.' });
    if (frequency.kind === 'weekly' && !frequency.weekdays?.length)
      problems.push({ path: 'frequency.weekdays', message: 'Pick at least one day of the week for a weekly digest.' });
  }
  return problems;
}

/** The next `count` send times strictly after `after` (UTC instants). */
export const nextRuns = (body: Timed, after: Date, count: number): Date[] => nextOpenings(body, after, count);

/**
 * The run a digest owes at `now`: its latest scheduled time. After downtime that is the one latest
 * missed run (older ones are not caught up); a time before the digest was turned on is never owed.
 */
export function dueRun(body: Timed, enabledAt: Date | null, now: Date): { at: Date; key: string } | null {
  const at = latestOpening(body, now);
  if (!at) return null;
  if (enabledAt && at < enabledAt) return null;
  return { at, key: runKeyOf(at) };
}

/** A run's key: its scheduled instant in UTC, so two runs never share one (not even across a daylight-saving change). */
export const runKeyOf = (at: Date): string => at.toISOString();

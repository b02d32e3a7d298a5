/**
 * When a digest runs: the recurring collections' frequency (services/schedules/frequency.ts, croner
 * in the digest's time zone) without a deadline or reminders. Pure: no database, no clock.
 */
import type { DigestBody } from '@formloom/schemas';
import { latestOpening, nextOpenings, timingProblems } from '../schedules/frequency.ts';

export interface DigestProblem {
  path: string;
  message: string;
}

type Timed = Pick<DigestBody, 'frequency' | 'timezone'>;

/** The problems of a digest's timing: an unknown zone, a bad cron pattern, a missing time or weekday. */
export const scheduleProblems = (body: Timed): DigestProblem[] =>
  timingProblems(body, {
    time: 'Give the time the digest is sent, such as 18:00.',
    weekdays: 'Pick at least one day of the week for a weekly digest.',
    cronExample: '0 18 * * 1-5',
  });

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

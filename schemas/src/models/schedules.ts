import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * Recurring collections: a form filled by an audience on a schedule (the daily health
 * declaration). Each opening of the schedule is a period; each person of the audience gets an
 * assignment in it, marked done (or late) by their submission.
 */

/** A wall-clock time in the schedule's time zone, 24-hour `HH:MM`. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:00.');
export type ClockTime = z.infer<typeof ClockTime>;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const IsoWeekday = z.number().int().min(1).max(7);

export const ScheduleFrequency = z.object({
  kind: z.enum(['daily', 'weekdays', 'weekly', 'cron']),
  /** When a period opens (daily, weekdays, weekly). */
  time: ClockTime.optional(),
  /** The days a weekly schedule opens on. */
  weekdays: z.array(IsoWeekday).max(7).optional(),
  /** A five-field cron pattern (minute hour day-of-month month day-of-week), for `cron`. */
  cron: z.string().max(200).optional(),
});
export type ScheduleFrequency = z.infer<typeof ScheduleFrequency>;

export const ScheduleAudience = z.object({
  /** Everyone in these departments and their sub-departments. */
  departmentIds: z.array(Id).max(500).default([]),
  /** Everyone holding one of these positions ("Finance Director"); letter case ignored. */
  positions: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
  userIds: z.array(Id).max(5000).default([]),
});
export type ScheduleAudience = z.infer<typeof ScheduleAudience>;

export const ScheduleBody = z.object({
  enabled: z.boolean(),
  frequency: ScheduleFrequency,
  timezone: z.string().min(1).max(64).default('Asia/Hong_Kong'),
  audience: ScheduleAudience,
  /** On the day a period opens (for a cron schedule: the next day when that time is not after the opening). */
  deadline: ClockTime,
  /** Times on the day a period opens at which those who have not responded are reminded. */
  reminders: z.array(ClockTime).max(10).default([]),
});
export type ScheduleBody = z.infer<typeof ScheduleBody>;

export const Schedule = ScheduleBody.extend({
  id: Id,
  formId: Id,
  /** The next times a period opens (at most three), in UTC; empty when disabled. */
  nextOpens: z.array(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof Schedule>;

/** What a new schedule starts as in the designer, and what the health declaration template suggests. */
export const SUGGESTED_SCHEDULE: ScheduleBody = {
  enabled: false,
  frequency: { kind: 'weekdays', time: '09:00' },
  timezone: 'Asia/Hong_Kong',
  audience: { departmentIds: [], positions: [], userIds: [] },
  deadline: '10:00',
  reminders: ['09:45'],
};

export const PeriodSummary = z
  .object({
    /** Stable and URL-safe: the opening in the schedule's time zone, `2026-11-30T0900`. */
    key: z.string(),
    opensAt: Timestamp,
    deadline: Timestamp,
    expected: z.number().int(),
    responded: z.number().int(),
    late: z.number().int(),
  })
  .meta({ id: 'PeriodSummary' });
export type PeriodSummary = z.infer<typeof PeriodSummary>;

export const PeriodPage = z.object({ items: z.array(PeriodSummary), nextCursor: z.string().nullable() });
export type PeriodPage = z.infer<typeof PeriodPage>;

export const PeriodResponder = z.object({
  userId: Id,
  name: z.string(),
  departmentId: Id.nullable(),
  submissionId: Id.nullable(),
  submittedAt: Timestamp.nullable(),
  late: z.boolean(),
});
export type PeriodResponder = z.infer<typeof PeriodResponder>;

export const PeriodNonResponder = z.object({ userId: Id, name: z.string(), departmentId: Id.nullable() });
export type PeriodNonResponder = z.infer<typeof PeriodNonResponder>;

export const PeriodDetail = z
  .object({ period: PeriodSummary, responded: z.array(PeriodResponder), notResponded: z.array(PeriodNonResponder) })
  .meta({ id: 'PeriodDetail' });
export type PeriodDetail = z.infer<typeof PeriodDetail>;

export const RemindResult = z.object({ reminded: z.number().int() });
export type RemindResult = z.infer<typeof RemindResult>;

export const AssignmentStatus = z.enum(['due', 'done', 'late', 'missed']);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

export const Assignment = z
  .object({
    formId: Id,
    formName: z.string(),
    periodKey: z.string(),
    deadline: Timestamp,
    status: AssignmentStatus,
    submissionId: Id.nullable(),
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof Assignment>;

export const AssignmentsQuery = z.object({ due: z.enum(['today']).default('today') });
export const AssignmentList = z.object({ items: z.array(Assignment) });
export type AssignmentList = z.infer<typeof AssignmentList>;

/**
 * What the scheduler does on each tick: open the periods that are due (with their assignments and
 * a "due" notification) and send the reminders whose time has come. Both are safe to run from
 * several places at once: a period is inserted-or-ignored on its unique (schedule, key), and a
 * reminder is claimed by a conditional update of `next_reminder_at`; only the winner notifies, in
 * the same transaction, so a notification exists if and only if its claim committed.
 */
import type { Knex } from 'knex';
import { wallClock, type ScheduleBody } from '@formloom/schemas';
import { readJson, writeJson } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { notify } from '../notifications/notify.ts';
import { resolveAudience } from './audience.ts';
import { deadlineOf, latestOpening, localDate, periodKeyOf, remindersOf } from './frequency.ts';
import { settingsOf, type ScheduleRow } from './store.ts';

export interface PeriodRow {
  id: string;
  schedule_id: string;
  form_id: string;
  key: string;
  opens_at: string;
  deadline_at: string;
  reminders_at: unknown;
  next_reminder_at: string | null;
  created_at: string;
}

const INSERT_CHUNK = 200;
const hhmm = (instant: Date, timezone: string) => {
  const w = wallClock(instant, timezone);
  return `${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}`;
};

/** The words a collection notification is filled with, in the schedule's time zone. */
async function notificationParams(db: Db, period: Pick<PeriodRow, 'form_id' | 'opens_at' | 'deadline_at'>, timezone: string) {
  const form: { name: string } | undefined = await db('forms').where({ id: period.form_id }).first('name');
  return {
    formName: form?.name ?? '',
    periodLabel: localDate(new Date(period.opens_at), timezone),
    deadline: hhmm(new Date(period.deadline_at), timezone),
  };
}

/**
 * The period a schedule should have open at `now`: its latest opening. After downtime that is the
 * one missed opening (older ones are not caught up). An opening from before the schedule was turned
 * on is only opened while its deadline is still ahead, so turning a schedule on at noon does not
 * start a morning period everyone has already missed.
 */
export function duePeriod(row: ScheduleRow, settings: ScheduleBody, now: Date): { opensAt: Date; key: string } | null {
  const opensAt = latestOpening(settings, now);
  if (!opensAt) return null;
  const enabledAt = row.enabled_at ? new Date(row.enabled_at) : null;
  if (enabledAt && opensAt < enabledAt && deadlineOf(settings, opensAt) <= now) return null;
  return { opensAt, key: periodKeyOf(opensAt, settings.timezone) };
}

/** Opens the period if no one has yet; returns whether this call opened it. */
export async function openPeriod(knex: Knex, row: ScheduleRow, settings: ScheduleBody, opensAt: Date, now: Date): Promise<boolean> {
  const key = periodKeyOf(opensAt, settings.timezone);
  const id = newId();
  const deadline = deadlineOf(settings, opensAt);
  const reminders = remindersOf(settings, opensAt);
  return knex.transaction(async (trx) => {
    const later = await trx('schedule_periods').where({ schedule_id: row.id }).where('opens_at', '>', opensAt.toISOString()).first('id');
    if (later) return false;
    await trx('schedule_periods')
      .insert({
        id,
        schedule_id: row.id,
        form_id: row.form_id,
        key,
        opens_at: opensAt.toISOString(),
        deadline_at: deadline.toISOString(),
        reminders_at: writeJson(reminders.map((d) => d.toISOString())),
        // Reminders whose time passed while the server was down are not sent late: the "due" notice goes now.
        next_reminder_at: reminders.find((d) => d > now)?.toISOString() ?? null,
        created_at: now.toISOString(),
      })
      .onConflict(['schedule_id', 'key'])
      .ignore();
    const stored: { id: string } | undefined = await trx('schedule_periods').where({ schedule_id: row.id, key }).first('id');
    if (stored?.id !== id) return false;
    // Only the newest period is reminded about.
    await trx('schedule_periods')
      .where({ schedule_id: row.id })
      .whereNot({ id })
      .whereNotNull('next_reminder_at')
      .update({ next_reminder_at: null });
    const userIds = await resolveAudience(trx, settings.audience);
    for (let i = 0; i < userIds.length; i += INSERT_CHUNK) {
      await trx('assignments').insert(
        userIds
          .slice(i, i + INSERT_CHUNK)
          .map((userId) => ({ id: newId(), period_id: id, form_id: row.form_id, user_id: userId, status: 'open', late: false })),
      );
    }
    const form: { app_id: string } | undefined = await trx('forms').where({ id: row.form_id }).first('app_id');
    await notify(trx, {
      userIds,
      kind: 'collection_due',
      params: await notificationParams(
        trx,
        { form_id: row.form_id, opens_at: opensAt.toISOString(), deadline_at: deadline.toISOString() },
        settings.timezone,
      ),
      link: `/f/${row.form_id}`,
    });
    await appendEvent(trx, {
      type: 'schedule.period_opened',
      appId: form?.app_id ?? null,
      formId: row.form_id,
      payload: { scheduleId: row.id, periodKey: key, assignments: userIds.length },
    });
    return true;
  });
}

/** Opens every enabled schedule's due period that is not open yet; returns the keys it opened. */
export async function openDuePeriods(knex: Knex, now: Date): Promise<string[]> {
  const rows: ScheduleRow[] = await knex('schedules').where({ enabled: true });
  const opened: string[] = [];
  for (const row of rows) {
    const settings = settingsOf(row);
    const due = duePeriod(row, settings, now);
    if (!due) continue;
    const exists = await knex('schedule_periods').where({ schedule_id: row.id, key: due.key }).first('id');
    if (exists) continue;
    if (await openPeriod(knex, row, settings, due.opensAt, now)) opened.push(due.key);
  }
  return opened;
}

/** The people of a period who have not responded. */
export async function nonResponders(db: Db, periodId: string): Promise<string[]> {
  const rows: { user_id: string }[] = await db('assignments')
    .where({ period_id: periodId, status: 'open' })
    .orderBy('user_id')
    .select('user_id');
  return rows.map((r) => r.user_id);
}

/** Reminds a period's non-responders now (within the caller's transaction); returns how many. */
export async function remindNonResponders(trx: Db, period: PeriodRow, timezone: string, senderId: string | null): Promise<number> {
  const userIds = await nonResponders(trx, period.id);
  await notify(trx, {
    userIds,
    kind: 'collection_reminder',
    params: await notificationParams(trx, period, timezone),
    link: `/f/${period.form_id}`,
    senderId,
  });
  return userIds.length;
}

/**
 * Sends each reminder whose time has come, once: the tick that moves `next_reminder_at` on from the
 * value it read sends it. Several reminders missed during downtime are sent as one.
 */
export async function sendDueReminders(knex: Knex, now: Date): Promise<number> {
  const due: PeriodRow[] = await knex('schedule_periods').where('next_reminder_at', '<=', now.toISOString());
  let sent = 0;
  for (const period of due) {
    await knex.transaction(async (trx) => {
      const schedule: ScheduleRow | undefined = await trx('schedules').where({ id: period.schedule_id }).first();
      const following = readJson<string[]>(period.reminders_at).find((at) => at > now.toISOString()) ?? null;
      const claimed = await trx('schedule_periods')
        .where({ id: period.id, next_reminder_at: period.next_reminder_at })
        .update({ next_reminder_at: schedule?.enabled ? following : null });
      if (claimed !== 1 || !schedule?.enabled) return;
      await remindNonResponders(trx, period, settingsOf(schedule).timezone, null);
      sent += 1;
    });
  }
  return sent;
}

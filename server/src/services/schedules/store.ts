/** A form's schedule: read, replace and remove it (one per form). */
import { appendEvent } from '../../repositories/events.ts';
import type { Knex } from 'knex';
import type { Schedule, ScheduleBody } from '@formloom/schemas';
import { readJson, writeJson } from '../../db/dialect.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../repositories/types.ts';
import { checkSchedule, nextOpenings } from './frequency.ts';

export interface ScheduleRow {
  id: string;
  form_id: string;
  enabled: boolean | number;
  settings: unknown;
  enabled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The settings as stored, with `enabled` from its own column (the tick filters on it). */
export function settingsOf(row: ScheduleRow): ScheduleBody {
  return { ...readJson<ScheduleBody>(row.settings), enabled: Boolean(row.enabled) };
}

export function toSchedule(row: ScheduleRow, now: Date): Schedule {
  const settings = settingsOf(row);
  return {
    ...settings,
    id: row.id,
    formId: row.form_id,
    nextOpens: settings.enabled ? nextOpenings(settings, now, 3).map((d) => d.toISOString()) : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const scheduleRowOf = (db: Db, formId: string): Promise<ScheduleRow | undefined> =>
  db('schedules').where({ form_id: formId }).first();

export async function getSchedule(db: Db, formId: string, now: Date): Promise<Schedule> {
  const row = await scheduleRowOf(db, formId);
  if (!row) throw new NotFoundError('schedule_not_found', 'This form has no schedule yet; set one with PUT /api/forms/:formId/schedule.');
  return toSchedule(row, now);
}

/** Audience ids that name nothing are refused with their place, so a typo does not silently leave people out. */
async function checkAudience(db: Db, body: ScheduleBody): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const known = async (table: string, ids: string[]) =>
    new Set(ids.length ? ((await db(table).whereIn('id', ids).select('id')) as { id: string }[]).map((r) => r.id) : []);
  const departments = await known('departments', body.audience.departmentIds);
  body.audience.departmentIds.forEach((id, i) => {
    if (!departments.has(id)) problems.push({ path: `audience.departmentIds.${i}`, message: `There is no department ${id}.` });
  });
  const users = await known('users', body.audience.userIds);
  body.audience.userIds.forEach((id, i) => {
    if (!users.has(id)) problems.push({ path: `audience.userIds.${i}`, message: `There is no user ${id}.` });
  });
  if (problems.length) throw new UnprocessableError('invalid_schedule', problems.map((p) => p.message).join(' '), problems);
}

/** Creates or replaces the form's schedule. Turning it on records when, so periods due before then are not caught up. */
export async function putSchedule(
  knex: Knex,
  form: { id: string; app_id: string; latest_version: number | null },
  body: ScheduleBody,
  now: Date,
  actorId: string,
): Promise<Schedule> {
  checkSchedule(body);
  // People would be asked to fill a form they cannot submit yet; a schedule may be prepared while off.
  if (body.enabled && form.latest_version === null) {
    throw new ConflictError(
      'form_not_published',
      'Publish the form before turning its schedule on; you can save the schedule turned off until then.',
    );
  }
  const formId = form.id;
  const at = now.toISOString();
  const { enabled, ...settings } = body;
  await knex.transaction(async (trx) => {
    await checkAudience(trx, body);
    const existing = await scheduleRowOf(trx, formId);
    if (!existing) {
      await trx('schedules').insert({
        id: newId(),
        form_id: formId,
        enabled,
        settings: writeJson(settings),
        enabled_at: enabled ? at : null,
        created_at: at,
        updated_at: at,
      });
    } else {
      const turnedOn = enabled && !existing.enabled;
      await trx('schedules')
        .where({ id: existing.id })
        .update({ enabled, settings: writeJson(settings), updated_at: at, ...(turnedOn ? { enabled_at: at } : {}) });
    }
    await appendEvent(trx, { type: 'schedule.updated', appId: form.app_id, formId, actorId, payload: { formId, enabled } });
  });
  return getSchedule(knex, formId, now);
}

/** Removes the schedule with its periods and assignments (submissions stay). */
export async function deleteSchedule(knex: Knex, form: { id: string; app_id: string }, actorId: string): Promise<void> {
  const formId = form.id;
  const deleted = await knex.transaction(async (trx) => {
    const row = await scheduleRowOf(trx, formId);
    if (!row) return 0;
    const periods = trx('schedule_periods').where({ schedule_id: row.id }).select('id');
    await trx('assignments').whereIn('period_id', periods).delete();
    await trx('schedule_periods').where({ schedule_id: row.id }).delete();
    await appendEvent(trx, { type: 'schedule.deleted', appId: form.app_id, formId, actorId, payload: { formId } });
    return trx('schedules').where({ id: row.id }).delete();
  });
  if (!deleted) throw new NotFoundError('schedule_not_found', 'This form has no schedule to delete.');
}

/** Installs a suggested schedule turned off (a template's): an admin picks the audience and turns it on. Keeps an existing one. */
export async function installSuggestedSchedule(db: Db, formId: string, suggestion: ScheduleBody, now: Date): Promise<void> {
  const { enabled: _ignored, ...settings } = suggestion;
  const at = now.toISOString();
  await db('schedules')
    .insert({
      id: newId(),
      form_id: formId,
      enabled: false,
      settings: writeJson(settings),
      enabled_at: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict('form_id')
    .ignore();
}

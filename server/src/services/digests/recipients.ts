/**
 * Who a digest goes to: the users listed, everyone with an access role, everyone in a department
 * (sub-departments included, through the schedules' audience) or holding a position. Enabled
 * users only, each once. Recipients get the figures as the digest's owner sees them — the same as
 * sharing a dashboard shares its figures — whether or not they could open the report themselves.
 */
import type { DigestRecipients } from '@formloom/schemas';
import { BadRequestError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { resolveAudience } from '../schedules/audience.ts';

/** The ids of the enabled users a digest reaches, sorted. */
export async function resolveRecipients(db: Db, recipients: DigestRecipients): Promise<string[]> {
  const ids = new Set(await resolveAudience(db, recipients));
  if (recipients.roles.length) {
    const rows: { id: string }[] = await db('users').whereNull('disabled_at').whereIn('role', recipients.roles).select('id');
    rows.forEach((r) => ids.add(r.id));
  }
  return [...ids].sort();
}

/** Ids that name nothing are refused with their place, so a typo does not silently leave people out. */
export async function recipientProblems(db: Db, recipients: DigestRecipients): Promise<{ path: string; message: string }[]> {
  const problems: { path: string; message: string }[] = [];
  const { userIds, roles, departmentIds, positions } = recipients;
  if (!userIds.length && !roles.length && !departmentIds.length && !positions.length)
    problems.push({ path: 'recipients', message: 'Choose who receives the digest: people, roles, departments or positions.' });
  const known = async (table: string, ids: string[]) =>
    new Set(ids.length ? ((await db(table).whereIn('id', ids).select('id')) as { id: string }[]).map((r) => r.id) : []);
  const departments = await known('departments', departmentIds);
  departmentIds.forEach((id, i) => {
    if (!departments.has(id)) problems.push({ path: `recipients.departmentIds.${i}`, message: `There is no department ${id}.` });
  });
  const users = await known('users', userIds);
  userIds.forEach((id, i) => {
    if (!users.has(id)) problems.push({ path: `recipients.userIds.${i}`, message: `There is no user ${id}.` });
  });
  return problems;
}

export const invalidDigest = (problems: { path: string; message: string }[]) =>
  new BadRequestError('invalid_digest', problems.map((p) => p.message).join(' '), problems);

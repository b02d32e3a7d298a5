/**
 * Sign-in with the directory password (an LDAP bind as the person's entry). Called by the login
 * route before the local password check.
 *
 * The person's entry is found with the service bind by the mapped email attribute (the value is
 * escaped for the filter, RFC 4515), then the directory is asked to bind as that DN with the typed
 * password. On success the user is created or refreshed from the entry (name, email, department,
 * position), so someone in the directory who was never synced can sign in. Someone without a manager
 * gets the one their entry names when that person is already here (their first leave request needs
 * one); changing a manager is the sync's, which sees the whole chart. A disabled account stays
 * disabled: the route refuses it.
 */
import type { Knex } from 'knex';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { Db } from '../../repositories/types.ts';
import { usersRepo } from '../../repositories/users.ts';
import { lockOrgChart } from '../organization.ts';
import { DirectoryError, findPersonByEmail, passwordAccepted } from './ldap.ts';
import { planSync } from './plan.ts';
import { readStored, storedConfig } from './settings.ts';

export type DirectoryLoginResult =
  /** Directory sign-in is off, or this email is not a directory account: try the local password. */
  | { kind: 'not_directory' }
  /** The directory accepted the password; the user row exists (created or refreshed from the entry). */
  | { kind: 'accepted'; userId: string }
  /** A directory account whose password the directory refused (or whose entry is gone). */
  | { kind: 'rejected' }
  /** The directory could not be reached: a 503 directory_unavailable, not a wrong password. */
  | { kind: 'unavailable'; message: string };

/** Sets the manager the entry names, when they are here and the chart would not loop back to this person. */
async function setFirstManager(trx: Knex.Transaction, userId: string, managerExternalId: string): Promise<void> {
  const manager: { id: string } | undefined = await trx('users').where({ auth_source: 'ldap', external_id: managerExternalId }).first('id');
  if (!manager) return;
  const seen = new Set<string>();
  for (let cursor: string | null = manager.id; cursor;) {
    if (cursor === userId || seen.has(cursor)) return;
    seen.add(cursor);
    const next: { manager_id: string | null } | undefined = await trx('users').where({ id: cursor }).first('manager_id');
    cursor = next?.manager_id ?? null;
  }
  await trx('users').where({ id: userId }).update({ manager_id: manager.id });
}

export async function authenticateWithDirectory(db: Db, box: SecretBox, email: string, password: string): Promise<DirectoryLoginResult> {
  const stored = await readStored(db);
  if (!stored?.loginEnabled) return { kind: 'not_directory' };
  const config = storedConfig(box, stored);
  const address = email.trim().toLowerCase();
  try {
    const found = await findPersonByEmail(config, address);
    if (!found) {
      const local = await usersRepo.findByEmail(db, address);
      const fromDirectory = local && (local as { auth_source?: string }).auth_source === 'ldap';
      return fromDirectory ? { kind: 'rejected' } : { kind: 'not_directory' };
    }
    const { person, managerExternalId } = found;
    if (!(await passwordAccepted(config, person.dn, password))) return { kind: 'rejected' };
    const userId = await (db as Knex).transaction(async (trx) => {
      await lockOrgChart(trx);
      const plan = await planSync(trx, [person], config, { single: true });
      await plan.apply(trx, null);
      const row: { id: string; manager_id: string | null } | undefined = await trx('users')
        .where({ auth_source: 'ldap', external_id: person.externalId })
        .first('id', 'manager_id');
      if (row && !row.manager_id && managerExternalId) await setFirstManager(trx, row.id, managerExternalId);
      return row?.id ?? null;
    });
    // The entry could not be stored (its email belongs to another directory entry's account).
    if (!userId) return { kind: 'rejected' };
    return { kind: 'accepted', userId };
  } catch (err) {
    if (err instanceof DirectoryError) return { kind: 'unavailable', message: err.message };
    throw err;
  }
}

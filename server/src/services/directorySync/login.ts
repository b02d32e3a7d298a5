import type { Db } from '../../repositories/types.ts';
import type { SecretBox } from '../../lib/secretBox.ts';

export type DirectoryLoginResult =
  /** Directory sign-in is off, or this email is not a directory account: try the local password. */
  | { kind: 'not_directory' }
  /** The directory accepted the password; the user row exists (created or refreshed from the entry). */
  | { kind: 'accepted'; userId: string }
  /** A directory account whose password the directory refused (or whose entry is gone). */
  | { kind: 'rejected' }
  /** The directory could not be reached: a 503 directory_unavailable, not a wrong password. */
  | { kind: 'unavailable'; message: string };

/**
 * Sign-in with the directory password (an LDAP bind as the person's entry). Called by the login
 * route before the local password check. Owned by the directory-sync work of issue 9.
 */
export async function authenticateWithDirectory(
  _db: Db,
  _box: SecretBox,
  _email: string,
  _password: string,
): Promise<DirectoryLoginResult> {
  return { kind: 'not_directory' };
}

import type { Db } from '../../repositories/types.ts';

/**
 * Whether this user may sign in with a local password. False for people linked to a single
 * sign-on identity when the SSO settings switch local passwords off for them (login answers 403
 * password_login_disabled). Owned by the SSO work of issue 9.
 */
export async function passwordLoginAllowed(_db: Db, _userId: string): Promise<boolean> {
  return true;
}

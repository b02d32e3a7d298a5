import type { Db } from '../../repositories/types.ts';
import { identitiesRepo } from './identities.ts';
import { loadSsoSettings } from './settings.ts';

/**
 * Whether this user may sign in with a local password. False for people linked to a single
 * sign-on identity when the SSO settings switch local passwords off for them (login answers 403
 * password_login_disabled). While single sign-on itself is off, passwords work for everyone, so
 * switching SSO off never locks people out.
 */
export async function passwordLoginAllowed(db: Db, userId: string): Promise<boolean> {
  const settings = await loadSsoSettings(db);
  if (!settings.enabled || !settings.disablePasswordForSsoUsers) return true;
  return !(await identitiesRepo.hasAny(db, userId));
}

/**
 * The caller's record scope in an app (repositories/recordScope.ts), from their permissions: the
 * one answer every reader of records asks — lists, search, exports, one record, lookups, files.
 */
import type { AppPermissions, User } from '@formloom/schemas';
import { scopeCondition, scopeUser, type RecordScope } from '../repositories/recordScope.ts';
import type { Db } from '../repositories/types.ts';

export type { RecordScope } from '../repositories/recordScope.ts';

/** Undefined: every record of the app; otherwise the caller's own, or their department's. */
export function recordScopeOf(user: Pick<User, 'id'>, permissions: AppPermissions): RecordScope | undefined {
  if (permissions.viewScope === 'all') return undefined;
  if (permissions.viewScope === 'department') return { departmentOf: user.id };
  return user.id;
}

/** Whether a record submitted by `createdBy` is in `scope` (a record whose submitter is gone is only in "all"). */
export async function recordInScope(db: Db, scope: RecordScope | undefined, createdBy: string | null): Promise<boolean> {
  if (scope === undefined) return true;
  if (createdBy === null) return false;
  if (createdBy === scopeUser(scope)) return true;
  if (typeof scope === 'string') return false;
  const [sql, bindings] = scopeCondition('u.id', scope);
  return Boolean(await db('users as u').where('u.id', createdBy).whereRaw(sql, bindings).first('u.id'));
}

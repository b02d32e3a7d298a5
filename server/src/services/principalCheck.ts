import type { Db } from '../repositories/types.ts';
import { UnprocessableError } from '../lib/errors.ts';
import { storedPrincipal } from './principals.ts';

/**
 * Principals as stored, after checking that the people and departments they name exist (422
 * unknown_user / unknown_department); roles are checked by the schema, positions may be new.
 */
export async function checkedPrincipals(db: Db, principals: readonly string[]): Promise<string[]> {
  const userIds = principals.filter((p) => p !== '*' && !p.includes(':'));
  const departmentIds = principals.filter((p) => p.startsWith('department:')).map((p) => p.slice('department:'.length));
  const known = async (table: 'users' | 'departments', ids: string[]) =>
    new Set(
      ids.length
        ? (
            (await db(table)
              .whereIn('id', [...new Set(ids)])
              .select('id')) as { id: string }[]
          ).map((r) => r.id)
        : [],
    );
  const users = await known('users', userIds);
  const missingUser = userIds.find((id) => !users.has(id));
  if (missingUser) throw new UnprocessableError('unknown_user', `There is no user ${missingUser}.`);
  const departments = await known('departments', departmentIds);
  const missingDepartment = departmentIds.find((id) => !departments.has(id));
  if (missingDepartment) throw new UnprocessableError('unknown_department', `There is no department ${missingDepartment}.`);
  return principals.map(storedPrincipal);
}

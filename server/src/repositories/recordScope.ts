/**
 * Which records of an app a caller sees (models/app.ts `viewScope`), as a condition on the column
 * holding a record's submitter:
 * - undefined: every record ("view all");
 * - a user id: only the records that user submitted ("view own");
 * - `{ departmentOf: userId }`: their own, and those submitted by anyone now in their department or
 *   a department below it ("view department").
 * The department tree and both people's departments are read in the same SQL statement, so a person
 * who moves takes their records along to the new department at once, and a department moved under
 * another one is seen by the new parent's people straight away.
 */
import type { Knex } from 'knex';

export type RecordScope = string | { departmentOf: string };

/** The scope's user: whose own records are always in it. */
export const scopeUser = (scope: RecordScope): string => (typeof scope === 'string' ? scope : scope.departmentOf);

/**
 * The SQL condition for `column` (a submitter id column) being in `scope`. UNION (not UNION ALL)
 * ends the walk if old data left a loop in the tree.
 */
export function scopeCondition(column: string, scope: RecordScope): [sql: string, bindings: string[]] {
  if (typeof scope === 'string') return [`${column} = ?`, [scope]];
  const userId = scope.departmentOf;
  return [
    `(${column} = ? OR ${column} IN (SELECT scope_u.id FROM users scope_u WHERE scope_u.department_id IN (` +
      `WITH RECURSIVE scope_d(id) AS (SELECT scope_me.department_id FROM users scope_me WHERE scope_me.id = ? AND scope_me.department_id IS NOT NULL ` +
      `UNION SELECT d.id FROM departments d JOIN scope_d ON d.parent_id = scope_d.id) SELECT id FROM scope_d)))`,
    [userId, userId],
  ];
}

/** Narrows `query` to the records in `scope` (nothing when it is undefined: every record). */
export function whereInScope<Q extends Knex.QueryBuilder>(query: Q, column: string, scope: RecordScope | undefined): Q {
  if (scope === undefined) return query;
  const [sql, bindings] = scopeCondition(column, scope);
  return query.whereRaw(sql, bindings) as Q;
}

import type { AppGrant, AppPermission } from '@formloom/schemas';
import type { Db } from './types.ts';

export interface AppRow {
  id: string;
  name: string;
  description: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export const ALL_USERS = '*';

export const appsRepo = {
  insert: (db: Db, row: AppRow) => db('apps').insert(row),
  findById: (db: Db, id: string) => db<AppRow>('apps').where({ id }).first(),
  listAll: (db: Db) => db<AppRow>('apps').orderBy('created_at'),
  /** Apps granted to any of the principal keys (services/principals.ts). */
  listForPrincipals: (db: Db, principals: readonly string[]) =>
    db<AppRow>('apps').whereIn('id', db('app_grants').select('app_id').whereIn('principal', principals)).orderBy('created_at'),
  count: async (db: Db) => Number((await db('apps').count({ n: '*' }).first())?.n ?? 0),

  /** Apps where any of the principal keys holds a grant (any of `permissions` when given). */
  async appIdsGranted(db: Db, principals: readonly string[], permissions?: readonly AppPermission[]): Promise<string[]> {
    const query = db('app_grants').distinct('app_id').whereIn('principal', principals);
    if (permissions) query.whereIn('permission', permissions);
    return ((await query) as { app_id: string }[]).map((r) => r.app_id);
  },

  /** Permissions granted in an app to any of the principal keys a user matches (services/principals.ts). */
  async permissionsOf(db: Db, appId: string, principals: readonly string[]): Promise<Set<AppPermission>> {
    const rows = await db('app_grants').where({ app_id: appId }).whereIn('principal', principals).select('permission');
    return new Set(rows.map((r: { permission: AppPermission }) => r.permission));
  },

  async grantsOf(db: Db, appId: string): Promise<AppGrant[]> {
    const rows: { principal: string; permission: AppPermission }[] = await db('app_grants')
      .where({ app_id: appId })
      .orderBy(['principal', 'permission']);
    const byPrincipal = new Map<string, AppPermission[]>();
    for (const r of rows) byPrincipal.set(r.principal, [...(byPrincipal.get(r.principal) ?? []), r.permission]);
    return [...byPrincipal].map(([principal, permissions]) => ({ principal, permissions }));
  },

  async replaceGrants(db: Db, appId: string, grants: AppGrant[]): Promise<void> {
    await db('app_grants').where({ app_id: appId }).delete();
    const rows = grants.flatMap((g) =>
      [...new Set(g.permissions)].map((permission) => ({ app_id: appId, principal: g.principal, permission })),
    );
    if (rows.length) await db('app_grants').insert(rows);
  },
};

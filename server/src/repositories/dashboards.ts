import type { Db } from './types.ts';

export interface DashboardRow {
  id: string;
  /** JSON: {en, zh-Hant} */
  name: unknown;
  /** JSON: DashboardWidget[] */
  widgets: unknown;
  owner_id: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

/** One way a dashboard is shared: `value` is the role, department id, lower-cased position or user id. */
export interface DashboardShareRow {
  dashboard_id: string;
  kind: 'role' | 'department' | 'position' | 'user';
  value: string;
}

export type ShareKey = Pick<DashboardShareRow, 'kind' | 'value'>;

const CHUNK = 500;

export const dashboardsRepo = {
  findById: (db: Db, id: string): Promise<DashboardRow | undefined> => db<DashboardRow>('dashboards').where({ id }).first(),

  /** Every dashboard (admins), or those owned by `ownerId` or shared through one of `keys`; by creation. */
  list: (db: Db, visibleTo: { ownerId: string; keys: readonly ShareKey[] } | null): Promise<DashboardRow[]> => {
    const query = db<DashboardRow>('dashboards').orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    if (visibleTo) {
      query.where((visible) => {
        visible.where('owner_id', visibleTo.ownerId);
        if (visibleTo.keys.length) visible.orWhereIn('id', sharedThrough(db, visibleTo.keys));
      });
    }
    return query;
  },

  /** Whether one of `keys` opens the dashboard. */
  async isSharedThrough(db: Db, dashboardId: string, keys: readonly ShareKey[]): Promise<boolean> {
    if (keys.length === 0) return false;
    const row = await sharedThrough(db, keys).where('dashboard_id', dashboardId).first();
    return row !== undefined;
  },

  async sharesOf(db: Db, dashboardIds: readonly string[]): Promise<DashboardShareRow[]> {
    const out: DashboardShareRow[] = [];
    for (let i = 0; i < dashboardIds.length; i += CHUNK) {
      out.push(
        ...(await db<DashboardShareRow>('dashboard_shares')
          .whereIn('dashboard_id', dashboardIds.slice(i, i + CHUNK))
          .orderBy(['kind', 'value'])),
      );
    }
    return out;
  },

  async replaceShares(db: Db, dashboardId: string, shares: readonly ShareKey[]): Promise<void> {
    await db('dashboard_shares').where({ dashboard_id: dashboardId }).delete();
    if (shares.length)
      await db('dashboard_shares').insert(shares.map((s) => ({ dashboard_id: dashboardId, kind: s.kind, value: s.value })));
  },

  insert: (db: Db, row: DashboardRow) => db('dashboards').insert(row),

  /** Applies `patch` and bumps the revision; with `expectedRevision`, only if it still matches. Returns the rows changed. */
  update: (db: Db, id: string, patch: Partial<DashboardRow>, expectedRevision?: number): Promise<number> => {
    const query = db('dashboards')
      .where({ id })
      .update({ ...patch, revision: db.raw('revision + 1') });
    if (expectedRevision !== undefined) query.where('revision', expectedRevision);
    return query;
  },

  delete: (db: Db, id: string) => db('dashboards').where({ id }).delete(),

  /** Dashboards whose widgets may mention the report (a text match; callers check the parsed widgets). */
  mentioning: (db: Db, reportId: string): Promise<DashboardRow[]> =>
    db<DashboardRow>('dashboards').whereRaw('CAST(widgets AS TEXT) LIKE ?', [`%${reportId}%`]),
};

function sharedThrough(db: Db, keys: readonly ShareKey[]) {
  return db('dashboard_shares')
    .select('dashboard_id')
    .where((any) => {
      for (const key of keys) any.orWhere((one) => one.where({ kind: key.kind, value: key.value }));
    });
}

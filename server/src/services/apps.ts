import type { App, AppPermissions, User } from '@formloom/schemas';
import { nowIso } from '../db/dialect.ts';
import { newId } from '../lib/ids.ts';
import { ALL_USERS, appsRepo, type AppRow } from '../repositories/apps.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Db } from '../repositories/types.ts';

export function toApp(row: AppRow, permissions: AppPermissions): App {
  return {
    id: row.id,
    name: row.name,
    description: row.description ?? '',
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    permissions,
  };
}

/**
 * A new app: its creator may edit it, and every signed-in user may fill its forms and see their
 * own submissions (a small company's forms are for all staff; editors narrow it with grants).
 */
export async function createApp(trx: Db, user: User, input: { name: string; description?: string }): Promise<AppRow> {
  const now = nowIso();
  const row: AppRow = {
    id: newId(),
    name: input.name,
    description: input.description ?? '',
    created_by: user.id,
    created_at: now,
    updated_at: now,
  };
  await appsRepo.insert(trx, row);
  await appsRepo.replaceGrants(trx, row.id, [
    { principal: user.id, permissions: ['edit'] },
    { principal: ALL_USERS, permissions: ['fill'] },
  ]);
  await appendEvent(trx, { type: 'app.created', appId: row.id, actorId: user.id, payload: { appId: row.id, name: row.name } });
  return row;
}

import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/** What the caller may do in an app; computed per request, never stored on the app. */
export const AppPermissions = z.object({
  canEdit: z.boolean(),
  canFill: z.boolean(),
  canViewAll: z.boolean(),
});
export type AppPermissions = z.infer<typeof AppPermissions>;

export const App = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    createdBy: Id.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    permissions: AppPermissions,
  })
  .meta({ id: 'App' });
export type App = z.infer<typeof App>;

export const CreateAppBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
});

export const AppPermission = z.enum(['fill', 'view_all', 'edit']);
export type AppPermission = z.infer<typeof AppPermission>;

/** A grant gives a user — or every signed-in user (`"*"`) — a set of permissions in one app. */
export const AppGrant = z.object({
  principal: z.union([Id, z.literal('*')]),
  permissions: z.array(AppPermission),
});
export type AppGrant = z.infer<typeof AppGrant>;
export const AppGrants = z.object({ grants: z.array(AppGrant).max(1000) });

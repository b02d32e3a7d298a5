import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * What the caller may do in an app; computed per request from the grants, never stored on the app.
 * `canEdit` is the app's "manage" permission (design forms and flows, grants, integrations) and
 * implies everything else; the record permissions below it are what people get for data.
 */
export const AppPermissions = z.object({
  canEdit: z.boolean(),
  canFill: z.boolean(),
  canViewAll: z.boolean(),
  /** Records submitted by people in the caller's department or below it (the department tree). */
  canViewDepartment: z.boolean(),
  /** Edit records the caller can see that others submitted (their own are editable anyway until decided). */
  canEditRecords: z.boolean(),
  canDeleteRecords: z.boolean(),
  canExport: z.boolean(),
  /** Which records the caller sees: derived from the grants above. */
  viewScope: z.enum(['all', 'department', 'own']),
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

/**
 * `edit` is "manage the app" (kept under its first name: grants made before permission sets still
 * mean the same). `fill` lets a person submit and see their own records; `view_own` only the latter.
 */
export const AppPermission = z.enum([
  'fill',
  'view_own',
  'view_department',
  'view_all',
  'edit_records',
  'delete_records',
  'export',
  'edit',
]);
export type AppPermission = z.infer<typeof AppPermission>;

/**
 * Who a grant or a field's visibility is for: a user id, everyone signed in (`*`), a role
 * (`role:member`), a department and every department below it (`department:<id>`), or a position
 * (`position:Finance Director`). services/principals.ts resolves a user to the keys they match.
 */
export const Principal = z.union([
  z.literal('*'),
  z.string().regex(/^role:(admin|builder|member)$/),
  z.string().regex(/^department:.{1,64}$/),
  z.string().regex(/^position:.{1,200}$/),
  Id.regex(/^[^:]+$/, 'a user id, *, role:<role>, department:<id> or position:<name>'),
]);
export type Principal = z.infer<typeof Principal>;

/** A grant gives a principal a set of permissions in one app. */
export const AppGrant = z.object({
  principal: Principal,
  permissions: z.array(AppPermission),
});
export type AppGrant = z.infer<typeof AppGrant>;
export const AppGrants = z.object({ grants: z.array(AppGrant).max(1000) });

/**
 * Sensitive fields of a form (an HKID, medical answers): only the listed principals, admins and the
 * record's own submitter see their values — in records, lists, searches, exports, reports,
 * dashboards, digests, webhooks and Zapier. Fields not listed are visible to whoever sees the record.
 */
export const FieldAccessRule = z
  .object({
    /** A top-level property of the form's schema. */
    field: z.string().min(1).max(200),
    visibleTo: z.array(Principal).max(200),
  })
  .strict();
export type FieldAccessRule = z.infer<typeof FieldAccessRule>;
export const FormFieldAccess = z
  .object({ fields: z.array(FieldAccessRule).max(500) })
  .strict()
  .meta({ id: 'FormFieldAccess' });
export type FormFieldAccess = z.infer<typeof FormFieldAccess>;

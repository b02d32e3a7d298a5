import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { CreateUserBody, LocaleCode, Role, User } from './user.ts';

/** A department's name: English always, Traditional Chinese when it differs. */
export const DepartmentName = z.object({
  en: z.string().trim().min(1).max(200),
  'zh-Hant': z.string().trim().min(1).max(200).optional(),
});
export type DepartmentName = z.infer<typeof DepartmentName>;

export const Department = z
  .object({
    id: Id,
    name: DepartmentName,
    parentId: Id.nullable(),
    headUserId: Id.nullable(),
    path: z.array(z.string()).describe('English names from the root down to this department'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof Department>;

export const CreateDepartmentBody = z.object({
  name: DepartmentName,
  parentId: Id.nullable().optional(),
  headUserId: Id.nullable().optional(),
});
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBody>;

export const UpdateDepartmentBody = CreateDepartmentBody.partial();
export type UpdateDepartmentBody = z.infer<typeof UpdateDepartmentBody>;

/** A user as the admin sees them: with their place in the org chart and whether they are disabled. */
export const AdminUser = User.extend({
  departmentId: Id.nullable(),
  managerId: Id.nullable(),
  positions: z.array(z.string()),
  disabled: z.boolean(),
}).meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUser>;

export const UpdateUserBody = CreateUserBody.pick({ departmentId: true, managerId: true, positions: true }).extend({
  name: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  locale: LocaleCode.nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

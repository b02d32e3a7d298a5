import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const Role = z.enum(['admin', 'builder', 'member']);
export type Role = z.infer<typeof Role>;

export const LocaleCode = z.enum(['en', 'zh-Hant']);

/** A position such as "Finance Director": who a person is in the org chart, not what they may access. */
export const Position = z.string().trim().min(1).max(200);

export const User = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    locale: LocaleCode.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const CreateUserBody = z.object({
  // Deliberately loose: intranet addresses such as admin@localhost are real here.
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
  name: z.string().trim().min(1).max(200),
  // 8 is the least any policy allows; the security policy (services/security) checks the rest → 422 password_too_weak.
  password: z.string().min(8).max(200),
  role: Role.default('member'),
  locale: LocaleCode.nullable().optional(),
  // The org chart (checked by services/organization); positions such as "Finance Director".
  departmentId: Id.nullable().optional(),
  managerId: Id.nullable().optional(),
  positions: z.array(Position).max(50).optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const LoginBody = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const SessionInfo = z.object({ user: User, csrfToken: z.string() }).meta({ id: 'SessionInfo' });

export const CreateTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
});
export const CreatedApiToken = ApiToken.extend({
  token: z.string().describe('Shown once; only its hash is stored'),
});

import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * Sign-in security policy (admin settings, `system_settings` key `security`). Every part has a
 * default, so an unset or partial value reads as the defaults (SECURITY_DEFAULTS).
 */
export const SessionPolicy = z.object({
  /** A session not used for this long ends (sliding). Default 14 days, as before the policy existed. */
  idleTimeoutMinutes: z
    .number()
    .int()
    .min(5)
    .max(90 * 24 * 60)
    .default(14 * 24 * 60),
  /** A session ends this long after sign-in however active it is. Default 30 days. */
  absoluteLifetimeHours: z
    .number()
    .int()
    .min(1)
    .max(365 * 24)
    .default(30 * 24),
});

export const PasswordPolicy = z.object({
  minLength: z.number().int().min(8).max(128).default(10),
  requireLetters: z.boolean().default(true),
  /** Off by default: length and the common-password list do more than composition rules (NIST SP 800-63B). */
  requireDigits: z.boolean().default(false),
  /** Refuse passwords containing the person's email name or their name. */
  refusePersonalInfo: z.boolean().default(true),
  /** Refuse the bundled list of a few thousand common passwords (and those plus digits or symbols). */
  refuseCommon: z.boolean().default(true),
  /** A change may not reuse any of the last N passwords (0: no history). */
  historyCount: z.number().int().min(0).max(24).default(5),
});

export const ThrottlePolicy = z.object({
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Failed sign-ins for one email (from anywhere) within the window before it is locked. */
  maxFailuresPerAccount: z.number().int().min(3).max(1000).default(5),
  /** Failed sign-ins from one address (any email) within the window before it is locked. */
  maxFailuresPerAddress: z.number().int().min(5).max(100_000).default(50),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

export const SecuritySettings = z
  .object({
    sessions: SessionPolicy.prefault({}),
    passwords: PasswordPolicy.prefault({}),
    throttling: ThrottlePolicy.prefault({}),
  })
  .meta({ id: 'SecuritySettings' });
export type SecuritySettings = z.infer<typeof SecuritySettings>;
export type PasswordPolicy = z.infer<typeof PasswordPolicy>;

export const SECURITY_DEFAULTS: SecuritySettings = SecuritySettings.parse({});

/** Why a password was refused (422 password_too_weak lists them in `details.reasons`). */
export const PASSWORD_PROBLEMS = ['too_short', 'needs_letter', 'needs_digit', 'contains_personal_info', 'too_common', 'reused'] as const;
export const PasswordProblem = z.enum(PASSWORD_PROBLEMS);
export type PasswordProblem = z.infer<typeof PasswordProblem>;

/** What a signed-in person sees of the policy before choosing a password. */
export const PasswordPolicyInfo = PasswordPolicy.required().extend({
  /** False for directory (LDAP) and single-sign-on people: their password is managed elsewhere. */
  canChangePassword: z.boolean(),
  authSource: z.string(),
});
export type PasswordPolicyInfo = z.infer<typeof PasswordPolicyInfo>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** One signed-in browser of a person. */
export const SessionSummary = z
  .object({
    id: Id,
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    /** When it ends if unused (the earlier of the idle and the absolute limit). */
    expiresAt: Timestamp,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    /** The session of this request ("this device"). */
    current: z.boolean(),
  })
  .meta({ id: 'SessionSummary' });
export type SessionSummary = z.infer<typeof SessionSummary>;

export const RevokedSessions = z.object({ revoked: z.number().int() });

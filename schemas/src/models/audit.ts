import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

/**
 * What the append-only audit log records. Each name is `<area>.<what happened>`; `details` carries
 * the specifics (never a password, token or secret, and never the values of a sensitive field).
 */
export const AUDIT_ACTIONS = [
  // sign-in and sessions
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.sso_login',
  'auth.ldap_login',
  'auth.locked_out',
  'session.revoked',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_changed',
  'api_token.created',
  'api_token.revoked',
  // directory and identity settings
  'directory.settings_changed',
  'directory.synced',
  'sso.settings_changed',
  'security.settings_changed',
  // permissions
  'app.grants_changed',
  'form.field_access_changed',
  // data
  'submission.edited',
  'submission.deleted',
  'submissions.exported',
  'submissions.imported',
  'report.exported',
  // signatures
  'signature.signed',
  'signature.refused',
  'signature.verified',
  'trust_root.added',
  'trust_root.removed',
  'trust_crl.updated',
  // the log itself
  'audit.exported',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z
  .object({
    /** Position in the log (gap-free per database, ascending). */
    seq: z.number().int(),
    id: Id,
    at: Timestamp,
    action: AuditAction,
    /** Who did it; null for the system (a scheduled sync) or an unknown account (a failed sign-in). */
    actorId: Id.nullable(),
    actorName: z.string().nullable(),
    /** What it was done to: `user`, `app`, `form`, `submission`, `session`, `signature`, … */
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    appId: Id.nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    /** sha256 over the previous entry's hash and this entry: a changed or removed row breaks the chain. */
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { ExportFormat } from './submission.ts';

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

/**
 * An action filter: one action (`submission.deleted`) or every action under a prefix (`auth.` or
 * `auth.*`), which the server expands to the listed actions that start with it.
 */
export const AuditActionFilter = z
  .string()
  .max(64)
  .regex(/^[a-z_]+(\.[a-z_]*)?\*?$/, 'an action such as submission.deleted, or a prefix such as auth.');

/** Filters the audit log; every filter narrows (AND). Dates are ISO date-times (or dates: a whole UTC day). */
export const AuditFilter = z.object({
  from: z.string().max(40).optional().describe('Entries at or after this instant (a bare date: its start, UTC)'),
  to: z.string().max(40).optional().describe('Entries before this instant (a bare date: up to its end, UTC)'),
  action: AuditActionFilter.optional(),
  actorId: Id.optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(200).optional(),
  appId: Id.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AUDIT_PAGE_LIMITS = { defaultLimit: 50, maxLimit: 200 } as const;

export const AuditListQuery = AuditFilter.extend({
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_LIMITS.maxLimit).default(AUDIT_PAGE_LIMITS.defaultLimit),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'the nextCursor of the previous page')
    .optional()
    .describe('nextCursor of the previous page (entries older than it)'),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/** Newest first; nextCursor continues with older entries, null on the last page. */
export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditExportQuery = AuditFilter.extend({ format: ExportFormat.default('csv') });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

/** The result of walking the whole chain, oldest first. */
export const AuditVerifyResult = z
  .object({
    ok: z.boolean(),
    /** How many entries were checked (all of them when ok). */
    checked: z.number().int().nonnegative(),
    /** The last entry found sound (the newest when ok); null when there is none. */
    lastSeq: z.number().int().nullable(),
    /** The first entry that does not fit: its content changed, or the entry before it changed or went missing. */
    brokenSeq: z.number().int().nullable(),
    problem: z.enum(['content_changed', 'chain_broken']).nullable(),
    checkedAt: Timestamp,
  })
  .meta({ id: 'AuditVerifyResult' });
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

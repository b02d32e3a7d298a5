import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { Role } from './user.ts';

/**
 * LDAP / Active Directory sync and directory sign-in (server: services/directorySync). The bind
 * password is write-only: GET answers `hasBindPassword`, a PUT without `bindPassword` keeps it.
 *
 * Departments come from the entries' DNs by default (`departmentSource: 'ou'`): the `ou=` parts of a
 * person's DN below the base DN, outermost first, are their department path, and each OU's stable
 * id follows renames and moves. With `'attribute'` the mapped department attribute holds the path,
 * parts separated by "/" (e.g. "Operations/Warehouse").
 */
export const DirectoryAttributes = z.object({
  /** The entry's stable id: entryUUID (OpenLDAP), objectGUID (Active Directory) or nsUniqueId. */
  id: z.string().min(1).max(100).default('entryUUID'),
  email: z.string().min(1).max(100).default('mail'),
  name: z.string().min(1).max(100).default('cn'),
  /** Only read with `departmentSource: 'attribute'`. */
  department: z.string().max(100).default('departmentNumber'),
  /** The DN of the person's manager. Empty: managers are not synced. */
  manager: z.string().max(100).default('manager'),
  /** Becomes the person's position (used by approval flows). Empty: positions are not synced. */
  title: z.string().max(100).default('title'),
});
export type DirectoryAttributes = z.infer<typeof DirectoryAttributes>;

const DirectorySettingsFields = {
  url: z
    .string()
    .max(500)
    .regex(/^ldaps?:\/\/[^\s/]+\/?$/i, 'An ldap:// or ldaps:// address: host and optional port, e.g. ldaps://dc1.example.com:636'),
  bindDn: z.string().max(500),
  baseDn: z.string().min(1).max(500),
  userFilter: z.string().min(3).max(1000).default('(objectClass=inetOrgPerson)'),
  /**
   * Empty: everyone the user filter finds. Otherwise only members of the groups this filter finds
   * (e.g. `(cn=formloom-users)`) are synced and may sign in with the directory; someone taken out of
   * those groups is a leaver.
   */
  groupFilter: z.string().max(1000).default(''),
  /** Where the groups are searched; empty: the base DN. */
  groupBaseDn: z.string().max(500).default(''),
  /** The group attribute listing its members' DNs: `member` (Active Directory, groupOfNames) or `uniqueMember`. */
  groupMemberAttribute: z.string().min(1).max(100).default('member'),
  departmentSource: z.enum(['ou', 'attribute']).default('ou'),
  attributes: DirectoryAttributes.default(DirectoryAttributes.parse({})),
  /** The access role of people the sync (or a first directory sign-in) creates. */
  defaultRole: Role.default('member'),
  connectTimeoutMs: z.number().int().min(500).max(60_000).default(5_000),
  timeoutMs: z.number().int().min(500).max(300_000).default(30_000),
  /** People sign in with their directory password (an LDAP bind as their entry). */
  loginEnabled: z.boolean().default(false),
  syncEnabled: z.boolean().default(false),
  syncIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
  /** People who left the directory: disabled (`deactivate`; never deleted) or left alone (`keep`). */
  leavers: z.enum(['deactivate', 'keep']).default('deactivate'),
};

export const DirectorySettings = z.object({
  ...DirectorySettingsFields,
  hasBindPassword: z.boolean(),
  updatedAt: Timestamp.nullable(),
});
export type DirectorySettings = z.infer<typeof DirectorySettings>;

export const DirectorySettingsBody = z
  .object({
    ...DirectorySettingsFields,
    /** Left out: the stored password stays. An empty string removes it (anonymous bind). */
    bindPassword: z.string().max(500).optional(),
  })
  .strict();
export type DirectorySettingsBody = z.infer<typeof DirectorySettingsBody>;

export const DirectoryTestOutcome = z.enum(['ok', 'unreachable', 'bad_credentials', 'bad_base_dn', 'bad_filter', 'tls_error', 'failed']);
export const DirectoryTestResult = z.object({
  ok: z.boolean(),
  outcome: DirectoryTestOutcome,
  message: z.string(),
  /** People matching the user filter under the base DN (when the search ran). */
  userCount: z.number().int().nullable(),
  /** A few of their email addresses, to check the mapping. */
  sample: z.array(z.string()),
  durationMs: z.number().int(),
});
export type DirectoryTestResult = z.infer<typeof DirectoryTestResult>;

const PersonRef = z.object({ userId: Id.nullable(), email: z.string(), name: z.string() });
export const DirectoryFieldChange = z.object({
  field: z.enum(['email', 'name', 'department', 'position', 'source']),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export const DirectorySyncPreview = z.object({
  /** Entries the search returned. */
  entries: z.number().int(),
  created: z.array(
    PersonRef.extend({ dn: z.string(), department: z.array(z.string()), position: z.string().nullable(), manager: z.string().nullable() }),
  ),
  updated: z.array(PersonRef.extend({ changes: z.array(DirectoryFieldChange) })),
  deactivated: z.array(PersonRef),
  reactivated: z.array(PersonRef),
  departmentsCreated: z.array(z.object({ path: z.array(z.string()) })),
  departmentsMoved: z.array(z.object({ departmentId: Id, from: z.array(z.string()), to: z.array(z.string()) })),
  /** Manager changes (emails; null = no manager). */
  managersSet: z.array(PersonRef.extend({ before: z.string().nullable(), after: z.string().nullable() })),
  /** Entries left out, and managers not set, with the reason. */
  warnings: z.array(z.object({ dn: z.string(), message: z.string() })),
});
export type DirectorySyncPreview = z.infer<typeof DirectorySyncPreview>;

export const DirectorySyncCounts = z.object({
  entries: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  deactivated: z.number().int(),
  reactivated: z.number().int(),
  departmentsCreated: z.number().int(),
  departmentsMoved: z.number().int(),
  managersSet: z.number().int(),
  warnings: z.number().int(),
});
export type DirectorySyncCounts = z.infer<typeof DirectorySyncCounts>;

export const DirectorySyncRun = z.object({
  id: Id,
  trigger: z.enum(['manual', 'scheduled']),
  /** 'interrupted': still 'running' long after it started — the server doing it stopped mid-run. */
  status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
  actorId: Id.nullable(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  counts: DirectorySyncCounts.nullable(),
  error: z.string().nullable(),
});
export type DirectorySyncRun = z.infer<typeof DirectorySyncRun>;

export const DirectorySyncResult = z.object({ run: DirectorySyncRun, changes: DirectorySyncPreview });
export type DirectorySyncResult = z.infer<typeof DirectorySyncResult>;

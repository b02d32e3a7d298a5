import { z } from 'zod';
import { Id } from './common.ts';
import { Department } from './organization.ts';
import { CreateUserBody, LocaleCode, Role } from './user.ts';

/** A person as every signed-in user may see them (pickers): no role, no locale, never a disabled user. */
export const DirectoryUser = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    departmentId: Id.nullable(),
    positions: z.array(z.string()),
    disabled: z.literal(false),
  })
  .meta({ id: 'DirectoryUser' });
export type DirectoryUser = z.infer<typeof DirectoryUser>;

export const DIRECTORY_DEFAULT_LIMIT = 20;
export const DIRECTORY_MAX_LIMIT = 200;

export const DirectoryUsersQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Matches name or email, letter case ignored'),
  departmentId: Id.optional().describe('Only people in this department (not its sub-departments)'),
  ids: z.string().max(4000).optional().describe('Comma-separated user ids to look up (names for stored person values)'),
  limit: z.coerce.number().int().min(1).max(DIRECTORY_MAX_LIMIT).default(DIRECTORY_DEFAULT_LIMIT),
});
export type DirectoryUsersQuery = z.infer<typeof DirectoryUsersQuery>;

export const DirectoryUserList = z.object({ items: z.array(DirectoryUser) });
export type DirectoryUserList = z.infer<typeof DirectoryUserList>;
export const PositionList = z.object({ items: z.array(z.string()) });
export const DirectoryDepartmentList = z.object({ items: z.array(Department) });

/** An admin sets a person's password (people the org-chart import created have none). */
export const SetPasswordBody = CreateUserBody.pick({ password: true });
export type SetPasswordBody = z.infer<typeof SetPasswordBody>;

// --- Org-chart CSV import ---------------------------------------------------------------------

/** The columns an org-chart CSV may carry; `email` and `name` are required. */
export const ORG_IMPORT_COLUMNS = ['email', 'name', 'department', 'manager', 'positions', 'role', 'locale'] as const;
export type OrgImportColumn = (typeof ORG_IMPORT_COLUMNS)[number];

export const OrgImportRowError = z.object({
  column: z.string(),
  message: z.string().describe('English'),
  code: z.string().describe('What is wrong, for a translated message, e.g. manager_unknown'),
  params: z.record(z.string(), z.string()).optional().describe('Values the message names, e.g. {email}'),
});
export type OrgImportRowError = z.infer<typeof OrgImportRowError>;

export const OrgImportRow = z.object({
  line: z.number().int().describe('Line in the file (the header is line 1)'),
  email: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'error']),
  changes: z.array(z.string()).describe('Columns that would change, e.g. "department", "manager"'),
  errors: z.array(OrgImportRowError),
});
export type OrgImportRow = z.infer<typeof OrgImportRow>;

export const OrgImportSummary = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
});
export type OrgImportSummary = z.infer<typeof OrgImportSummary>;

export const OrgImportPreview = z
  .object({
    rows: z.array(OrgImportRow),
    departmentsToCreate: z.array(z.string()).describe('Department paths such as "Operations/Warehouse" that do not exist yet'),
    summary: OrgImportSummary,
  })
  .meta({ id: 'OrgImportPreview' });
export type OrgImportPreview = z.infer<typeof OrgImportPreview>;

/** One CSV row after parsing, before it is compared with the stored org chart. */
export const OrgImportRecord = z.object({
  email: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  manager: z.string().nullable(),
  positions: z.array(z.string()),
  role: Role,
  locale: LocaleCode.nullable(),
});
export type OrgImportRecord = z.infer<typeof OrgImportRecord>;

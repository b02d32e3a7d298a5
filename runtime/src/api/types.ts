// The API's shapes, as the runtime sees them. The zod models in @formloom/schemas are the source of
// truth; the types are imported from there (type-only, so no zod code reaches the bundle through this file).
import type { App, AppPermissions, Form, FormVersion, Role, Submission, User, ValidationDetail } from '@formloom/schemas';

export type { App, AppPermissions, Form, FormVersion, Role, Submission, User, ValidationDetail };

export interface Session {
  user: User;
  csrfToken: string;
}

export interface LocalizedText {
  en: string;
  'zh-Hant': string;
}

export interface TemplateSummary {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  forms: { key: string; name: LocalizedText }[];
}

export interface InstalledTemplate {
  app: App;
  forms: Form[];
}

export interface SubmissionPage {
  items: Submission[];
  nextCursor: string | null;
  /** The form's sensitive fields the caller may not see (absent when none). */
  hiddenFields?: string[];
}

export type ExportFormat = 'csv' | 'xlsx';

/** A record a relation field can link to: a submission of the target form, with its display label. */
export interface LinkableRecord {
  id: string;
  label: string;
  data: Record<string, unknown>;
}

export interface RecordQuery {
  q?: string;
  ids?: string[];
  display?: string;
  limit?: number;
  /** A scanned barcode: the records whose barcode field holds it (or its GTIN); q and ids are left out. */
  scan?: string;
}

/** The bulk import API's bodies (docs/API.md "Imports"): the server's route schemas and the runtime's types. */
import { z } from 'zod';
import { Id, JsonObject } from './common.ts';

export const ImportCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const FieldKey = z.string().min(1).max(1000);
export const ColumnMapping = z
  .record(z.string().max(1000), FieldKey.nullable())
  .describe('file column → field key (dotted path), or null to leave it out');
export const ImportStatus = z.enum(['uploaded', 'running', 'done', 'failed']);

export const ImportError = z.object({
  row: z.number().int().nullable().describe("the file's row number, header = row 1; null for the import as a whole"),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
  keyword: z.string().describe('what kind of problem: required, type, format, oneOf, minimum, pattern, relation, … or an error code'),
  params: z.record(z.string(), z.unknown()).optional().describe("the keyword's parameters, e.g. {limit: 0} or {format: 'date'}"),
  value: z.string().nullable().optional().describe("the cell's text, when the problem is one cell's"),
});

export const ImportField = z.object({
  key: FieldKey.describe('a dotted path: name, shipping.line1'),
  title: z.object({ en: z.string(), 'zh-Hant': z.string() }),
  type: z.string(),
});

export const ImportUpload = z
  .object({
    id: Id,
    fileName: z.string(),
    sha256: z.string(),
    format: z.enum(['csv', 'xlsx']),
    columns: z.array(z.string()),
    rowCount: z.number().int(),
    sample: z.array(z.array(ImportCell)).describe('the first 20 data rows, one cell per column'),
    mapping: ColumnMapping,
    keyField: FieldKey.nullable(),
    alreadyImported: z.boolean().describe('this file (by content) was imported into the form before'),
    fields: z.array(ImportField).describe('the fields a column can fill (server-written ones such as auto-numbers are not among them)'),
  })
  .meta({ id: 'ImportUpload' });

export const ImportMappingBody = z.object({
  mapping: ColumnMapping,
  keyField: FieldKey.nullable().optional().describe('rows whose value of this field exists already, or repeats in the file, are skipped'),
});

export const ImportPreview = z
  .object({
    total: z.number().int(),
    valid: z.number().int().describe('rows that would be written'),
    invalid: z.number().int(),
    duplicates: z.number().int().describe('rows that would be skipped'),
    errors: z.array(ImportError).describe('at most 1000; the counts are complete'),
    rows: z.array(z.object({ row: z.number().int(), data: JsonObject })).describe('the first 50 rows as converted'),
  })
  .meta({ id: 'ImportPreview' });

export const ImportCommitAccepted = z.object({ id: Id, status: ImportStatus });

export const ImportState = z
  .object({
    id: Id,
    fileName: z.string(),
    formId: Id,
    status: ImportStatus,
    phase: z.enum(['checking', 'writing']).nullable(),
    total: z.number().int(),
    processed: z.number().int(),
    inserted: z.number().int(),
    skipped: z.number().int(),
    errors: z.array(ImportError),
    mapping: ColumnMapping.nullable(),
    keyField: FieldKey.nullable(),
  })
  .meta({ id: 'ImportState' });

export type ImportCell = z.infer<typeof ImportCell>;
export type ColumnMapping = z.infer<typeof ColumnMapping>;
export type ImportStatus = z.infer<typeof ImportStatus>;
export type ImportError = z.infer<typeof ImportError>;
export type ImportField = z.infer<typeof ImportField>;
export type ImportUpload = z.infer<typeof ImportUpload>;
export type ImportMappingBody = z.infer<typeof ImportMappingBody>;
export type ImportPreview = z.infer<typeof ImportPreview>;
export type ImportState = z.infer<typeof ImportState>;

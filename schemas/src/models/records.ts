import { z } from 'zod';
import { Id, JsonObject } from './common.ts';

/** Records of a form that a relation field can link to (`GET /api/forms/:formId/records`). */
export const RECORD_LOOKUP_LIMITS = { maxLimit: 50, defaultLimit: 20, maxIds: 50, maxQuery: 200 } as const;

export const LinkableRecordQuery = z.object({
  q: z.string().max(RECORD_LOOKUP_LIMITS.maxQuery).optional().describe('Case-insensitive substring of the display field'),
  limit: z.coerce.number().int().min(1).max(RECORD_LOOKUP_LIMITS.maxLimit).default(RECORD_LOOKUP_LIMITS.defaultLimit),
  ids: z
    .string()
    .max(RECORD_LOOKUP_LIMITS.maxIds * 65)
    .refine((s) => s.split(',').length <= RECORD_LOOKUP_LIMITS.maxIds, `at most ${RECORD_LOOKUP_LIMITS.maxIds} ids`)
    .optional()
    .describe('Comma-separated record ids to resolve (values already chosen); unknown or hidden ones are left out'),
  display: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Key of a top-level field of the form to label records with (the relation's displayField); default: its first text field"),
});
export type LinkableRecordQuery = z.infer<typeof LinkableRecordQuery>;

export const LinkableRecord = z
  .object({
    id: Id,
    label: z.string().nullable().describe("The display field's value as text; null when the record has none"),
    data: JsonObject,
  })
  .meta({ id: 'LinkableRecord' });
export type LinkableRecord = z.infer<typeof LinkableRecord>;

export const LinkableRecordList = z.object({ items: z.array(LinkableRecord) });

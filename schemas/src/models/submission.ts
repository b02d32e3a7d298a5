import { z } from 'zod';
import { Id, JsonObject, Timestamp } from './common.ts';

export const Submission = z
  .object({
    id: Id,
    formId: Id,
    formVersion: z.number().int().positive(),
    data: JsonObject,
    createdAt: Timestamp,
    createdBy: Id.nullable(),
    createdByName: z.string().nullable(),
    /** Set when a check marked the submission instead of refusing it, e.g. `{geofence: {...}}`. */
    flags: JsonObject.optional(),
  })
  .meta({ id: 'Submission' });
export type Submission = z.infer<typeof Submission>;

export const CreateSubmissionBody = z.object({ data: JsonObject });

export const SubmissionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const ExportFormat = z.enum(['csv', 'xlsx']);
export const ExportQuery = z.object({ format: ExportFormat.default('csv') });

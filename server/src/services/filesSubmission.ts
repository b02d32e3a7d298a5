import type { JsonObject, ValidationDetail } from '@formloom/schemas';
import type { RowInsert } from '../db/dialect.ts';
import { filesRepo } from '../repositories/files.ts';
import { fieldSlots, formFields } from './formFields.ts';
import type { SubmissionContext, SubmissionExtension } from './submissionExtensions.ts';
import { validationFailed } from './validationErrors.ts';

/** Field types whose value is the id of an uploaded file; photos and signatures must be images. */
const FILE_FIELD_TYPES: ReadonlySet<string> = new Set(['file', 'photo', 'signature']);
const IMAGE_FIELD_TYPES: ReadonlySet<string> = new Set(['photo', 'signature']);

interface FileValue {
  /** JSON Pointer to the value in the data. */
  path: string;
  fileId: string;
  fieldType: string;
}

const escapePointer = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** Every non-empty file value of the data: top level, in sections and in sub-table rows. */
export function fileValues(schema: JsonObject, uiSchema: JsonObject, data: JsonObject): FileValue[] {
  const out: FileValue[] = [];
  for (const field of formFields(schema, uiSchema)) {
    const fieldType = field.ui['ui:fieldType'];
    if (typeof fieldType !== 'string' || !FILE_FIELD_TYPES.has(fieldType)) continue;
    for (const slot of fieldSlots(data, field.path)) {
      const value = slot.holder[slot.key];
      // Empty is for `required` to judge; a non-string for the schema's `type`.
      if (typeof value !== 'string' || value === '') continue;
      out.push({ path: `/${slot.pointer.map(escapePointer).join('/')}`, fileId: value, fieldType });
    }
  }
  return out;
}

/** Files each submission being written links to already (an edit keeping a photo), from prepare to rows. */
const alreadyLinked = new WeakMap<SubmissionContext, Set<string>>();

/**
 * A submission may name only files its submitter uploaded, or (an edit) files it names already, so
 * nobody can attach, and so gain read access to, someone else's upload by guessing its id. Each file
 * named is linked to the submission in the submission's own write.
 */
export const submissionFiles: SubmissionExtension = {
  name: 'files',

  async prepare(ctx, data) {
    const values = fileValues(ctx.schema, ctx.uiSchema, data);
    if (values.length === 0) return;
    const ids = [...new Set(values.map((v) => v.fileId))];
    const [files, linked] = await Promise.all([
      filesRepo.findMany(ctx.db, ids),
      ctx.operation === 'update' ? filesRepo.linkedTo(ctx.db, ctx.submissionId, ids) : Promise.resolve(new Set<string>()),
    ]);
    const byId = new Map(files.map((f) => [f.id, f]));
    const details: ValidationDetail[] = [];
    for (const value of values) {
      const file = byId.get(value.fileId);
      if (!file || (file.created_by !== ctx.user.id && !linked.has(file.id))) {
        details.push({ path: value.path, message: 'is not a file you uploaded', keyword: 'file', params: { reason: 'unknown' } });
      } else if (IMAGE_FIELD_TYPES.has(value.fieldType) && !file.content_type.startsWith('image/')) {
        details.push({ path: value.path, message: 'must be an image', keyword: 'file', params: { reason: 'notImage' } });
      }
    }
    if (details.length) throw validationFailed(details);
    alreadyLinked.set(ctx, linked);
  },

  rows(ctx, data): RowInsert[] {
    const linked = alreadyLinked.get(ctx) ?? new Set<string>();
    const ids = new Set(fileValues(ctx.schema, ctx.uiSchema, data).map((v) => v.fileId));
    return [...ids]
      .filter((id) => !linked.has(id))
      .map((id) => ['submission_files', { submission_id: ctx.submissionId, file_id: id }] as const);
  },

  async onDelete(ctx, _data, trx) {
    await filesRepo.unlinkSubmission(trx, ctx.submissionId);
  },
};

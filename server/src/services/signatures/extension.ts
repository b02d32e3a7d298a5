/**
 * The digitalSignature field on submit: each value must name a completed signature of this form version
 * and field whose content hash is the hash of the data submitted (so nothing changed after signing),
 * signed by the submitter (or, on an edit, one already on this record or by the editor); it is then linked
 * to the submission in the write's transaction. Otherwise 422 signature_mismatch.
 */
import type { JsonObject } from '@formloom/schemas';
import { canonicalContentHash, isSignatureValue } from '@formloom/schemas/signatures';
import { UnprocessableError } from '../../lib/errors.ts';
import type { SubmissionContext, SubmissionExtension } from '../submissionExtensions.ts';
import { signatureFieldsOf } from './fields.ts';
import { PENDING_SIGNATURE, signingPreview } from './preview.ts';

const mismatch = (field: string, why: string) =>
  new UnprocessableError('signature_mismatch', `The digital signature in "${field}" ${why}; sign the form again as it is now.`, [
    { path: `data.${field}`, message: why },
  ]);

const empty = (v: unknown) => v === undefined || v === null || v === '';

/** The signature ids each submission links, from `prepare` to the write. */
const linking = new WeakMap<SubmissionContext, string[]>();

export const digitalSignatureExtension: SubmissionExtension = {
  name: 'digitalSignature',

  async prepare(ctx, data) {
    const fields = signatureFieldsOf(ctx.uiSchema);
    if (fields.length === 0) return;
    const preview = signingPreview();
    if (preview) {
      preview.data = data;
      const filled: JsonObject = { ...data };
      for (const f of fields) if (empty(filled[f])) filled[f] = PENDING_SIGNATURE;
      return { data: filled };
    }
    if (ctx.operation === 'delete') return;
    const hash = await canonicalContentHash({ formId: ctx.form.id, formVersion: ctx.version, data, signatureFields: fields });
    const ids: string[] = [];
    for (const field of fields) {
      const value = data[field];
      if (empty(value)) continue;
      if (!isSignatureValue(value)) throw mismatch(field, 'is not a signature');
      const row = await ctx.db('signatures').where({ id: value.signatureId }).first();
      if (!row || row.purpose !== 'field') throw mismatch(field, 'names no completed signature');
      if (row.form_id !== ctx.form.id || Number(row.form_version) !== ctx.version || row.field !== field) {
        throw mismatch(field, 'was made for another form, version or field');
      }
      if (row.submission_id && row.submission_id !== ctx.submissionId) throw mismatch(field, 'belongs to another submission');
      const ownedHere = row.submission_id === ctx.submissionId;
      if (!ownedHere && row.signer_user_id !== ctx.user.id) throw mismatch(field, 'was made by someone else');
      if (row.content_hash !== hash) throw mismatch(field, 'signed different data (the answers changed after signing)');
      if (!ownedHere) ids.push(row.id);
    }
    if (ids.length > 0) linking.set(ctx, ids);
  },

  transactional(ctx) {
    const ids = linking.get(ctx);
    if (!ids) return null;
    return async (trx) => {
      const linked = await trx('signatures').whereIn('id', ids).whereNull('submission_id').update({ submission_id: ctx.submissionId });
      if (linked !== ids.length) throw mismatch('signature', 'was used by another submission at the same time');
    };
  },
};

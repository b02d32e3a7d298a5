/**
 * The stock ledger's part in storing submissions (see ../submissionExtensions.ts): a movement is
 * checked in `prepare` and applied in `transactional`, inside the transaction that stores its row,
 * so an idempotent replay (whose claim insert fails first) or any failure never applies it twice
 * or half. A stored movement is history: it is corrected by another movement, never edited.
 */
import { ConflictError } from '../../lib/errors.ts';
import type { SubmissionContext, SubmissionExtension } from '../submissionExtensions.ts';
import { validationFailed } from '../validationErrors.ts';
import { movementOf, stockLedgerOf } from './ledger.ts';
import { applyMovement, hasStockMoves } from './levels.ts';

const movementLocked = () =>
  new ConflictError(
    'movement_locked',
    'A stock movement cannot be changed or deleted once it is recorded; record a correcting movement instead (a receipt, an issue or a stock count).',
  );

const ledgerOf = (ctx: SubmissionContext) => stockLedgerOf(ctx.schema, ctx.uiSchema);

export const stockLedgerExtension: SubmissionExtension = {
  name: 'stockLedger',

  async prepare(ctx, data) {
    if (ctx.operation === 'update' && (ledgerOf(ctx) || (await hasStockMoves(ctx.db, ctx.submissionId)))) throw movementLocked();
    const ledger = ledgerOf(ctx);
    if (!ledger) return;
    const checked = movementOf(ledger, data);
    if ('problems' in checked) throw validationFailed(checked.problems);
  },

  transactional(ctx, data) {
    const ledger = ledgerOf(ctx);
    if (!ledger || ctx.operation === 'update' || ctx.operation === 'delete') return null;
    const checked = movementOf(ledger, data);
    if ('problems' in checked) throw validationFailed(checked.problems);
    return async (trx) => {
      await applyMovement(trx, {
        ledger,
        movement: checked.movement,
        form: { id: ctx.form.id, appId: ctx.form.app_id },
        submissionId: ctx.submissionId,
        user: ctx.user,
        now: ctx.now,
      });
    };
  },

  async onDelete(ctx, _data, trx) {
    if (ledgerOf(ctx) || (await hasStockMoves(trx, ctx.submissionId))) throw movementLocked();
  },

  locked: (db, submissionId) => hasStockMoves(db, submissionId),
};

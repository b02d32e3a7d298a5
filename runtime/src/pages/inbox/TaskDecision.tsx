import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskAction } from '../../api/workflow.ts';
import { UserPicker } from '../../components/pickers/UserPicker.tsx';

/** A decision as the page sends it; `approve` goes through the editable fields' form first when there is one. */
export type Decision =
  | { action: 'approve'; comment: string }
  | { action: 'reject'; comment: string }
  | { action: 'return'; comment: string }
  | { action: 'transfer'; comment: string; userId: string }
  | { action: 'addSigner'; comment: string; userId: string; position: 'before' | 'after' };

type Stage =
  | { kind: 'choose' }
  | { kind: 'confirm'; action: 'reject' | 'return' }
  | { kind: 'transfer'; userId: string | null }
  | { kind: 'addSigner'; userId: string | null; position: 'before' | 'after' };

/**
 * The approver's buttons with one comment box for all of them. Reject and return need a reason (the
 * submitter reads it) and are confirmed; transfer and add-signer pick a person first.
 */
export function TaskDecision({
  actions,
  busy,
  problem,
  commentProblem,
  excludeIds,
  approveLabel,
  onDecide,
}: {
  actions: TaskAction[];
  busy: boolean;
  /** What went wrong with the last attempt, in words. */
  problem: string | null;
  /** The server refused for want of a comment (422 comment_required). */
  commentProblem: boolean;
  /** People not to offer as a transfer target or extra signer (the approver themself). */
  excludeIds: string[];
  /** The approve button's words when approving takes more than a click ("Sign and approve"). */
  approveLabel?: string;
  onDecide: (decision: Decision) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const [comment, setComment] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [needReason, setNeedReason] = useState(false);
  const [needPerson, setNeedPerson] = useState(false);
  const can = (a: TaskAction) => actions.includes(a);
  const reasonMissing = (needReason || commentProblem) && comment.trim() === '';

  const askReason = (action: 'reject' | 'return') => {
    if (comment.trim() === '') {
      setNeedReason(true);
      commentRef.current?.focus();
      return;
    }
    setNeedReason(false);
    setStage({ kind: 'confirm', action });
  };
  const back = () => {
    setStage({ kind: 'choose' });
    setNeedPerson(false);
  };

  return (
    <section className="fl-card fl-panel fl-task__decide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('inbox.task.decideTitle')}</h2>
      <div className="fl-field">
        <label className="fl-label" htmlFor={`${id}-comment`}>
          {t('inbox.task.comment')}
        </label>
        <textarea
          ref={commentRef}
          id={`${id}-comment`}
          className="fl-input fl-task__comment"
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={reasonMissing || undefined}
          aria-describedby={`${id}-comment-help`}
          disabled={busy}
        />
        <span
          id={`${id}-comment-help`}
          className={reasonMissing ? 'fl-task__error' : 'fl-task__help'}
          role={reasonMissing ? 'alert' : undefined}
        >
          {reasonMissing ? t('inbox.task.reasonRequired') : t('inbox.task.commentHelp')}
        </span>
      </div>

      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}

      {stage.kind === 'choose' && (
        <div className="fl-task__choices">
          <div className="fl-task__buttons">
            {can('approve') && (
              <button
                type="button"
                className="fl-btn fl-btn--primary"
                disabled={busy}
                onClick={() => onDecide({ action: 'approve', comment })}
              >
                {busy ? t('inbox.task.sending') : (approveLabel ?? t('inbox.task.approve'))}
              </button>
            )}
            {can('reject') && (
              <button type="button" className="fl-btn fl-btn--danger" disabled={busy} onClick={() => askReason('reject')}>
                {t('inbox.task.reject')}
              </button>
            )}
            {can('return') && (
              <button type="button" className="fl-btn fl-btn--secondary" disabled={busy} onClick={() => askReason('return')}>
                {t('inbox.task.return')}
              </button>
            )}
          </div>
          <div className="fl-task__buttons fl-task__buttons--more">
            {can('transfer') && (
              <button
                type="button"
                className="fl-btn fl-btn--ghost"
                disabled={busy}
                onClick={() => setStage({ kind: 'transfer', userId: null })}
              >
                {t('inbox.task.transfer')}
              </button>
            )}
            {can('addSigner') && (
              <button
                type="button"
                className="fl-btn fl-btn--ghost"
                disabled={busy}
                onClick={() => setStage({ kind: 'addSigner', userId: null, position: 'before' })}
              >
                {t('inbox.task.addSigner')}
              </button>
            )}
          </div>
        </div>
      )}

      {stage.kind === 'confirm' && (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t(`inbox.task.confirm.${stage.action}`)}</p>
          <div className="fl-alert__actions fl-task__confirm">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={back} disabled={busy}>
              {t('inbox.task.cancel')}
            </button>
            <button
              type="button"
              className={`fl-btn ${stage.action === 'reject' ? 'fl-btn--danger' : 'fl-btn--primary'}`}
              onClick={() => onDecide({ action: stage.action, comment })}
              disabled={busy}
            >
              {busy ? t('inbox.task.sending') : t(`inbox.task.confirmYes.${stage.action}`)}
            </button>
          </div>
        </div>
      )}

      {(stage.kind === 'transfer' || stage.kind === 'addSigner') && (
        <div className="fl-task__person" role="group" aria-labelledby={`${id}-person`}>
          <p id={`${id}-person`} className="fl-task__person-title">
            {t(stage.kind === 'transfer' ? 'inbox.task.transferTitle' : 'inbox.task.addSignerTitle')}
          </p>
          <UserPicker
            id={`${id}-user`}
            label={t(stage.kind === 'transfer' ? 'inbox.task.transferTo' : 'inbox.task.signer')}
            value={stage.userId}
            onChange={(userId) => {
              setNeedPerson(false);
              setStage({ ...stage, userId });
            }}
            excludeIds={excludeIds}
            required
          />
          {needPerson && (
            <p className="fl-task__error" role="alert">
              {t('inbox.task.personRequired')}
            </p>
          )}
          {stage.kind === 'addSigner' && (
            <fieldset className="fl-task__position">
              <legend className="fl-label">{t('inbox.task.signerPosition')}</legend>
              {(['before', 'after'] as const).map((position) => (
                <label key={position} className="fl-task__radio">
                  <input
                    type="radio"
                    name={`${id}-position`}
                    value={position}
                    checked={stage.position === position}
                    onChange={() => setStage({ ...stage, position })}
                  />
                  <span>{t(`inbox.task.position.${position}`)}</span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="fl-task__confirm">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={back} disabled={busy}>
              {t('inbox.task.cancel')}
            </button>
            <button
              type="button"
              className="fl-btn fl-btn--primary"
              disabled={busy}
              onClick={() => {
                if (!stage.userId) return setNeedPerson(true);
                onDecide(
                  stage.kind === 'transfer'
                    ? { action: 'transfer', comment, userId: stage.userId }
                    : { action: 'addSigner', comment, userId: stage.userId, position: stage.position },
                );
              }}
            >
              {busy ? t('inbox.task.sending') : t(stage.kind === 'transfer' ? 'inbox.task.transferYes' : 'inbox.task.addSignerYes')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

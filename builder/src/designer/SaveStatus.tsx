import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Autosave } from './autosave.ts';
import { describeError } from './errors.ts';

function useSaveStatus(autosave: Autosave) {
  return useSyncExternalStore(autosave.subscribe, autosave.getStatus, autosave.getStatus);
}

/** "Saving… / All changes saved / Not saved: reason", next to the undo buttons. */
export function SaveStatus({ autosave }: { autosave: Autosave }) {
  const { t } = useTranslation();
  const status = useSaveStatus(autosave);
  let text: string;
  if (status.state === 'saved') text = t('designer.save.saved');
  else if (status.state === 'pending' || status.state === 'saving') text = t('designer.save.saving');
  else if (status.state === 'conflict') text = t('designer.save.notSaved', { reason: t('designer.save.conflictShort') });
  else text = t('designer.save.notSaved', { reason: describeError(t, status.error) });
  const failed = status.state === 'failed' || status.state === 'conflict';
  return (
    <span className={`fl-dz-save fl-dz-save--${status.state}`} data-testid="save-status">
      <span className="fl-dz-save__dot" aria-hidden="true" />
      <span className="fl-dz-save__text" title={failed ? text : undefined}>
        {text}
      </span>
      {status.state === 'failed' && (
        <button type="button" className="fl-btn fl-btn--ghost fl-dz-save__retry" onClick={autosave.retry}>
          {t('designer.save.retry')}
        </button>
      )}
    </span>
  );
}

/** Shown once the draft was changed elsewhere: nothing more is saved, and the way out is a reload. */
export function ConflictBanner({ autosave, onReload }: { autosave: Autosave; onReload: () => void }) {
  const { t } = useTranslation();
  const status = useSaveStatus(autosave);
  if (status.state !== 'conflict') return null;
  return (
    <div className="fl-alert fl-alert--error fl-dz-banner" role="alert">
      <p>{t('designer.save.conflict')}</p>
      <div className="fl-alert__actions">
        <button type="button" className="fl-btn fl-btn--primary" onClick={onReload}>
          {t('designer.save.reload')}
        </button>
      </div>
    </div>
  );
}

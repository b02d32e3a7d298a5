import { memo, useCallback, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale, type Form } from '@formloom/runtime';
import type { Autosave } from './autosave.ts';
import { useDesigner, useDoc } from './DesignerContext.tsx';
import { useFlowIssues } from './flow/useFlowIssues.ts';
import { Icon } from './icons.tsx';
import { SaveStatus } from './SaveStatus.tsx';
import { pick } from './text.ts';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The designer's two views of one draft: the form's fields, or its approval flow. */
export type DesignerMode = 'form' | 'flow';

export interface ToolbarProps {
  form: Form;
  autosave: Autosave;
  previewing: boolean;
  onPreview: (on: boolean) => void;
  onUndoRedo: (what: 'undo' | 'redo') => void;
  mode?: DesignerMode;
  onMode?: (mode: DesignerMode) => void;
  /** Publish and the import / export menu (they own their dialogs). */
  actions?: ReactNode;
}

/** The form's name, undo and redo, whether it is saved, Preview and Publish. */
export const Toolbar = memo(function Toolbar({
  form,
  autosave,
  previewing,
  onPreview,
  onUndoRedo,
  mode = 'form',
  onMode,
  actions,
}: ToolbarProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { store } = useDesigner();
  const doc = useDoc();
  const canUndo = useSyncExternalStore(store.subscribe, store.canUndo, store.canUndo);
  const canRedo = useSyncExternalStore(store.subscribe, store.canRedo, store.canRedo);
  const mod = isMac() ? '⌘' : 'Ctrl+';
  const undo = useCallback(() => {
    if (store.undo().ok) onUndoRedo('undo');
  }, [store, onUndoRedo]);
  const redo = useCallback(() => {
    if (store.redo().ok) onUndoRedo('redo');
  }, [store, onUndoRedo]);
  return (
    <div className="fl-dz-toolbar" role="toolbar" aria-label={t('designer.toolbar.label')}>
      <div className="fl-dz-toolbar__title">
        <h1>{pick(doc.title, locale) || form.name}</h1>
        <SaveStatus autosave={autosave} />
      </div>
      <div className="fl-dz-toolbar__group">
        <button
          type="button"
          className="fl-btn fl-btn--secondary fl-dz-toolbar__btn"
          onClick={undo}
          disabled={!canUndo}
          title={`${t('designer.toolbar.undo')} (${mod}Z)`}
          aria-keyshortcuts="Control+Z Meta+Z"
        >
          <Icon name="undo" />
          {t('designer.toolbar.undo')}
        </button>
        <button
          type="button"
          className="fl-btn fl-btn--secondary fl-dz-toolbar__btn"
          onClick={redo}
          disabled={!canRedo}
          title={`${t('designer.toolbar.redo')} (${isMac() ? '⇧⌘Z' : 'Ctrl+Y'})`}
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        >
          <Icon name="redo" />
          {t('designer.toolbar.redo')}
        </button>
      </div>
      {onMode && <ModeSwitch mode={mode} onMode={onMode} />}
      <div className="fl-dz-toolbar__group fl-dz-toolbar__end">
        {mode === 'form' && (
          <button
            type="button"
            className="fl-btn fl-btn--secondary fl-dz-toolbar__btn"
            aria-pressed={previewing}
            onClick={() => onPreview(!previewing)}
          >
            <Icon name="eye" />
            {t('designer.toolbar.preview')}
          </button>
        )}
        {actions}
      </div>
    </div>
  );
});

/** "Form | Flow": which side of the draft the workspace shows; the flow's open problems as a count. */
function ModeSwitch({ mode, onMode }: { mode: DesignerMode; onMode: (mode: DesignerMode) => void }) {
  const { t } = useTranslation();
  const issues = useFlowIssues();
  const count = [...issues.values()].reduce((n, list) => n + list.length, 0);
  return (
    <div className="fl-dz-toolbar__group fl-dz-modes" role="group" aria-label={t('designer.flow.modes.label')}>
      {(['form', 'flow'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className="fl-btn fl-btn--secondary fl-dz-toolbar__btn fl-dz-mode"
          aria-pressed={mode === m}
          data-testid={`mode-${m}`}
          onClick={() => onMode(m)}
        >
          {t(`designer.flow.modes.${m}`)}
          {m === 'flow' && count > 0 && (
            <span className="fl-dz-mode__badge" aria-label={t('designer.flow.status.issues', { count })}>
              {count}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

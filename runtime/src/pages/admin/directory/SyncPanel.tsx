import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describeError.ts';
import type { DirectorySyncApi, DirectorySyncPreview, DirectorySyncRun } from './directoryApi.ts';
import { SyncChanges } from './SyncChanges.tsx';

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; action: 'preview' | 'run' }
  | { kind: 'preview'; changes: DirectorySyncPreview }
  | { kind: 'ran'; run: DirectorySyncRun; changes: DirectorySyncPreview }
  | { kind: 'error'; message: string; detail?: string };

/** The dry run (what would change, nothing written) and "Sync now" (all changes in one go). */
export function SyncPanel({ api, configured, onRan }: { api: DirectorySyncApi; configured: boolean; onRan: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const busy = state.kind === 'busy';

  const preview = async () => {
    setState({ kind: 'busy', action: 'preview' });
    try {
      setState({ kind: 'preview', changes: await api.preview() });
    } catch (err) {
      setState({ kind: 'error', ...describeError(t, err) });
    }
  };
  const run = async () => {
    setState({ kind: 'busy', action: 'run' });
    try {
      const result = await api.run();
      setState({ kind: 'ran', run: result.run, changes: result.changes });
    } catch (err) {
      setState({ kind: 'error', ...describeError(t, err) });
    } finally {
      onRan();
    }
  };

  return (
    <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby={`${id}-sync`} aria-busy={busy}>
      <h2 id={`${id}-sync`}>{t('directorySync.sync.title')}</h2>
      <p className="fl-dirsync__hint fl-dirsync__lead">{configured ? t('directorySync.sync.intro') : t('directorySync.sync.saveFirst')}</p>
      <div className="fl-dirsync__row">
        <button type="button" className="fl-btn fl-btn--secondary" onClick={preview} disabled={!configured || busy}>
          {t('directorySync.sync.preview')}
        </button>
        <button type="button" className="fl-btn fl-btn--primary" onClick={run} disabled={!configured || busy}>
          {t('directorySync.sync.run')}
        </button>
      </div>
      {state.kind === 'busy' && (
        <div className="fl-dirsync__progress" role="status" aria-live="polite">
          <span className="fl-spinner" aria-hidden="true" />
          <span>{state.action === 'run' ? t('directorySync.sync.running') : t('directorySync.sync.previewing')}</span>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="fl-alert fl-alert--error fl-dirsync__result" role="alert">
          <strong>{state.message}</strong>
          {state.detail && <p className="fl-dirsync__detail">{state.detail}</p>}
        </div>
      )}
      {state.kind === 'preview' && (
        <div className="fl-dirsync__result">
          <div className="fl-alert fl-alert--info" role="status">
            <strong>{t('directorySync.sync.previewDone', { entries: state.changes.entries })}</strong>
            <p>{t('directorySync.sync.previewNote')}</p>
          </div>
          <SyncChanges changes={state.changes} />
        </div>
      )}
      {state.kind === 'ran' && (
        <div className="fl-dirsync__result">
          <div className="fl-alert fl-alert--info" role="status">
            <strong>{t('directorySync.sync.ranDone', { entries: state.changes.entries })}</strong>
          </div>
          <SyncChanges changes={state.changes} />
        </div>
      )}
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportState } from '../../api/imports.ts';

const POLL_MS = 400;

/** The running import's progress bar, from polling its state until it is done or failed. */
export function ProgressStep({ poll, onFinished }: { poll: () => Promise<ImportState>; onFinished: (state: ImportState) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<ImportState | null>(null);
  const [offline, setOffline] = useState(false);
  // The latest callbacks, so the polling loop is started once and never restarted by a re-render.
  const latest = useRef({ poll, onFinished });
  useEffect(() => {
    latest.current = { poll, onFinished };
  });

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await latest.current.poll();
        if (!live) return;
        setOffline(false);
        setState(next);
        if (next.status === 'done' || next.status === 'failed') {
          latest.current.onFinished(next);
          return;
        }
      } catch {
        if (!live) return;
        setOffline(true); // the import goes on on the server; keep asking
      }
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);

  const total = state?.total ?? 0;
  const processed = state?.processed ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : 0;
  const phase = state?.phase === 'writing' ? t('import.run.writing') : t('import.run.checking');
  return (
    <section className="fl-card fl-panel" aria-labelledby="fl-import-run-h">
      <h2 id="fl-import-run-h">{t('import.run.heading')}</h2>
      <p className="fl-import-hint">{t('import.run.hint')}</p>
      <div
        className="fl-import-progress"
        role="progressbar"
        aria-label={t('import.run.label')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={processed}
        aria-valuetext={t('import.run.valueText', { processed, total, percent })}
      >
        <div className="fl-import-progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="fl-import-progress__text" aria-live="polite">
        {phase} · {t('import.run.valueText', { processed: processed.toLocaleString(), total: total.toLocaleString(), percent })}
      </p>
      {offline && (
        <div className="fl-alert fl-alert--warning fl-import-alert" role="status">
          {t('import.run.offline')}
        </div>
      )}
    </section>
  );
}

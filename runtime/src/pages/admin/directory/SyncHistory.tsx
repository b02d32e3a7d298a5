import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import type { AsyncState } from '../../../components/useAsync.ts';
import type { DirectorySyncRun } from './directoryApi.ts';

const COUNTS = [
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'departmentsCreated',
  'departmentsMoved',
  'managersSet',
  'warnings',
] as const;

/** The latest sync runs, newest first: when, how it started, its outcome and counts (or its error). */
export function SyncHistory({ state }: { state: AsyncState<DirectorySyncRun[]> & { reload: () => void } }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language.startsWith('zh') ? 'zh-HK' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' }).format(
      new Date(iso),
    );
  const seconds = (run: DirectorySyncRun) =>
    run.finishedAt ? Math.max(0, (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000).toFixed(1) : null;

  return (
    <section className="fl-card fl-panel fl-dirsync__section" aria-labelledby="dirsync-history">
      <h2 id="dirsync-history">{t('directorySync.history.title')}</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.reload} />}
      {state.status === 'ok' && state.data.length === 0 && <p className="fl-dirsync__hint">{t('directorySync.history.empty')}</p>}
      {state.status === 'ok' && state.data.length > 0 && (
        <ol className="fl-dirsync__runs">
          {state.data.map((run) => (
            <li key={run.id} className="fl-dirsync__run">
              <div className="fl-dirsync__run-head">
                <span className={`fl-badge fl-dirsync__badge--${run.status}`}>{t(`directorySync.history.status.${run.status}`)}</span>
                <time dateTime={run.startedAt}>{when(run.startedAt)}</time>
                <span className="fl-dirsync__hint">
                  {t(`directorySync.history.trigger.${run.trigger}`)}
                  {seconds(run) !== null && ` · ${t('directorySync.history.took', { seconds: seconds(run) })}`}
                </span>
              </div>
              {run.counts && (
                <ul className="fl-dirsync__counts">
                  {COUNTS.filter((k) => run.counts![k] > 0).map((k) => (
                    <li key={k}>{t(`directorySync.history.count.${k}`, { count: run.counts![k] })}</li>
                  ))}
                  {COUNTS.every((k) => run.counts![k] === 0) && (
                    <li>{t('directorySync.history.noChanges', { entries: run.counts.entries })}</li>
                  )}
                </ul>
              )}
              {run.error && <p className="fl-dirsync__run-error">{run.error}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

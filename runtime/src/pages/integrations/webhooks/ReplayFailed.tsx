import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { useWebhooksApi } from './useWebhooksApi.ts';

/** `YYYY-MM-DDTHH:mm` in local time, what <input type="datetime-local"> holds: a day ago by default. */
function localInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** "Replay failed since <date-time>": every failed or dead delivery since then goes again; says how many. */
export function ReplayFailed({ webhookId, onReplayed }: { webhookId: string; onReplayed: () => void }) {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 60 * 60 * 1000)));
  const [state, setState] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; replayed: number } | { status: 'error'; message: string }
  >({
    status: 'idle',
  });

  const run = async () => {
    const at = new Date(since);
    if (!since || Number.isNaN(at.getTime())) {
      setState({ status: 'error', message: t('webhooks.log.replayFailed.invalid') });
      return;
    }
    setState({ status: 'running' });
    try {
      const { replayed } = await webhooks.replayFailed(webhookId, at.toISOString());
      setState({ status: 'done', replayed });
      if (replayed > 0) onReplayed();
    } catch (err) {
      setState({ status: 'error', message: err instanceof ApiError ? err.message : t('errors.generic') });
    }
  };

  return (
    <div className="fl-int-replay">
      <label className="fl-int-inline">
        <span>{t('webhooks.log.replayFailed.since')}</span>
        <input className="fl-input" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
      </label>
      <button type="button" className="fl-btn fl-btn--secondary" onClick={run} disabled={state.status === 'running'}>
        {state.status === 'running' ? t('webhooks.log.replayFailed.running') : t('webhooks.log.replayFailed.run')}
      </button>
      <span aria-live="polite" className="fl-int-replay__result">
        {state.status === 'done' &&
          (state.replayed > 0 ? t('webhooks.log.replayFailed.done', { count: state.replayed }) : t('webhooks.log.replayFailed.none'))}
        {state.status === 'error' && <span className="fl-int-error">{state.message}</span>}
      </span>
    </div>
  );
}

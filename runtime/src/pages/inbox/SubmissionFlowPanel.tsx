import { SendUrgent } from '../notifications/SendUrgent.tsx';
import { lazy, Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError, isApiError } from '../../api/errors.ts';
import type { Timeline, WorkflowApi } from '../../api/workflow.ts';
import { Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { FlowTimeline } from './FlowTimeline.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { useOptionalWorkflowApi } from './useWorkflowApi.ts';
import './inbox.css';

// The editor carries rjsf: fetched only when a returned submission is being corrected.
const ResubmitEditor = lazy(() => import('./ResubmitEditor.tsx'));

/**
 * On the record page: where the submission's approval stands, who has it now, every step so far, and
 * the submitter's Withdraw (while pending) and edit-and-Resubmit (when returned). Nothing for a
 * submission without a flow. `onChanged` lets the page re-read the record after a resubmit.
 */
export function SubmissionFlowPanel({
  submissionId,
  onChanged,
  initialNotice = null,
}: {
  submissionId: string;
  /** After a withdraw or resubmit, with what the panel says about it (the page reloads the record). */
  onChanged?: (notice: string | null) => void;
  /** What to say on first showing: the record page re-mounts the panel when it reloads after a change. */
  initialNotice?: string | null;
}) {
  const api = useOptionalWorkflowApi();
  const state = useAsync(() => (api ? api.timeline(submissionId) : Promise.resolve(null)), [api, submissionId]);
  // While the timeline is read again after a withdraw or resubmit, the panel keeps showing the last one
  // (and what just happened) instead of vanishing for a moment.
  const last = useRef<Timeline | null>(null);
  if (state.status === 'ok') last.current = state.data;
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const timeline = state.status === 'loading' ? last.current : state.status === 'ok' ? state.data : null;
  if (!timeline || !api) return null; // no flow, or not ours to see: the record page shows the rest
  if (timeline.status === 'submitted') return null;
  return (
    <FlowPanel
      submissionId={submissionId}
      timeline={timeline}
      api={api}
      notice={notice}
      onChanged={(text) => {
        setNotice(text);
        state.reload();
        onChanged?.(text);
      }}
    />
  );
}

function FlowPanel({
  submissionId,
  timeline,
  api,
  notice,
  onChanged,
}: {
  submissionId: string;
  timeline: Timeline;
  api: WorkflowApi;
  /** What the person just did here, said once the panel shows the new state. */
  notice: string | null;
  onChanged: (notice: string | null) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { state: session } = useSession();
  const me = session.status === 'signedIn' ? session.user.id : null;
  const [stage, setStage] = useState<'idle' | 'confirmWithdraw' | 'withdrawing' | 'editing' | 'reminding'>('idle');
  const [problem, setProblem] = useState<string | null>(null);

  const submitterId = timeline.items.find((e) => e.action === 'submitted')?.actorId ?? null;
  const mine = me !== null && submitterId === me;
  const pendingWith = timeline.current.flatMap((c) => c.assignees.filter((a) => !a.status || a.status === 'pending'));
  const withWhom = pendingWith.map((a) => a.name);
  const lastReturn = [...timeline.items].reverse().find((e) => e.action === 'returned');
  const list = (names: string[]) => names.join(locale === 'zh-Hant' ? '、' : ', ');

  const withdraw = async () => {
    setStage('withdrawing');
    setProblem(null);
    try {
      await api.withdraw(submissionId);
      setStage('idle');
      onChanged(t('inbox.flow.withdrawn'));
    } catch (err) {
      setStage('confirmWithdraw');
      if (isApiError(err, 'flow_not_pending')) {
        setStage('idle');
        setProblem(t('inbox.flow.notPendingAnyMore'));
        onChanged(null);
      } else if (err instanceof NetworkError) setProblem(t('inbox.networkError'));
      else if (err instanceof ApiError && err.status < 500) setProblem(err.message);
      else setProblem(t('inbox.flow.failed'));
    }
  };

  return (
    <section className="fl-card fl-panel fl-flow-panel" aria-labelledby="fl-flow-title">
      <div className="fl-flow-panel__head">
        <h2 id="fl-flow-title">{t('inbox.flow.title')}</h2>
        <StatusBadge status={timeline.status} />
      </div>
      {timeline.status === 'pending' && withWhom.length > 0 && (
        <p className="fl-flow-panel__now">{t('inbox.withNow', { names: list(withWhom) })}</p>
      )}
      {timeline.status === 'returned' && (
        <div className="fl-alert fl-alert--warning fl-flow-panel__returned">
          <strong>{t(mine ? 'inbox.flow.returnedToYou' : 'inbox.flow.returned', { name: lastReturn?.actorName ?? '' })}</strong>
          {lastReturn?.comment && <p className="fl-flow-panel__reason">{lastReturn.comment}</p>}
        </div>
      )}
      {notice && (
        <p className="fl-alert fl-alert--success" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problem}
        </p>
      )}

      {mine && timeline.status === 'pending' && stage === 'idle' && (
        <div className="fl-flow-panel__actions">
          {pendingWith.length > 0 && (
            // Like DingTalk's DING: the approvers get a reminder they must acknowledge.
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('reminding')}>
              {t('inbox.flow.remindUrgently')}
            </button>
          )}
          <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('confirmWithdraw')}>
            {t('inbox.flow.withdraw')}
          </button>
        </div>
      )}
      {stage === 'reminding' && (
        <SendUrgent userIds={[...new Set(pendingWith.map((a) => a.id))]} submissionId={submissionId} onClose={() => setStage('idle')} />
      )}
      {(stage === 'confirmWithdraw' || stage === 'withdrawing') && (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-labelledby="fl-withdraw-question">
          <p id="fl-withdraw-question">{t('inbox.flow.withdrawConfirm')}</p>
          <div className="fl-alert__actions fl-task__confirm">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('idle')} disabled={stage === 'withdrawing'}>
              {t('inbox.task.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--danger" onClick={withdraw} disabled={stage === 'withdrawing'}>
              {stage === 'withdrawing' ? t('inbox.task.sending') : t('inbox.flow.withdrawYes')}
            </button>
          </div>
        </div>
      )}

      {mine && timeline.status === 'returned' && stage === 'idle' && (
        <div className="fl-flow-panel__actions">
          <button type="button" className="fl-btn fl-btn--primary" onClick={() => setStage('editing')}>
            {t('inbox.flow.editResubmit')}
          </button>
        </div>
      )}
      {stage === 'editing' && (
        <Suspense fallback={<Loading />}>
          <ResubmitEditor
            submissionId={submissionId}
            api={api}
            onCancel={() => setStage('idle')}
            onResubmitted={() => {
              setStage('idle');
              onChanged(t('inbox.flow.resubmitted'));
            }}
          />
        </Suspense>
      )}

      {/* Right under the heading once the flow has finished: then the heading says it already. */}
      <h3 className={timeline.status === 'pending' || timeline.status === 'returned' ? 'fl-flow-panel__subtitle' : 'fl-visually-hidden'}>
        {t('inbox.timeline.title')}
      </h3>
      <FlowTimeline items={timeline.items} current={timeline.current} />
    </section>
  );
}

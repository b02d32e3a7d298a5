import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeForm } from '@formloom/schemas';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, NetworkError, isApiError } from '../../api/errors.ts';
import type { RecordQuery } from '../../api/types.ts';
import type { TaskDetail, WorkflowApi } from '../../api/workflow.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useFormKitLoader } from '../../form/FormKit.tsx';
import { FormRenderer, type RejectedSubmission } from '../../form/FormRenderer.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { TaskSigning, type PendingApproval } from '../../signatures/TaskSigning.tsx';
import { Link, useNavigate } from '../../router/Router.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { RecordValues } from '../records/RecordValues.tsx';
import { dateTimeFormat } from '../submissionColumns.ts';
import { pick, subsetForm } from './fieldSubset.ts';
import { flowText } from './format.ts';
import { FlowTimeline } from './FlowTimeline.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TaskDecision, type Decision } from './TaskDecision.tsx';
import { useWorkflowApi } from './useWorkflowApi.ts';
import '../FillFormPage.css';
import '../records/RecordPage.css';
import './inbox.css';

/** Where the inbox's success message comes from: `/inbox?done=<notice>`. */
const NOTICE_OF: Record<Decision['action'], string> = {
  approve: 'approved',
  reject: 'rejected',
  return: 'returned',
  transfer: 'transferred',
  addSigner: 'signerAdded',
};

/** /tasks/:taskId: the submission as this node may see it, the flow so far, and the approver's decision. */
export default function TaskPage({ taskId }: { taskId: string }) {
  const api = useWorkflowApi();
  const state = useAsync(() => api.task(taskId), [api, taskId]);
  // Survives the reload a 409 causes, so the person learns why the buttons went away.
  const [notice, setNotice] = useState<string | null>(null);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  return (
    <TaskView
      key={`${state.data.task.id}/${state.data.task.status}`}
      detail={state.data}
      api={api}
      notice={notice}
      onStale={(text) => {
        setNotice(text);
        state.reload();
      }}
    />
  );
}

function TaskView({
  detail,
  api,
  notice,
  onStale,
}: {
  detail: TaskDetail;
  api: WorkflowApi;
  notice: string | null;
  onStale: (text: string) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const { state: session } = useSession();
  const me = session.status === 'signedIn' ? session.user.id : null;
  const { task, submission, form, fieldAccess, actions } = detail;
  const timeline = useAsync(() => api.timeline(submission.id), [api, submission.id]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [commentProblem, setCommentProblem] = useState(false);
  const [rejected, setRejected] = useState<RejectedSubmission | null>(null);
  const approveComment = useRef('');
  const submitRef = useRef<HTMLButtonElement>(null);
  // A node with requireSignature: approving signs first (the server also says so: 422 signature_required).
  const [signatureAsked, setSignatureAsked] = useState(false);
  const needsSignature = detail.requireSignature === true || signatureAsked;
  const [signing, setSigning] = useState<PendingApproval | null>(null);

  // Opening a cc is reading it (the server ignores this for anything else than an unread cc).
  useEffect(() => {
    if (task.kind === 'cc' && task.status === 'pending') api.markRead(task.id).catch(() => undefined);
  }, [api, task.id, task.kind, task.status]);

  const pending = actions.length > 0;
  const editableKeys = useMemo(
    () => (pending ? Object.keys(fieldAccess).filter((k) => fieldAccess[k] === 'editable') : []),
    [pending, fieldAccess],
  );
  const shown = useMemo(() => {
    const doc = localizeForm(form.schema, form.uiSchema, locale);
    return subsetForm(doc.schema, doc.uiSchema, (key) => fieldAccess[key] !== 'hidden' && !editableKeys.includes(key));
  }, [form, locale, fieldAccess, editableKeys]);
  // The form's title in the UI language when the designer translated it; its name otherwise.
  const title = typeof shown.schema.title === 'string' && shown.schema.title ? shown.schema.title : task.formName;
  const editable = useMemo(() => {
    const doc = subsetForm(form.schema, form.uiSchema, (key) => editableKeys.includes(key));
    // The page already names the form; the fields card's own heading says what they are for.
    const { title, description, ...untitled } = doc.schema;
    return { schema: untitled, uiSchema: doc.uiSchema };
  }, [form, editableKeys]);

  const send = useCallback(
    async (decision: Decision, data?: Record<string, unknown>, signatureId?: string) => {
      setBusy(true);
      setProblem(null);
      setCommentProblem(false);
      const comment = decision.comment.trim() || undefined;
      try {
        if (decision.action === 'approve')
          await api.approve(task.id, { comment, ...(data ? { data } : {}), ...(signatureId ? { signatureId } : {}) });
        else if (decision.action === 'reject') await api.reject(task.id, decision.comment.trim());
        else if (decision.action === 'return') await api.returnToSubmitter(task.id, decision.comment.trim());
        else if (decision.action === 'transfer') await api.transfer(task.id, { userId: decision.userId, comment });
        else await api.addSigner(task.id, { userId: decision.userId, position: decision.position, comment });
        navigate(`/inbox?done=${NOTICE_OF[decision.action]}`);
      } catch (err) {
        setBusy(false);
        if (isApiError(err, 'task_not_pending')) onStale(t('inbox.task.alreadyActed'));
        else if (isApiError(err, 'not_task_assignee')) onStale(t('inbox.task.notYours'));
        else if (isApiError(err, 'signature_required') && decision.action === 'approve') {
          setSignatureAsked(true);
          setSigning({ decision, data });
        } else if (
          isApiError(err, 'comment_required') ||
          (isApiError(err, 'invalid_request') && decision.action !== 'approve' && !comment)
        ) {
          setCommentProblem(true);
        } else if (isApiError(err, 'validation_failed') && data) {
          setRejected({ details: err.validationDetails, data });
          setProblem(t('fill.fixErrors'));
        } else if (err instanceof NetworkError) setProblem(t('inbox.networkError'));
        else if (err instanceof ApiError && err.status >= 400 && err.status < 500) setProblem(err.message);
        else setProblem(t('inbox.task.failed'));
      }
    },
    [api, task.id, navigate, onStale, t],
  );

  const approve = (decision: Decision, data?: Record<string, unknown>) =>
    needsSignature ? setSigning({ decision, data }) : void send(decision, data);

  const decide = (decision: Decision) => {
    // Approving with fields to fill goes through the form: rjsf checks them, then onSubmit sends.
    if (decision.action === 'approve' && editableKeys.length > 0) {
      approveComment.current = decision.comment;
      submitRef.current?.click();
      return;
    }
    if (decision.action === 'approve') approve(decision);
    else void send(decision);
  };

  const when = dateTimeFormat(locale);
  return (
    <main className="fl-main fl-main--narrow fl-task">
      <div className="fl-breadcrumb">
        <Link to="/inbox">{t('inbox.backToInbox')}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{title}</h1>
          <p>{t('inbox.task.submittedBy', { name: task.submitterName ?? t('submissions.anonymous'), at: when(submission.createdAt) })}</p>
          <p className="fl-task__status">
            <StatusBadge status={task.submissionStatus} />
            <span className="fl-task__node">
              {t(task.kind === 'cc' ? 'inbox.task.ccAt' : 'inbox.task.stepAt', { node: flowText(task.nodeName, locale) })}
            </span>
          </p>
        </div>
        <div className="fl-page-head__actions">
          <Link className="fl-btn fl-btn--secondary" to={`/r/${encodeURIComponent(submission.id)}`}>
            {t('inbox.task.openRecord')}
          </Link>
        </div>
      </div>

      {notice && (
        <p className="fl-alert fl-alert--warning fl-task__notice" role="alert">
          {notice}
        </p>
      )}
      {!pending && task.kind === 'approve' && (
        <p className="fl-alert fl-alert--info" role="status">
          {task.status === 'pending'
            ? t('inbox.task.notYoursNow')
            : task.status === 'waiting'
              ? t('inbox.task.waiting')
              : t(`inbox.task.closed`, { status: t(`inbox.status.task.${task.status}`) })}
        </p>
      )}

      <section className="fl-card fl-panel" aria-labelledby="fl-task-values">
        <h2 id="fl-task-values" className="fl-task__section-title">
          {t('inbox.task.values')}
        </h2>
        <RecordValues schema={shown.schema} uiSchema={shown.uiSchema} data={submission.data} />
      </section>

      {editableKeys.length > 0 && (
        <EditableFields
          schema={editable.schema}
          uiSchema={editable.uiSchema}
          data={pick(submission.data, editableKeys)}
          rejected={rejected}
          disabled={busy}
          submitRef={submitRef}
          onValid={(data) => approve({ action: 'approve', comment: approveComment.current }, data)}
        />
      )}

      {pending && (
        <TaskDecision
          actions={actions}
          busy={busy}
          problem={problem}
          commentProblem={commentProblem}
          excludeIds={[me, task.assigneeId].filter((x): x is string => !!x)}
          approveLabel={needsSignature ? t('signatures.task.signAndApprove') : undefined}
          onDecide={decide}
        />
      )}
      {signing && (
        <TaskSigning
          taskId={task.id}
          onSigned={(signatureId) => {
            setSigning(null);
            void send(signing.decision, signing.data, signatureId);
          }}
          onClose={() => setSigning(null)}
        />
      )}

      <section className="fl-task__timeline" aria-labelledby="fl-task-timeline">
        <h2 id="fl-task-timeline">{t('inbox.timeline.title')}</h2>
        {timeline.status === 'loading' && <Loading />}
        {timeline.status === 'error' && <p className="fl-values__muted">{t('inbox.timeline.unavailable')}</p>}
        {timeline.status === 'ok' && <FlowTimeline items={timeline.data.items} current={timeline.data.current} />}
      </section>
    </main>
  );
}

/** The fields this node lets the approver fill, with the fill page's renderer (its checks, its widgets). */
function EditableFields({
  schema,
  uiSchema,
  data,
  rejected,
  disabled,
  submitRef,
  onValid,
}: {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  data: Record<string, unknown>;
  rejected: RejectedSubmission | null;
  disabled: boolean;
  submitRef: React.RefObject<HTMLButtonElement | null>;
  onValid: (data: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const loadKit = useFormKitLoader();
  const kit = useAsync(loadKit, [loadKit]);
  const lookupRecords = useCallback((formId: string, query: RecordQuery) => api.listRecords(formId, query), [api]);
  return (
    <section className="fl-card fl-panel fl-fill fl-task__fill" aria-labelledby="fl-task-fill">
      <h2 id="fl-task-fill" className="fl-task__section-title">
        {t('inbox.task.fillTitle')}
      </h2>
      {kit.status === 'loading' && <Loading />}
      {kit.status === 'error' && <ErrorState error={kit.error} onRetry={kit.reload} />}
      {kit.status === 'ok' && (
        <FormRenderer
          schema={schema}
          uiSchema={uiSchema}
          locale={locale}
          validatorFor={kit.data.validatorFor}
          widgets={kit.data.widgets}
          fields={kit.data.fields}
          fieldTypes={kit.data.fieldTypes}
          initialData={data}
          rejected={rejected}
          disabled={disabled}
          records={lookupRecords}
          onSubmit={onValid}
        >
          {/* The decision panel's Approve submits this form, so the fields are checked first. */}
          <button ref={submitRef} type="submit" hidden tabIndex={-1} aria-hidden="true" />
        </FormRenderer>
      )}
    </section>
  );
}

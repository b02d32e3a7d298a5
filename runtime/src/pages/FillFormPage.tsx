import type { RecordQuery } from '../api/types.ts';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import { ApiError, NetworkError, isApiError } from '../api/errors.ts';
import type { Form, Submission } from '../api/types.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { FormRenderer, type RejectedSubmission } from '../form/FormRenderer.tsx';
import { useFormKitLoader, type FormKit } from '../form/FormKit.tsx';
import { newIdempotencyKey } from '../form/idempotency.ts';
import { useFileApi } from '../form/upload/useFileApi.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { hasQueueAhead, saveToOutbox, SUBMIT_TIMEOUT_MS } from '../offline/keepOnDevice.ts';
import { withTimeout } from '../offline/outboxSync.ts';
import type { OutboxEntry } from '../offline/outboxTypes.ts';
import { localFileIds } from '../offline/localFiles.ts';
import { useOffline, useOfflineFiles } from '../offline/OfflineProvider.tsx';
import { classifyFailure } from '../offline/retryPolicy.ts';
import { SavedOnDevice } from '../offline/SavedOnDevice.tsx';
import { SigningProvider } from '../signatures/SigningContext.tsx';
import { Link, useLocation, useNavigate } from '../router/Router.tsx';
import { formTitle } from './formTitle.ts';
import './FillFormPage.css';

/** `?fix=<outbox entry id>`: the outbox's "Fix" opens the form with that entry's answers and the server's complaints. */
const fixParam = (search: string) => new URLSearchParams(search).get('fix');

export default function FillFormPage({ formId }: { formId: string }) {
  const api = useApi();
  const loadKit = useFormKitLoader();
  const { outbox } = useOffline();
  const fixId = fixParam(useLocation().search);
  const state = useAsync(
    () => Promise.all([api.getForm(formId), loadKit(), fixId && outbox ? outbox.get(fixId) : undefined]),
    [api, formId, loadKit, fixId, outbox],
  );

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const [form, kit, fixing] = state.data;
  const fix = fixing?.formId === form.id ? fixing : undefined;
  return (
    <SigningProvider formId={form.id}>
      <FillForm key={`${form.id}/${fix?.id ?? ''}`} form={form} kit={kit} fixing={fix} />
    </SigningProvider>
  );
}

type Outcome =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'done'; submission: Submission }
  | { kind: 'savedOnDevice' }
  | { kind: 'notPublished' };

function FillForm({ form, kit, fixing }: { form: Form; kit: FormKit; fixing?: OutboxEntry }) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const { online, outbox, entries } = useOffline();
  const [outcome, setOutcome] = useState<Outcome>(form.published ? { kind: 'editing' } : { kind: 'notPublished' });
  const [rejected, setRejected] = useState<RejectedSubmission | null>(
    fixing?.error?.details?.length ? { details: fixing.error.details, data: fixing.data } : null,
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0); // remounts the renderer for "Submit another"
  const lookupRecords = useCallback((formId: string, query: RecordQuery) => api.listRecords(formId, query), [api]);
  const files = useOfflineFiles(useFileApi());
  // One key per fill attempt. Kept across retries while the outcome is unknown (no answer, 5xx), so the
  // server can recognise a repeat and return the submission it already made instead of a second one.
  const idempotencyKey = useRef(newIdempotencyKey());

  // Older submissions still waiting on this device go first; a new one joins the queue behind them.
  const queueAhead = hasQueueAhead(entries, fixing?.id);
  const title = formTitle(form, locale);

  const submit = useCallback(
    async (data: Record<string, unknown>) => {
      setOutcome({ kind: 'sending' });
      setProblem(null);
      const keepOnDevice = async () => {
        if (
          !outbox ||
          !(await saveToOutbox(outbox, fixing, {
            formId: form.id,
            formVersion: form.published!.version,
            formName: title,
            data,
            idempotencyKey: idempotencyKey.current,
          }))
        )
          return false;
        idempotencyKey.current = newIdempotencyKey();
        setOutcome({ kind: 'savedOnDevice' });
        window.scrollTo?.(0, 0);
        return true;
      };
      // Photos taken offline go up with the submission, from the outbox (which uploads them first).
      if ((!online || queueAhead || localFileIds(data).length > 0) && (await keepOnDevice())) return;
      try {
        const submission = await withTimeout(api.createSubmission(form.id, data, idempotencyKey.current), SUBMIT_TIMEOUT_MS);
        if (fixing) await outbox?.discard(fixing.id).catch(() => undefined);
        idempotencyKey.current = newIdempotencyKey();
        setRejected(null);
        setOutcome({ kind: 'done', submission });
        window.scrollTo?.(0, 0);
      } catch (err) {
        // No answer, or the server in trouble: the outbox sends it later with the same key.
        if (classifyFailure(err).kind === 'retry' && (await keepOnDevice())) return;
        setOutcome({ kind: 'editing' });
        // A 4xx is a definite "nothing was created": the next attempt is a new one with its own key
        // (reusing it with different data would be refused as a key reuse). Unknown outcomes keep the key.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) idempotencyKey.current = newIdempotencyKey();
        if (err instanceof ApiError && err.validationDetails.length > 0) {
          setRejected({ details: err.validationDetails, data });
          setProblem(t('fill.fixErrors'));
        } else if (isApiError(err, 'form_not_published')) {
          setOutcome({ kind: 'notPublished' });
        } else if (err instanceof NetworkError) {
          setProblem(t('fill.networkError'));
        } else if (err instanceof ApiError && err.status === 401) {
          setProblem(t('fill.signedOut'));
        } else if (err instanceof ApiError && err.status === 403) {
          setProblem(t('fill.forbidden'));
        } else if (isApiError(err, 'insufficient_stock')) {
          const details = (err.details ?? {}) as { onHand?: number; requested?: number };
          setProblem(t('fill.insufficientStock', { onHand: details.onHand ?? 0, requested: details.requested ?? 0 }));
        } else if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
          // A refusal the page has no words of its own for: the server's message says what to change.
          setProblem(t('fill.refused', { message: err.message }));
        } else {
          setProblem(t('fill.serverError'));
        }
      }
    },
    [api, form.id, form.published, t, online, outbox, fixing, queueAhead, title],
  );

  // "Submit another" after a fix starts a plain new submission, not a second fix of the same entry.
  const another = () => {
    if (fixing) navigate(`/f/${encodeURIComponent(form.id)}`, { replace: true });
    setOutcome({ kind: 'editing' });
    setRound((n) => n + 1);
  };

  if (outcome.kind === 'savedOnDevice') return <SavedOnDevice formName={title} onAnother={another} />;

  if (outcome.kind === 'notPublished') {
    return (
      <main className="fl-main fl-main--narrow">
        <div className="fl-card fl-state" role="status">
          <h2>{t('fill.notPublishedTitle')}</h2>
          <p>{t('fill.notPublished', { name: title })}</p>
          <Link className="fl-btn fl-btn--secondary" to={`/apps/${encodeURIComponent(form.appId)}`}>
            {t('fill.backToApp')}
          </Link>
        </div>
      </main>
    );
  }

  if (outcome.kind === 'done') {
    const forApproval = outcome.submission.status === 'pending';
    return (
      <main className="fl-main fl-main--narrow">
        <div className="fl-card fl-done" role="status">
          <div className="fl-done__icon" aria-hidden="true">
            ✓
          </div>
          <h1>{t('fill.doneTitle')}</h1>
          {/* A form with an approval flow: the submission waits for approvers, and its record shows the progress. */}
          <p>{t(forApproval ? 'fill.doneForApproval' : 'fill.done', { name: title })}</p>
          <div className="fl-done__actions">
            {forApproval && (
              <Link className="fl-btn fl-btn--primary" to={`/r/${encodeURIComponent(outcome.submission.id)}`}>
                {t('fill.viewRecord')}
              </Link>
            )}
            <button type="button" className={`fl-btn ${forApproval ? 'fl-btn--secondary' : 'fl-btn--primary'}`} onClick={another}>
              {t('fill.submitAnother')}
            </button>
            <Link className="fl-btn fl-btn--secondary" to={`/f/${encodeURIComponent(form.id)}/submissions`}>
              {t('fill.viewSubmissions')}
            </Link>
          </div>
        </div>
      </main>
    );
  }

  const published = form.published!;
  const sending = outcome.kind === 'sending';
  return (
    <main className="fl-main fl-main--narrow">
      <div className="fl-breadcrumb">
        <Link to={`/apps/${encodeURIComponent(form.appId)}`}>{t('fill.backToApp')}</Link>
      </div>
      <div className="fl-card fl-panel fl-fill">
        <FormRenderer
          key={round}
          schema={published.schema}
          uiSchema={published.uiSchema}
          locale={locale}
          validatorFor={kit.validatorFor}
          widgets={kit.widgets}
          fields={kit.fields}
          fieldTypes={kit.fieldTypes}
          initialData={fixing?.data}
          rejected={rejected}
          disabled={sending}
          records={lookupRecords}
          uploadFile={files.uploadFile}
          fileInfo={files.fileInfo}
          onSubmit={submit}
        >
          {problem && (
            <div className="fl-alert fl-alert--error fl-fill__problem" role="alert">
              {problem}
            </div>
          )}
          <div className="fl-fill__actions">
            <button type="submit" className="fl-btn fl-btn--primary fl-fill__submit" disabled={sending}>
              {sending ? t('fill.submitting') : t('fill.submit')}
            </button>
          </div>
        </FormRenderer>
      </div>
    </main>
  );
}

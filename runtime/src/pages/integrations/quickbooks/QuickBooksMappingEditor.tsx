import type { QuickBooksConnection, QuickBooksMapping, QuickBooksPreview } from '@formloom/plugin-quickbooks/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { formTitle } from '../../formTitle.ts';
import { ConfirmButton } from '../connectors/ConfirmButton.tsx';
import { FormChooser } from '../connectors/FormChooser.tsx';
import { JsonPreview } from '../connectors/JsonPreview.tsx';
import { unclaimed } from '../connectors/mappingErrors.ts';
import { Section } from '../connectors/Section.tsx';
import { usePublishedFields } from '../connectors/usePublishedFields.ts';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';
import { useMappingEditor } from '../connectors/useMappingEditor.ts';
import { draftFromMapping, emptyDraft, toInput, type QuickBooksDraft } from './quickbooksDraft.ts';
import { QuickBooksMappingFields, SHOWN_PATHS } from './QuickBooksMappingFields.tsx';
import { useQuickBooksLists } from './useQuickBooksLists.ts';

/** The mapping of one form (or, with formId null, the choice of a form to map). */
export function QuickBooksMappingEditor({
  formId,
  connection,
  onOpen,
  onClose,
}: {
  formId: string | null;
  connection: QuickBooksConnection | null;
  onOpen: (formId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { quickbooks } = useRequiredConnectorsApi();
  const saved = useAsync<QuickBooksMapping | null>(
    () =>
      formId
        ? quickbooks.mapping(formId).catch((error: unknown) => {
            if (error instanceof ApiError && error.status === 404 && error.code !== 'form_not_found') return null;
            throw error;
          })
        : Promise.resolve(null),
    [quickbooks, formId],
  );
  const [scope, setScope] = useState<{ appId: string | null; formId: string | null }>({ appId: null, formId: null });

  return (
    <div className="fl-conn-stack">
      <button type="button" className="fl-btn fl-btn--ghost fl-conn-back" onClick={onClose}>
        {t('quickbooks.editor.back')}
      </button>
      {!formId ? (
        <Section id="qbo-form" title={t('quickbooks.editor.chooseForm')} hint={t('quickbooks.editor.chooseFormHint')}>
          <FormChooser
            idPrefix="qbo-form"
            scope={scope}
            onScope={(next) => {
              setScope(next);
              if (next.formId) onOpen(next.formId);
            }}
          />
        </Section>
      ) : saved.status === 'loading' ? (
        <Loading />
      ) : saved.status === 'error' ? (
        <ErrorState error={saved.error} onRetry={saved.reload} />
      ) : (
        <Editor formId={formId} saved={saved.data} connection={connection} onDeleted={onClose} />
      )}
    </div>
  );
}

function Editor({
  formId,
  saved,
  connection,
  onDeleted,
}: {
  formId: string;
  saved: QuickBooksMapping | null;
  connection: QuickBooksConnection | null;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { quickbooks } = useRequiredConnectorsApi();
  const { form, fields } = usePublishedFields(formId);
  const lists = useQuickBooksLists(!!connection?.connected);
  const { draft, change, exists, errors, notice, busy, preview, previewProblem, save, runPreview } = useMappingEditor<
    QuickBooksDraft,
    QuickBooksMapping,
    QuickBooksPreview
  >(() => (saved ? draftFromMapping(saved) : emptyDraft()), !!saved, {
    save: (d) => quickbooks.saveMapping(formId, toInput(d)),
    preview: (d) => quickbooks.preview(formId, { target: toInput(d).target }),
    draftOf: draftFromMapping,
    savedMessage: t('quickbooks.editor.saved'),
  });

  const remove = async () => {
    await quickbooks.removeMapping(formId);
    onDeleted();
  };

  // The pickers list the published fields: without them a saved name would look missing.
  if (form.status === 'loading') return <Loading />;
  if (form.status === 'error') return <ErrorState error={form.error} onRetry={form.reload} />;
  const title = form.data ? formTitle(form.data, locale) : '';
  const leftOver = unclaimed(errors, SHOWN_PATHS);
  return (
    <>
      <h2 className="fl-conn-form-title">{t('quickbooks.editor.title', { form: title })}</h2>
      {form.status === 'ok' && form.data && !form.data.published && (
        <p className="fl-alert fl-alert--warning">{t('connectors.notPublished')}</p>
      )}
      {connection && !connection.connected && <p className="fl-alert fl-alert--warning">{t('quickbooks.editor.notConnected')}</p>}
      {lists.error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {t('quickbooks.editor.listsFailed', { message: lists.error })}
        </p>
      )}
      <div className="fl-int-editor">
        <div className="fl-int-editor__settings">
          {(errors.general || leftOver.length > 0) && (
            <div className="fl-alert fl-alert--error" role="alert">
              {errors.general && <p>{errors.general}</p>}
              {leftOver.map((m) => (
                <p key={m}>{m}</p>
              ))}
            </div>
          )}
          <QuickBooksMappingFields draft={draft} change={change} fields={fields} lists={lists} errors={errors} />
          <div className="fl-int-editor__save fl-int-actions">
            <button type="button" className="fl-btn fl-btn--primary" onClick={save} disabled={busy}>
              {t('quickbooks.editor.save')}
            </button>
            {notice && (
              <span className="fl-int-saved" role="status">
                {notice}
              </span>
            )}
            {exists && (
              <ConfirmButton
                label={t('quickbooks.editor.delete')}
                question={t('quickbooks.editor.deleteQuestion')}
                confirmLabel={t('quickbooks.editor.deleteConfirm')}
                onConfirm={remove}
              />
            )}
          </div>
        </div>
        <section className="fl-card fl-int-editor__preview fl-int-preview" aria-labelledby="qbo-preview">
          <h2 id="qbo-preview">{t('quickbooks.preview.title')}</h2>
          <p className="fl-int-muted">{t('quickbooks.preview.hint')}</p>
          <button type="button" className="fl-btn fl-btn--secondary" onClick={runPreview}>
            {t('quickbooks.preview.run')}
          </button>
          {previewProblem && (
            <p className="fl-alert fl-alert--error" role="alert">
              {previewProblem}
            </p>
          )}
          {preview && (
            <div className="fl-conn-preview">
              <JsonPreview
                label={t('quickbooks.preview.entity', { entity: preview.entity, submissionId: preview.submissionId })}
                value={preview.body}
                testId="qbo-preview-body"
              />
              {preview.payment && (
                <JsonPreview label={t('quickbooks.preview.payment')} value={preview.payment} testId="qbo-preview-payment" />
              )}
            </div>
          )}
        </section>
      </div>
    </>
  );
}

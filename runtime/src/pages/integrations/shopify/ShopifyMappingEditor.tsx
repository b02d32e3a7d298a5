import type { ShopifyConnection, ShopifyMapping, ShopifyPreview } from '@formloom/plugin-shopify/shared';
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
import { ShopifyInventoryFields, stockLedgerOf } from './ShopifyInventoryFields.tsx';
import { ShopifyOrderFields, SHOWN_ORDER_PATHS } from './ShopifyOrderFields.tsx';
import { draftFromMapping, emptyDraft, toInput, toTarget, type ShopifyDraft } from './shopifyDraft.ts';

/** The mapping of one form (or, with formId null, the choice of a form to map). */
export function ShopifyMappingEditor({
  formId,
  connection,
  onOpen,
  onClose,
}: {
  formId: string | null;
  connection: ShopifyConnection | null;
  onOpen: (formId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { shopify } = useRequiredConnectorsApi();
  const saved = useAsync<ShopifyMapping | null>(
    () =>
      formId
        ? shopify.mapping(formId).catch((error: unknown) => {
            if (error instanceof ApiError && error.code === 'mapping_not_found') return null;
            throw error;
          })
        : Promise.resolve(null),
    [shopify, formId],
  );
  const [scope, setScope] = useState<{ appId: string | null; formId: string | null }>({ appId: null, formId: null });

  return (
    <div className="fl-conn-stack">
      <button type="button" className="fl-btn fl-btn--ghost fl-conn-back" onClick={onClose}>
        {t('shopify.editor.back')}
      </button>
      {!formId ? (
        <Section id="shopify-form" title={t('shopify.editor.chooseForm')} hint={t('shopify.editor.chooseFormHint')}>
          <FormChooser
            idPrefix="shopify-form"
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

const SHOWN_PATHS = [...SHOWN_ORDER_PATHS, 'inventoryItemIdField', 'locations', 'reason', 'kind', 'enabled'];

function Editor({
  formId,
  saved,
  connection,
  onDeleted,
}: {
  formId: string;
  saved: ShopifyMapping | null;
  connection: ShopifyConnection | null;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { shopify } = useRequiredConnectorsApi();
  const { form, fields } = usePublishedFields(formId);
  const ledger = form.status === 'ok' ? stockLedgerOf(form.data?.published?.uiSchema ?? null) : null;
  // A suggested mapping (for a known template) is not saved until someone saves it.
  const [suggested, setSuggested] = useState(!!saved?.suggested);
  const editor = useMappingEditor<ShopifyDraft, ShopifyMapping, ShopifyPreview>(
    () => (saved ? draftFromMapping(saved) : emptyDraft()),
    !!saved && !saved.suggested,
    {
      save: (d) => shopify.saveMapping(formId, toInput(d)),
      preview: (d) => shopify.preview(formId, { target: toTarget(d) }),
      draftOf: draftFromMapping,
      savedMessage: t('shopify.editor.saved'),
    },
  );
  const { draft, change, exists, errors, notice, busy, preview, previewProblem, runPreview } = editor;
  const save = async () => {
    if (await editor.save()) setSuggested(false);
  };

  // The pickers list the published fields: without them a saved name would look missing.
  if (form.status === 'loading') return <Loading />;
  if (form.status === 'error') return <ErrorState error={form.error} onRetry={form.reload} />;
  const title = form.data ? formTitle(form.data, locale) : '';
  const leftOver = unclaimed(errors, SHOWN_PATHS);
  const inventory = draft.kind === 'inventory';
  return (
    <>
      <h2 className="fl-conn-form-title">{t('shopify.editor.title', { form: title })}</h2>
      {form.status === 'ok' && form.data && !form.data.published && (
        <p className="fl-alert fl-alert--warning">{t('connectors.notPublished')}</p>
      )}
      {connection && !connection.connected && <p className="fl-alert fl-alert--warning">{t('shopify.editor.notConnected')}</p>}
      {suggested && <p className="fl-alert fl-alert--info">{t('shopify.editor.suggested')}</p>}
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
          <Section id="shopify-target-section" title={t('shopify.editor.target')}>
            <div className="fl-int-radios" role="radiogroup" aria-label={t('shopify.editor.target')}>
              {(['draft_order', 'order', 'inventory'] as const)
                .filter((kind) => kind !== 'inventory' || ledger || inventory)
                .map((kind) => (
                  <label key={kind} className="fl-int-radio">
                    <input type="radio" name="shopify-kind" checked={draft.kind === kind} onChange={() => change({ kind })} />
                    <span>
                      <strong>{t(`shopify.kinds.${kind}`)}</strong>
                      <span className="fl-int-muted">{t(`shopify.editor.kindHint.${kind}`)}</span>
                    </span>
                  </label>
                ))}
            </div>
            {!inventory && (
              <fieldset className="fl-conn-choice">
                <legend className="fl-label">{t('shopify.editor.trigger')}</legend>
                <div className="fl-int-radios fl-conn-inline-radios">
                  {(['submitted', 'approved'] as const).map((trigger) => (
                    <label key={trigger} className="fl-int-check">
                      <input type="radio" name="shopify-trigger" checked={draft.trigger === trigger} onChange={() => change({ trigger })} />
                      <span>{t(`shopify.triggers.${trigger}`)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
            <label className="fl-int-check">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
              <span>{t('shopify.editor.enabled')}</span>
            </label>
          </Section>
          {inventory ? (
            <ShopifyInventoryFields
              draft={draft}
              change={change}
              ledger={ledger}
              movementForm={form.status === 'ok' ? form.data : null}
              errors={errors}
            />
          ) : (
            <ShopifyOrderFields draft={draft} change={change} fields={fields} errors={errors} />
          )}
          <div className="fl-int-editor__save fl-int-actions">
            <button type="button" className="fl-btn fl-btn--primary" onClick={save} disabled={busy}>
              {t('shopify.editor.save')}
            </button>
            {notice && (
              <span className="fl-int-saved" role="status">
                {notice}
              </span>
            )}
            {exists && (
              <ConfirmButton
                label={t('shopify.editor.delete')}
                question={t('shopify.editor.deleteQuestion')}
                confirmLabel={t('shopify.editor.deleteConfirm')}
                onConfirm={async () => {
                  await shopify.removeMapping(formId);
                  onDeleted();
                }}
              />
            )}
          </div>
        </div>
        <section className="fl-card fl-int-editor__preview fl-int-preview" aria-labelledby="shopify-preview">
          <h2 id="shopify-preview">{t('shopify.preview.title')}</h2>
          <p className="fl-int-muted">{inventory ? t('shopify.preview.hintInventory') : t('shopify.preview.hint')}</p>
          <button type="button" className="fl-btn fl-btn--secondary" onClick={runPreview}>
            {t('shopify.preview.run')}
          </button>
          {previewProblem && (
            <p className="fl-alert fl-alert--error" role="alert">
              {previewProblem}
            </p>
          )}
          {preview && (
            <div className="fl-conn-preview">
              <JsonPreview
                label={t('shopify.preview.mutation', { mutation: preview.mutation, submissionId: preview.submissionId })}
                value={preview.variables}
                testId="shopify-preview-body"
              />
            </div>
          )}
        </section>
      </div>
    </>
  );
}

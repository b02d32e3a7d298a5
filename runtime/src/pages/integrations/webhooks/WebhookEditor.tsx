import { localizeForm } from '@formloom/schemas';
import { useCallback, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '../../../api/types.ts';
import type { WebhookCreate, WebhookPatch } from '../../../api/webhooks.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { columnsFor } from '../../submissionColumns.ts';
import { eventFamilies, patternsFor } from './eventFamilies.ts';
import { EventsPicker } from './EventsPicker.tsx';
import { saveErrors, type SaveErrors } from './fieldErrors.ts';
import { FilterBuilder } from './FilterBuilder.tsx';
import { filterFields } from './filterRows.ts';
import { headerProblems, HeadersEditor } from './HeadersEditor.tsx';
import { PayloadEditor } from './PayloadEditor.tsx';
import { PreviewPane } from './PreviewPane.tsx';
import { ScopePicker, type Scope } from './ScopePicker.tsx';
import { bodyOf, draftFilter, type WebhookDraft } from './webhookDraft.ts';

function Section({ title, hint, children, id }: { title: string; hint?: string; children: ReactNode; id: string }) {
  return (
    <section className="fl-int-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {hint && <p className="fl-int-muted fl-int-section__hint">{hint}</p>}
      {children}
    </section>
  );
}

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/**
 * The settings of a webhook (new or existing) with the preview beside them. `save` gets the API body;
 * a refusal is shown at the settings it concerns.
 */
export function WebhookEditor({
  initial,
  isNew,
  save,
}: {
  initial: WebhookDraft;
  isNew: boolean;
  save: (body: WebhookCreate & WebhookPatch) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [draft, setDraft] = useState(initial);
  const [forms, setForms] = useState<Form[]>([]);
  const [errors, setErrors] = useState<SaveErrors>({ fields: {}, general: null });
  const [saving, setSaving] = useState<'idle' | 'saving' | 'saved'>('idle');
  const families = useMemo(() => eventFamilies(), []);
  const patch = useCallback((p: Partial<WebhookDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setSaving((s) => (s === 'saved' ? 'idle' : s));
  }, []);

  const form = forms.find((f) => f.id === draft.formId) ?? null;
  const fields = useMemo(() => {
    if (!form?.published) return null;
    const localized = localizeForm(form.published.schema, form.published.uiSchema, locale);
    return filterFields(columnsFor(localized.schema, localized.uiSchema, t, locale));
  }, [form, locale, t]);
  const events = patternsFor(draft.events, families);
  const setScope = useCallback((scope: Scope) => patch({ ...scope, filter: { combine: 'all', rows: [] } }), [patch]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fieldErrors: SaveErrors['fields'] = {};
    if (!draft.url.trim()) fieldErrors.url = t('webhooks.errors.url');
    else if (!isHttpUrl(draft.url.trim())) fieldErrors.url = t('webhooks.errors.urlInvalid');
    if (events.length === 0) fieldErrors.events = t('webhooks.events.none');
    if (headerProblems(draft.headers).some(Boolean)) fieldErrors.headers = ' ';
    if (Object.keys(fieldErrors).length) {
      setErrors({ fields: fieldErrors, general: t('webhooks.editor.fixErrors') });
      return;
    }
    setSaving('saving');
    setErrors({ fields: {}, general: null });
    try {
      await save(bodyOf(draft, events, fields));
      setSaving('saved');
    } catch (err) {
      const found = saveErrors(err);
      setErrors({
        fields: found.fields,
        general: found.general ?? (Object.keys(found.fields).length ? t('webhooks.editor.fixErrors') : t('errors.generic')),
      });
      setSaving('idle');
    }
  };
  const fieldError = (name: keyof SaveErrors['fields']) => errors.fields[name]?.trim() || undefined;

  return (
    <form className="fl-int-editor" onSubmit={submit} noValidate>
      <div className="fl-int-editor__settings">
        {errors.general && (
          <div className="fl-alert fl-alert--error" role="alert">
            {errors.general}
          </div>
        )}
        <Section id="webhook-s-receiver" title={t('webhooks.editor.receiver')}>
          <div className="fl-field">
            <label className="fl-label" htmlFor="webhook-url">
              {t('webhooks.editor.url')}
            </label>
            <input
              id="webhook-url"
              className="fl-input"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://example.com/hooks/formloom"
              value={draft.url}
              aria-invalid={fieldError('url') ? true : undefined}
              aria-describedby="webhook-url-hint"
              onChange={(e) => patch({ url: e.target.value })}
            />
            {fieldError('url') && <p className="fl-int-error">{fieldError('url')}</p>}
            <p className="fl-int-muted fl-int-small" id="webhook-url-hint">
              {t('webhooks.editor.urlHint')}
            </p>
          </div>
          <div className="fl-field">
            <label className="fl-label" htmlFor="webhook-description">
              {t('webhooks.editor.description')}
            </label>
            <input
              id="webhook-description"
              className="fl-input"
              maxLength={200}
              value={draft.description}
              placeholder={t('webhooks.editor.descriptionHint')}
              aria-invalid={fieldError('description') ? true : undefined}
              onChange={(e) => patch({ description: e.target.value })}
            />
            {fieldError('description') && <p className="fl-int-error">{fieldError('description')}</p>}
          </div>
        </Section>
        <Section id="webhook-s-scope" title={t('webhooks.editor.scope')} hint={t('webhooks.editor.scopeHint')}>
          <ScopePicker
            scope={{ appId: draft.appId, formId: draft.formId }}
            onChange={setScope}
            formsLoaded={setForms}
            idPrefix="webhook-scope"
            labels={{
              app: t('webhooks.editor.app'),
              form: t('webhooks.editor.form'),
              anyApp: t('webhooks.editor.anyApp'),
              anyForm: t('webhooks.editor.anyForm'),
            }}
          />
          {fieldError('scope') && <p className="fl-int-error">{fieldError('scope')}</p>}
        </Section>
        <Section id="webhook-s-events" title={t('webhooks.events.title')} hint={t('webhooks.events.hint')}>
          <EventsPicker selected={draft.events} onChange={(next) => patch({ events: next })} error={fieldError('events')} />
        </Section>
        <Section id="webhook-s-filter" title={t('webhooks.filter.title')} hint={t('webhooks.filter.hint')}>
          <FilterBuilder
            rows={draft.filter}
            fields={draft.formId ? (fields ?? []) : null}
            complex={draft.complexFilter !== null}
            onClearComplex={() => patch({ complexFilter: null })}
            onChange={(filter) => patch({ filter })}
            error={fieldError('filter')}
          />
        </Section>
        <Section id="webhook-s-headers" title={t('webhooks.headers.title')} hint={t('webhooks.headers.hint')}>
          <HeadersEditor rows={draft.headers} onChange={(headers) => patch({ headers })} error={fieldError('headers')} />
        </Section>
        <Section id="webhook-s-payload" title={t('webhooks.payload.title')}>
          <PayloadEditor draft={draft} onChange={patch} error={fieldError('template')} />
        </Section>
      </div>
      <aside className="fl-int-editor__preview fl-card" aria-labelledby="webhook-preview-title">
        <h2 id="webhook-preview-title">{t('webhooks.preview.title')}</h2>
        <PreviewPane
          formId={draft.formId}
          events={events}
          template={draft.payload === 'template' ? draft.template : null}
          contentType={draft.payload === 'template' ? draft.contentType : undefined}
          filter={draftFilter(draft, fields)}
          onTemplateError={(message) => setErrors((e) => ({ ...e, fields: { ...e.fields, template: message ?? undefined } }))}
        />
      </aside>
      <div className="fl-int-editor__save">
        <button type="submit" className="fl-btn fl-btn--primary" disabled={saving === 'saving'}>
          {saving === 'saving' ? t('webhooks.editor.saving') : isNew ? t('webhooks.editor.create') : t('webhooks.editor.save')}
        </button>
        {saving === 'saved' && !isNew && (
          <span className="fl-int-saved" role="status">
            {t('webhooks.editor.saved')}
          </span>
        )}
      </div>
    </form>
  );
}

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Form, { type IChangeEvent } from '@rjsf/core';
import type {
  ErrorSchema,
  Experimental_DefaultFormStateBehavior,
  RegistryFieldsType,
  RegistryWidgetsType,
  RJSFSchema,
  UiSchema,
} from '@rjsf/utils';
import { applyCalculations, dropHiddenValues, localizeForm } from '@formloom/schemas';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { LinkableRecord, RecordQuery, ValidationDetail } from '../api/types.ts';
import type { Locale } from '../i18n/locale.ts';
import { hasDigitalSignatureField } from '../signatures/signedData.ts';
import { createErrorTransformer, localizeValidationMessage } from './errorMessages.ts';
import { fillFromLinkedRecords } from './linkedFill.ts';
import { rjsfTranslator } from './rjsfStrings.ts';
import { detailsToErrorSchema, parsePointer, stillRelevant } from './serverErrors.ts';
import { formTemplates } from './templates.tsx';
import { prepareUiSchema, type FieldTypeLookup } from './uiSchema.ts';
import type { ValidatorFor } from './validators.ts';
import type { FormContext } from './widgets.tsx';
import './form.css';

type Data = Record<string, unknown>;

/**
 * rjsf pre-fills answers by default: the first `oneOf` const (so a Yes/No question starts at "Yes" and a
 * select at its first option), `false` for required booleans, and `const: true` for a declaration
 * checkbox, ticking it for the person. A form must record what the person chose, so none of that; only
 * explicit schema `default`s, and the rows a table's `minItems` asks for, are filled in.
 */
export const DEFAULT_FORM_STATE_BEHAVIOR: Experimental_DefaultFormStateBehavior = {
  constAsDefaults: 'never',
  requiredBooleanDefault: 'skip',
  emptyObjectFields: 'skipEmptyDefaults',
  arrayMinItems: { populate: 'requiredOnly' },
};
type JsonObject = Record<string, unknown>;

/** A submit the server rejected: its per-field messages and the data they were about. */
export interface RejectedSubmission {
  details: ValidationDetail[];
  data: Data;
}

export interface FormRendererProps {
  /** The form document as stored: English text, translations in the uiSchema's `ui:i18n`. */
  schema: JsonObject;
  uiSchema: JsonObject;
  locale: Locale;
  validatorFor: ValidatorFor;
  /** Widgets for Formloom's field types, derived from the field-type registry. */
  widgets?: RegistryWidgetsType;
  fields?: RegistryFieldsType;
  fieldTypes?: FieldTypeLookup;
  initialData?: Data;
  rejected?: RejectedSubmission | null;
  disabled?: boolean;
  /** Looks up records for relation fields (the fill page passes the API; a preview may not). */
  records?: (formId: string, query: RecordQuery) => Promise<LinkableRecord[]>;
  /** Stores photos, attachments and signatures (the fill page passes the API; a preview may not). */
  uploadFile?: FormContext['uploadFile'];
  fileInfo?: FormContext['fileInfo'];
  /** Called with valid data (calculated fields filled). Not called while rjsf finds errors. */
  onSubmit?: (data: Data) => void;
  /** The submit area (rjsf renders it inside the <form>, so a `type="submit"` button submits). */
  children?: ReactNode;
}

/**
 * Renders one form version with rjsf: localized, calculated fields kept up to date, errors inline.
 * The data lives here, not in the page, so typing re-renders only the form. The builder's preview uses
 * the same component.
 */
export const FormRenderer = memo(function FormRenderer({
  schema,
  uiSchema,
  locale,
  validatorFor,
  widgets,
  fields,
  fieldTypes,
  initialData,
  rejected,
  disabled,
  records,
  uploadFile,
  fileInfo,
  onSubmit,
  children,
}: FormRendererProps) {
  const { t } = useTranslation();
  const formRef = useRef<Form>(null);
  const [formData, setFormData] = useState<Data>(() => settleData(schema, uiSchema, initialData ?? {}));
  // rjsf validates on submit; after the first attempt it also validates as the person types (fixing an
  // answer clears its error), but never before, so an empty form does not open covered in red.
  const [submitAttempted, setSubmitAttempted] = useState(false);

  const localized = useMemo(() => {
    const doc = localizeForm(schema, uiSchema, locale);
    const uiText = { choose: t('form.choose') };
    return { schema: doc.schema as RJSFSchema, uiSchema: prepareUiSchema(doc.uiSchema, fieldTypes, uiText) as UiSchema };
  }, [schema, uiSchema, locale, fieldTypes, t]);
  const validator = useMemo(() => validatorFor(schema as RJSFSchema), [validatorFor, schema]);
  // Records the relation widgets (and choices from another form) picked, so their linked fields fill in without another request.
  const linked = useRef(new Map<string, LinkableRecord>());
  const rememberRecord = useCallback((record: LinkableRecord, key?: string) => void linked.current.set(key ?? record.id, record), []);
  // Show/hide rules need every field to see the current answers; without rules the context stays
  // the same object while typing, so rjsf can skip fields that did not change (200-row tables).
  // A digital-signature field signs the whole form's answers, so it needs them too.
  const ruled = useMemo(() => hasVisibilityRules(uiSchema) || hasDigitalSignatureField(uiSchema), [uiSchema]);
  const dataForRules = ruled ? formData : undefined;
  const formContext = useMemo<FormContext>(
    () => ({ locale, formData: dataForRules, records, rememberRecord, uploadFile, fileInfo }),
    [locale, dataForRules, records, rememberRecord, uploadFile, fileInfo],
  );
  const translateString = useMemo(() => rjsfTranslator(locale), [locale]);
  const transformErrors = useMemo(() => createErrorTransformer(t), [t]);

  const handleChange = useCallback(
    (e: IChangeEvent<Data>) =>
      setFormData((prev) => settleData(schema, uiSchema, fillFromLinkedRecords(schema, uiSchema, prev, e.formData ?? {}, linked.current))),
    [schema, uiSchema],
  );
  const handleError = useCallback(() => setSubmitAttempted(true), []);
  const handleSubmit = useCallback(
    (e: IChangeEvent<Data>) => {
      setSubmitAttempted(true);
      onSubmit?.(settleData(schema, uiSchema, e.formData ?? {}));
    },
    [onSubmit, schema, uiSchema],
  );

  const extraErrors = useServerErrors(rejected, formData, t);

  // Take the person to the first field the server complained about.
  useEffect(() => {
    const first = rejected?.details[0];
    if (!first) return;
    const id = ['root', ...parsePointer(first.path)].join('_');
    const form = formRef.current?.formElement.current as HTMLFormElement | null | undefined;
    const controls = form ? [...form.querySelectorAll<HTMLElement>('input, select, textarea, button, output, canvas')] : [];
    // Radio and checkbox groups number their options: root_x-0, root_x-1...
    const el = controls.find((c) => c.id === id) ?? controls.find((c) => c.id.startsWith(`${id}-`));
    el?.focus();
    el?.scrollIntoView?.({ block: 'center' });
  }, [rejected]);

  return (
    <Form<Data>
      ref={formRef}
      className="fl-form"
      schema={localized.schema}
      uiSchema={localized.uiSchema}
      validator={validator}
      widgets={widgets}
      fields={fields}
      formContext={formContext}
      templates={formTemplates}
      formData={formData}
      onChange={handleChange}
      onSubmit={handleSubmit}
      onError={handleError}
      extraErrors={extraErrors}
      liveValidate={submitAttempted ? 'onChange' : false}
      showErrorList={false}
      focusOnFirstError
      noHtml5Validate
      experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE_BEHAVIOR}
      // Typing in any field makes rjsf add `{}` for an untouched optional group (an optional location
      // whose latitude is required inside it), which then blocks the submit. omitExtraData prunes
      // empty optional objects and values (and keys not in the schema) as the data changes.
      omitExtraData
      liveOmit="onChange"
      disabled={disabled}
      translateString={translateString}
      transformErrors={transformErrors}
    >
      {children}
    </Form>
  );
});

function hasVisibilityRules(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasVisibilityRules);
  if (!node || typeof node !== 'object') return false;
  return Object.entries(node).some(([key, value]) => key === 'visibleWhen' || hasVisibilityRules(value));
}

/**
 * What the person's answers amount to: hidden fields keep no value (a value typed before a field was
 * hidden is not submitted, nor used by calculations), then calculated fields are filled.
 */
function settleData(schema: JsonObject, uiSchema: JsonObject, data: Data): Data {
  const visible = dropHiddenValues(schema, uiSchema, data);
  return dropHiddenValues(schema, uiSchema, applyCalculations(schema, uiSchema, visible)) as Data;
}

/** The server's messages that still apply to `formData`, as a stable ErrorSchema (new only when they change). */
function useServerErrors(rejected: RejectedSubmission | null | undefined, formData: Data, t: TFunction): ErrorSchema | undefined {
  const relevant = (rejected ? stillRelevant(rejected.details, rejected.data, formData) : []).map((d) => ({
    ...d,
    message: localizeValidationMessage(t, d.keyword, d.params, d.message),
  }));
  const signature = relevant.map((d) => `${d.path}\u0000${d.message}`).join('\u0001');
  // Recomputed only when the set of messages changes, so typing elsewhere does not hand rjsf new errors.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (relevant.length ? detailsToErrorSchema(relevant) : undefined), [signature]);
}

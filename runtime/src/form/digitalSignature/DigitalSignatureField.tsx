import { useEffect, useMemo, useRef, useState } from 'react';
import type { FieldProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { isSignatureValue, signedContentKey } from '../../signatures/signedData.ts';
import { SigningDialog } from '../../signatures/SigningDialog.tsx';
import { useSigning } from '../../signatures/SigningContext.tsx';
import { SignatureSummary } from '../../signatures/SignatureSummary.tsx';
import type { Signature } from '../../signatures/types.ts';
import type { FormContext } from '../widgets.tsx';

/**
 * A digital signature of the form's answers with the person's own certificate. "Sign" signs the answers
 * as they are now (the server renders them as a PDF; the browser signs its digest); the value becomes
 * `{signatureId}`. Changing any answer afterwards lets the signature go (it would no longer match what is
 * submitted: 422 signature_mismatch), and the person signs again. A plain function, not memo(): rjsf takes a
 * `ui:field` given as a component only when it is a function.
 */
export function DigitalSignatureField(props: FieldProps) {
  const { formData, schema, name, registry, disabled, readonly, required, fieldPathId, onChange } = props;
  const { t } = useTranslation();
  const signing = useSigning();
  const answers = (registry.formContext as FormContext | undefined)?.formData;
  const value = isSignatureValue(formData) ? formData : null;
  const [dialog, setDialog] = useState<{ data: Record<string, unknown> } | null>(null);
  const [signature, setSignature] = useState<Signature | null>(null);
  const [changed, setChanged] = useState(false);
  // The answers as they were signed: when they change, the signature no longer covers them.
  const signedKey = useRef<string | null>(null);
  const locked = disabled || readonly;
  const id = fieldPathId.$id;
  const path = fieldPathId.path;
  const currentKey = useMemo(() => (answers ? signedContentKey(answers) : null), [answers]);

  useEffect(() => {
    if (!value || signedKey.current === null || currentKey === null || currentKey === signedKey.current) return;
    signedKey.current = null;
    setSignature(null);
    setChanged(true);
    onChange(undefined, path);
  }, [value, currentKey, onChange, path]);

  // A value from before (a draft, a fix from the outbox): show whose signature it is.
  const valueId = value?.signatureId ?? null;
  useEffect(() => {
    if (!valueId || !signing || signature?.id === valueId) return;
    let live = true;
    signing.api.get(valueId).then(
      (found) => live && setSignature(found),
      () => undefined, // the id is still submitted; the server checks it
    );
    return () => {
      live = false;
    };
  }, [valueId, signing, signature?.id]);

  const open = () => {
    if (!answers) return;
    setChanged(false);
    setDialog({ data: answers });
  };

  const signed = (s: Signature) => {
    signedKey.current = dialog ? signedContentKey(dialog.data) : null;
    setSignature(s);
    setDialog(null);
    onChange({ signatureId: s.id }, path);
  };

  const available = !!signing && !!answers;
  return (
    <fieldset id={id} className="fl-dsig" aria-describedby={`${id}__status`}>
      {schema.title && (
        <legend className="fl-dsig__title">
          {schema.title}
          {required && <span className="required">*</span>}
        </legend>
      )}
      <div id={`${id}__status`} className="fl-dsig__status" aria-live="polite">
        {value && signature ? (
          <SignatureSummary signature={signature} />
        ) : value ? (
          <p className="fl-dsig__empty">{t('signatures.field.signedLoading')}</p>
        ) : (
          <p className="fl-dsig__empty">{locked ? t('signatures.field.notSigned') : t('signatures.field.notYet')}</p>
        )}
        {changed && !value && (
          <p className="fl-alert fl-alert--warning fl-dsig__changed" role="alert">
            {t('signatures.field.changed')}
          </p>
        )}
      </div>
      {!locked && (
        <div className="fl-dsig__actions">
          <button
            type="button"
            id={`${id}__sign`}
            className={`fl-btn ${value ? 'fl-btn--secondary' : 'fl-btn--primary'}`}
            onClick={open}
            disabled={!available}
          >
            {value ? t('signatures.field.signAgain') : t('signatures.field.sign')}
          </button>
        </div>
      )}
      {!locked && !available && <p className="fl-dsig__hint">{t('signatures.field.unavailable')}</p>}
      {dialog && signing && (
        <SigningDialog
          request={{ formId: signing.formId, field: name, data: dialog.data }}
          api={signing.api}
          loadCrypto={signing.loadCrypto}
          title={t('signatures.field.dialogTitle', { field: schema.title ?? name })}
          onSigned={signed}
          onClose={() => setDialog(null)}
        />
      )}
    </fieldset>
  );
}

import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '@rjsf/utils';
import type { FileInfo } from '../../api/files.ts';
import type { FormContext } from '../widgets.tsx';
import { formatFileSize, uploadErrorMessage } from './uploadErrors.ts';
import { MainUploadButton, RemoveUploadButton, UploadError, UploadProgress } from './UploadParts.tsx';
import { useFileInfo } from './useFileInfo.ts';
import './upload.css';

/** Attach one file (a PDF, a spreadsheet, a delivery note), stored on the server; the value is the file id. */
export function FileWidget({ id, label, value, disabled, readonly, onChange, options, registry }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const { uploadFile, fileInfo } = (registry.formContext ?? {}) as FormContext;
  const input = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<FileInfo | null>(null);
  const [sending, setSending] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = useFileInfo(value, fileInfo, sent);
  const locked = disabled || readonly;
  const hasFile = typeof value === 'string' && value !== '';
  const mainAction = hasFile ? t('upload.replaceFile') : t('upload.chooseFile');

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !uploadFile) return;
    setError(null);
    setSending({ name: file.name, fraction: 0 });
    try {
      const uploaded = await uploadFile(file, file.name, {
        purpose: 'file',
        onProgress: (fraction) => setSending((s) => s && { ...s, fraction }),
      });
      setSent(uploaded);
      onChange(uploaded.id);
    } catch (err) {
      setError(uploadErrorMessage(t, err));
    } finally {
      setSending(null);
    }
  };

  return (
    <div className="fl-upload fl-upload--file">
      {sending ? (
        <div className="fl-upload__file">
          <span className="fl-upload__name">{sending.name}</span>
          <UploadProgress fraction={sending.fraction} />
        </div>
      ) : (
        hasFile && (
          <div className="fl-upload__file">
            {info.status === 'ok' ? (
              <>
                <a className="fl-upload__name" href={info.info.url} target="_blank" rel="noopener">
                  {info.info.name}
                </a>
                <span className="fl-upload__meta">{formatFileSize(info.info.size, i18n.language)}</span>
              </>
            ) : (
              <span className="fl-upload__meta">{t(info.status === 'error' ? 'upload.unreadable' : 'upload.loading')}</span>
            )}
          </div>
        )
      )}
      {error && <UploadError message={error} />}
      {!locked && (
        <div className="fl-upload__actions">
          <MainUploadButton
            id={id}
            label={label}
            action={mainAction}
            disabled={!uploadFile || !!sending}
            onClick={() => input.current?.click()}
          />
          {hasFile && <RemoveUploadButton disabled={!!sending} onRemove={() => onChange(undefined)} />}
        </div>
      )}
      {!locked && !uploadFile && <p className="fl-upload__hint">{t('upload.unavailable')}</p>}
      <input
        ref={input}
        className="fl-upload__input"
        type="file"
        accept={typeof options.accept === 'string' ? options.accept : undefined}
        tabIndex={-1}
        aria-hidden="true"
        onChange={pick}
      />
    </div>
  );
}

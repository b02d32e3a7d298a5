import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '@rjsf/utils';
import type { FileInfo } from '../../api/files.ts';
import type { FormContext } from '../widgets.tsx';
import { preparePhoto } from './resizePhoto.ts';
import { formatFileSize, uploadErrorMessage } from './uploadErrors.ts';
import { MainUploadButton, RemoveUploadButton, Thumbnail, UploadError, UploadProgress } from './UploadParts.tsx';
import { useFileInfo } from './useFileInfo.ts';
import './upload.css';

interface Sent {
  info: FileInfo;
  /** The resized photo on this device, shown until the page goes (no download of what was just taken). */
  preview: string;
}

/** Take a photo with the camera (or choose one), made smaller on the phone, then stored; the value is the file id. */
export function PhotoWidget({ id, label, value, disabled, readonly, onChange, registry }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const { uploadFile, fileInfo } = (registry.formContext ?? {}) as FormContext;
  const camera = useRef<HTMLInputElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const [sending, setSending] = useState<{ preview: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = useFileInfo(value, fileInfo, sent?.info);
  const locked = disabled || readonly;

  useEffect(() => () => void (sent && URL.revokeObjectURL(sent.preview)), [sent]);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same photo again still fires a change
    if (!file || !uploadFile) return;
    setError(null);
    const photo = await preparePhoto(file, file.name);
    const preview = URL.createObjectURL(photo.blob);
    setSending({ preview, fraction: 0 });
    try {
      const uploaded = await uploadFile(photo.blob, photo.name, {
        purpose: 'photo',
        onProgress: (fraction) => setSending((s) => s && { ...s, fraction }),
      });
      setSent({ info: uploaded, preview });
      onChange(uploaded.id);
    } catch (err) {
      URL.revokeObjectURL(preview);
      setError(uploadErrorMessage(t, err));
    } finally {
      setSending(null);
    }
  };

  const thumbnail = sending?.preview ?? (sent && sent.info.id === value ? sent.preview : info.status === 'ok' ? info.info.url : null);
  const hasPhoto = typeof value === 'string' && value !== '';
  const mainAction = hasPhoto ? t('upload.retakePhoto') : t('upload.takePhoto');
  return (
    <div className="fl-upload fl-upload--photo">
      {thumbnail && <Thumbnail src={thumbnail} />}
      {hasPhoto && !thumbnail && (
        <div className="fl-upload__thumb fl-upload__thumb--empty">
          {t(info.status === 'error' ? 'upload.unreadable' : 'upload.loading')}
        </div>
      )}
      {sending && <UploadProgress fraction={sending.fraction} />}
      {!sending && info.status === 'ok' && <span className="fl-upload__meta">{formatFileSize(info.info.size, i18n.language)}</span>}
      {error && <UploadError message={error} />}
      {!locked && (
        <div className="fl-upload__actions">
          <MainUploadButton
            id={id}
            label={label}
            action={mainAction}
            disabled={!uploadFile || !!sending}
            onClick={() => camera.current?.click()}
          />
          <button
            type="button"
            className="fl-btn fl-btn--ghost"
            disabled={!uploadFile || !!sending}
            onClick={() => gallery.current?.click()}
          >
            {t('upload.choosePhoto')}
          </button>
          {hasPhoto && <RemoveUploadButton disabled={!!sending} onRemove={() => onChange(undefined)} />}
        </div>
      )}
      {!locked && !uploadFile && <p className="fl-upload__hint">{t('upload.unavailable')}</p>}
      <input
        ref={camera}
        className="fl-upload__input"
        type="file"
        accept="image/*"
        capture="environment"
        tabIndex={-1}
        aria-hidden="true"
        onChange={pick}
      />
      <input ref={gallery} className="fl-upload__input" type="file" accept="image/*" tabIndex={-1} aria-hidden="true" onChange={pick} />
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** How far an upload has got; a bar a person can read at arm's length, and a number for screen readers. */
export function UploadProgress({ fraction }: { fraction: number }) {
  const { t } = useTranslation();
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="fl-upload__progress">
      <progress max={100} value={percent} aria-label={t('upload.uploading')} />
      <span aria-live="polite">{t('upload.progress', { percent })}</span>
    </div>
  );
}

export function UploadError({ message }: { message: string }) {
  return (
    <p className="fl-upload__error" role="alert">
      {message}
    </p>
  );
}

/** A photo's thumbnail; a format this browser cannot draw (HEIC outside Safari) says so instead of showing a broken image. */
export function Thumbnail({ src }: { src: string }) {
  const { t } = useTranslation();
  const [broken, setBroken] = useState<string | null>(null);
  if (broken === src) return <div className="fl-upload__thumb fl-upload__thumb--empty">{t('upload.noPreview')}</div>;
  return <img className="fl-upload__thumb" src={src} alt={t('upload.photoAlt')} loading="lazy" onError={() => setBroken(src)} />;
}

/** Takes the file out of the field (the upload stays on the server until no submission needs it). */
export function RemoveUploadButton({ disabled, onRemove }: { disabled: boolean; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="fl-btn fl-btn--ghost fl-upload__remove" disabled={disabled} onClick={onRemove}>
      {t('upload.remove')}
    </button>
  );
}

/** A field's main upload button. It carries the field's id, so the label's `for` names it; the label is folded into its name. */
export function MainUploadButton(props: { id: string; label: string | undefined; action: string; disabled: boolean; onClick: () => void }) {
  const { id, label, action, disabled, onClick } = props;
  return (
    <button
      id={id}
      // The field's label (whose `for` is this id) would otherwise be the button's whole name.
      aria-label={label ? `${label}: ${action}` : action}
      type="button"
      className="fl-btn fl-btn--secondary"
      disabled={disabled}
      onClick={onClick}
    >
      {action}
    </button>
  );
}

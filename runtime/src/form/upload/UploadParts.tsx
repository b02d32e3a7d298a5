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

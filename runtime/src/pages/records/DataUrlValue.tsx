import { useTranslation } from 'react-i18next';

/**
 * A stored photo, signature or file on the record page. Stand-in until the uploads' own FileValue is
 * used: the value is an uploaded file's id (served at /api/files/<id>) or, in older submissions, a data URL.
 */
export function FileThumb({ value, type }: { value: string; type: 'photo' | 'file' | 'signature' }) {
  const { t } = useTranslation();
  const isDataUrl = value.startsWith('data:');
  // Only an image data URL becomes an <img>; anything else is offered as a download, never rendered.
  const src = isDataUrl ? (/^data:image\/(png|jpeg|gif|webp);/.test(value) ? value : null) : `/api/files/${encodeURIComponent(value)}`;
  if (type === 'file' || !src) {
    return (
      <a className="fl-btn fl-btn--secondary" href={isDataUrl ? value : `/api/files/${encodeURIComponent(value)}`} download>
        {t('records.value.download')}
      </a>
    );
  }
  return (
    <a href={src} target="_blank" rel="noreferrer" className={`fl-thumb fl-thumb--${type}`}>
      <img src={src} alt={type === 'signature' ? t('records.value.signature') : t('records.value.photo')} loading="lazy" />
    </a>
  );
}

import { useTranslation } from 'react-i18next';

/**
 * A photo, signature or file kept inside the submission as a data URL (before uploads were stored on
 * the server). Only a raster image becomes an <img>; anything else is offered as a download, never shown.
 */
export function DataUrlValue({ value, type }: { value: string; type: 'photo' | 'file' | 'signature' }) {
  const { t } = useTranslation();
  const image = type !== 'file' && /^data:image\/(png|jpeg|gif|webp);/.test(value);
  if (!image) {
    return (
      <a className="fl-btn fl-btn--secondary" href={value} download>
        {t('records.value.download')}
      </a>
    );
  }
  return (
    <span className={`fl-thumb fl-thumb--${type}`}>
      <img src={value} alt={type === 'signature' ? t('records.value.signature') : t('records.value.photo')} />
    </span>
  );
}

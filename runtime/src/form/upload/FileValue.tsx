import { useTranslation } from 'react-i18next';
import { formatFileSize } from './uploadErrors.ts';
import { SignedBy } from './SignedBy.tsx';
import { Thumbnail } from './UploadParts.tsx';
import { useFileApi } from './useFileApi.ts';
import { useFileInfo } from './useFileInfo.ts';
import './upload.css';

export interface FileValueProps {
  fileId: unknown;
  type: 'photo' | 'file' | 'signature';
}

/**
 * A stored file value shown read-only (the record page, a print view): a photo as a thumbnail that opens
 * the full picture, a signature with who signed and when, any other file as a link with its size.
 */
export function FileValue({ fileId, type }: FileValueProps) {
  const { t, i18n } = useTranslation();
  const files = useFileApi();
  const state = useFileInfo(fileId, files.fileInfo);
  if (state.status === 'none') return <span className="fl-file-value fl-file-value--empty">{t('upload.none')}</span>;
  if (state.status === 'loading') return <span className="fl-file-value">{t('upload.loading')}</span>;
  if (state.status === 'error') return <span className="fl-file-value fl-file-value--empty">{t('upload.unreadable')}</span>;
  const { info } = state;
  if (type === 'photo' && info.contentType.startsWith('image/')) {
    return (
      <a className="fl-file-value fl-file-value--photo" href={info.url} target="_blank" rel="noopener">
        <Thumbnail src={info.url} />
      </a>
    );
  }
  if (type === 'signature' && info.contentType.startsWith('image/')) {
    return (
      <figure className="fl-file-value fl-file-value--signature">
        <img className="fl-file-value__signature" src={info.url} alt={t('form.signaturePad')} loading="lazy" />
        <figcaption>
          <SignedBy info={info} />
        </figcaption>
      </figure>
    );
  }
  return (
    <span className="fl-file-value">
      <a className="fl-upload__name" href={info.url} target="_blank" rel="noopener">
        {info.name}
      </a>{' '}
      <span className="fl-upload__meta">{formatFileSize(info.size, i18n.language)}</span>
    </span>
  );
}

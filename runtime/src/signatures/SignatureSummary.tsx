import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { formatWhen } from './format.ts';
import type { Signature } from './types.ts';
import './signing.css';

/** Who signed and when, with which certificate: a stored signature in a few lines. */
export function SignatureSummary({ signature, pdfUrl }: { signature: Signature; pdfUrl?: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { signer } = signature;
  return (
    <div className="fl-sig-summary">
      <p className="fl-sig-summary__head">
        <span className="fl-badge fl-badge--ok">{t('signatures.summary.badge')}</span>{' '}
        <strong>{t('signatures.summary.signedBy', { name: signer.commonName })}</strong>
      </p>
      <dl>
        <dt>{t('signatures.summary.signedAt')}</dt>
        <dd>{formatWhen(signature.signedAt, locale)}</dd>
        {signer.organization && (
          <>
            <dt>{t('signatures.cert.organization')}</dt>
            <dd>{signer.organization}</dd>
          </>
        )}
        <dt>{t('signatures.cert.issuer')}</dt>
        <dd>{signer.issuerCommonName}</dd>
      </dl>
      {pdfUrl && (
        <p className="fl-sig-summary__download">
          <a className="fl-btn fl-btn--secondary" href={pdfUrl} download>
            {t('signatures.record.download')}
          </a>
        </p>
      )}
    </div>
  );
}

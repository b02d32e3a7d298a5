import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { signaturesApiOf } from './api.ts';
import { formatWhen } from './format.ts';
import './signing.css';

/** A digital-signature field's value on a record: whose certificate signed, and when. */
export function SignatureValue({ signatureId }: { signatureId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useApi();
  const api = useMemo(() => {
    try {
      return signaturesApiOf(client);
    } catch {
      return null;
    }
  }, [client]);
  const found = useAsync(async () => (api ? api.get(signatureId) : null), [api, signatureId]);
  if (found.status === 'loading') return <span className="fl-values__muted">{t('signatures.field.signedLoading')}</span>;
  if (found.status === 'error' || !found.data) return <span>{t('signatures.value.unreadable')}</span>;
  const s = found.data;
  return (
    <span className="fl-sig-value">
      <span className="fl-badge fl-badge--ok">{t('signatures.summary.badge')}</span>{' '}
      {t('signatures.value.signed', { name: s.signer.commonName, at: formatWhen(s.signedAt, locale), issuer: s.signer.issuerCommonName })}
    </span>
  );
}

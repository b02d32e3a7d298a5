import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../api/files.ts';

const intlLocale = (language: string) => (language === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK');

/** "Signed by Chan Mei · 25 Nov 2026, 17:30": who uploaded the signature and when, as the server recorded it. */
export function SignedBy({ info }: { info: FileInfo }) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(info.createdAt),
  );
  return <span className="fl-signed-by">{t('upload.signedBy', { name: info.createdByName ?? t('upload.someone'), time })}</span>;
}

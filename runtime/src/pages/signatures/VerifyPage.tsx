import { useTranslation } from 'react-i18next';

/** Placeholder: filled in by the issue 9 work that owns it. */
export default function VerifyPage() {
  const { t } = useTranslation();
  return (
    <main className="fl-main">
      <h1>{t('adminSections.signatures')}</h1>
    </main>
  );
}

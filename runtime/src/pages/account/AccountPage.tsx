import { useTranslation } from 'react-i18next';

/** Placeholder: filled in by the issue 9 work that owns it. */
export default function AccountPage() {
  const { t } = useTranslation();
  return (
    <main className="fl-main">
      <h1>{t('adminSections.label')}</h1>
    </main>
  );
}

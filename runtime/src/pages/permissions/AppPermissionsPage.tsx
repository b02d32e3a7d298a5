import { useTranslation } from 'react-i18next';

/** Placeholder: filled in by the issue 9 work that owns it. */
export default function AppPermissionsPage({ appId }: { appId: string }) {
  const { t } = useTranslation();
  return (
    <main className="fl-main">
      {appId}<h1>{t('adminSections.label')}</h1>
    </main>
  );
}

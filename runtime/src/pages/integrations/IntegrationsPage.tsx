import { useTranslation } from 'react-i18next';
import { IntegrationsTabs } from './IntegrationsTabs.tsx';

/** PLACEHOLDER (webhooks UI helper): /integrations — the webhook subscriptions list. */
export default function IntegrationsPage() {
  const { t } = useTranslation();
  return (
    <main className="fl-page">
      <h1>{t('integrations.title')}</h1>
      <IntegrationsTabs />
    </main>
  );
}

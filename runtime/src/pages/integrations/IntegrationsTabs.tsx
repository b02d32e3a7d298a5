import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../../router/Router.tsx';
import './integrations.css';

/** The integrations section's tabs: Webhooks, Shopify, QuickBooks (each its own page). */
export function IntegrationsTabs() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const tabs = [
    {
      to: '/integrations',
      label: t('integrations.tabs.webhooks'),
      current: pathname === '/integrations' || pathname.startsWith('/integrations/webhooks'),
    },
    { to: '/integrations/shopify', label: t('integrations.tabs.shopify'), current: pathname.startsWith('/integrations/shopify') },
    { to: '/integrations/quickbooks', label: t('integrations.tabs.quickbooks'), current: pathname.startsWith('/integrations/quickbooks') },
  ];
  return (
    <nav className="fl-integrations-tabs" aria-label={t('integrations.title')}>
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} aria-current={tab.current ? 'page' : undefined} className="fl-integrations-tabs__tab">
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

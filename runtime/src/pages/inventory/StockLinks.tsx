import { useTranslation } from 'react-i18next';
import type { Form } from '../../api/types.ts';
import { Link } from '../../router/Router.tsx';
import './stockLinks.css';

/** On the app page, beside a movement form that keeps a stock ledger: its scan and low-stock pages. */
export function StockLinks({ form, name }: { form: Form; name: string }) {
  const { t } = useTranslation();
  const base = `/stock/${encodeURIComponent(form.id)}`;
  return (
    <div className="fl-stock-links">
      <Link className="fl-stock-links__link" to={base} aria-label={t('stock.appLinks.scanNamed', { name })}>
        {t('stock.appLinks.scan')}
      </Link>
      <Link className="fl-stock-links__link" to={`${base}/low`} aria-label={t('stock.appLinks.lowNamed', { name })}>
        {t('stock.appLinks.low')}
      </Link>
    </div>
  );
}

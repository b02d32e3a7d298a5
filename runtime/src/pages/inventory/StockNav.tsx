import { useTranslation } from 'react-i18next';
import type { Form } from '../../api/types.ts';
import { Link } from '../../router/Router.tsx';

type Page = 'scan' | 'low' | 'card';

/** Back to the app, and between the scan and low-stock pages of one ledger: big tabs for a thumb. */
export function StockNav({ form, current }: { form: Form; current: Page }) {
  const { t } = useTranslation();
  const base = `/stock/${encodeURIComponent(form.id)}`;
  return (
    <nav className="fl-stock__nav" aria-label={t('stock.nav.label')}>
      <Link to={`/apps/${encodeURIComponent(form.appId)}`} className="fl-stock__back">
        {t('fill.backToApp')}
      </Link>
      <div className="fl-stock__tabs">
        <Link to={base} className="fl-stock__tab" aria-current={current === 'scan' ? 'page' : undefined}>
          {t('stock.nav.scan')}
        </Link>
        <Link to={`${base}/low`} className="fl-stock__tab" aria-current={current === 'low' ? 'page' : undefined}>
          {t('stock.nav.low')}
        </Link>
      </div>
    </nav>
  );
}

/** The form keeps no stock ledger (its published version has no ui:options.stockLedger). */
export function NoLedger({ form }: { form: Form }) {
  const { t } = useTranslation();
  return (
    <main className="fl-main fl-main--narrow">
      <div className="fl-card fl-state" role="alert">
        <h2>{t('stock.noLedgerTitle')}</h2>
        <p>{t('stock.noLedger')}</p>
        <Link className="fl-btn fl-btn--secondary" to={`/apps/${encodeURIComponent(form.appId)}`}>
          {t('fill.backToApp')}
        </Link>
      </div>
    </main>
  );
}

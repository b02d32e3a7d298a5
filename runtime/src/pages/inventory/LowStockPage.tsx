import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { formatQuantity, ledgerSetting, unitLabels } from './ledger.ts';
import { NoLedger, StockNav } from './StockNav.tsx';
import { useStockApi } from './useStockSetup.ts';
import './inventory.css';

/** Items whose stock in all zones together is at or below their reorder point, most short first. */
export default function LowStockPage({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const stock = useStockApi();
  const state = useAsync(async () => {
    const form = await api.getForm(formId);
    const ledger = ledgerSetting(form);
    if (!ledger) return { form, rows: null, units: new Map<string, string>() };
    const [rows, itemForm] = await Promise.all([stock.levels(formId, { low: true }), api.getForm(ledger.itemForm).catch(() => null)]);
    return { form, rows, units: unitLabels(itemForm, ledger.itemFields.unit, locale) };
  }, [api, stock, formId, locale]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const { form, rows, units } = state.data;
  if (!rows) return <NoLedger form={form} />;
  return (
    <main className="fl-main fl-main--narrow fl-stock">
      <StockNav form={form} current="low" />
      <h1 className="fl-stock__title">{t('stock.low.title')}</h1>
      <p className="fl-stock__hint">{t('stock.low.intro')}</p>
      {rows.length === 0 ? (
        <EmptyState title={t('stock.low.noneTitle')}>
          <p>{t('stock.low.none')}</p>
        </EmptyState>
      ) : (
        <ul className="fl-card fl-stock__list" aria-label={t('stock.low.title')}>
          {rows.map(({ item, onHand }) => (
            <li key={item.id}>
              <Link className="fl-stock__row" to={`/stock/${encodeURIComponent(formId)}/card/${encodeURIComponent(item.id)}`}>
                <span className="fl-stock__row-main">
                  <span className="fl-stock__item-name">{item.label ?? t('stock.unknownItem')}</span>
                  <span className="fl-stock__item-meta">{[item.sku, item.barcode].filter(Boolean).join(' · ')}</span>
                </span>
                <span className="fl-stock__row-figures">
                  <span className={`fl-stock__onhand${onHand <= 0 ? ' fl-stock__onhand--out' : ''}`}>
                    {formatQuantity(onHand, locale)} {(item.unit && units.get(item.unit)) ?? item.unit ?? ''}
                  </span>
                  <span className="fl-stock__item-meta">
                    {t('stock.low.reorderAt', { point: formatQuantity(item.reorderPoint ?? 0, locale) })}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

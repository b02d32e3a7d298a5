import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import type { StockMove } from '../../api/stock.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatQuantity, ledgerSetting, unitLabels, zoneName } from './ledger.ts';
import { NoLedger, StockNav } from './StockNav.tsx';
import { useStockApi } from './useStockSetup.ts';
import './inventory.css';

const dateTime = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** One item's movements, newest first, each with its zone's balance after it; on-hand per zone on top. */
export default function StockCardPage({ formId, itemId }: { formId: string; itemId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useApi();
  const stock = useStockApi();
  const [more, setMore] = useState<{ items: StockMove[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const state = useAsync(async () => {
    const form = await api.getForm(formId);
    const ledger = ledgerSetting(form);
    if (!ledger) return { form, card: null, units: new Map<string, string>() };
    const [card, itemForm] = await Promise.all([stock.card(formId, itemId), api.getForm(ledger.itemForm).catch(() => null)]);
    return { form, card, units: unitLabels(itemForm, ledger.itemFields.unit, locale) };
  }, [api, stock, formId, itemId, locale]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const { form, card, units } = state.data;
  if (!card) return <NoLedger form={form} />;
  const moves = [...card.items, ...(more?.items ?? [])];
  const cursor = more ? more.cursor : card.nextCursor;
  const unit = (card.item.unit && units.get(card.item.unit)) ?? card.item.unit ?? '';
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const next = await stock.card(formId, itemId, { cursor });
      setMore({ items: [...(more?.items ?? []), ...next.items], cursor: next.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <main className="fl-main fl-main--narrow fl-stock">
      <StockNav form={form} current="card" />
      <h1 className="fl-stock__title">{t('stock.card.title', { item: card.item.label ?? t('stock.unknownItem') })}</h1>
      <p className="fl-stock__item-meta">{[card.item.sku, card.item.barcode].filter(Boolean).join(' · ')}</p>

      <section className="fl-card fl-panel" aria-labelledby="fl-card-levels">
        <h2 id="fl-card-levels" className="fl-stock__subtitle">
          {t('stock.card.onHand', { quantity: formatQuantity(card.onHand, locale), unit })}
        </h2>
        <ul className="fl-stock__levels">
          {card.levels.map((level) => (
            <li key={level.zone.id}>
              <span>{zoneName(level.zone, locale)}</span>
              <strong>{formatQuantity(level.onHand, locale)}</strong>
            </li>
          ))}
        </ul>
        {card.item.reorderPoint !== null && (
          <p className="fl-stock__item-meta">{t('stock.low.reorderAt', { point: formatQuantity(card.item.reorderPoint, locale) })}</p>
        )}
      </section>

      <section aria-labelledby="fl-card-moves">
        <h2 id="fl-card-moves" className="fl-stock__subtitle">
          {t('stock.card.movements')}
        </h2>
        {moves.length === 0 ? (
          <p className="fl-stock__hint">{t('stock.card.none')}</p>
        ) : (
          <ol className="fl-card fl-stock__moves">
            {moves.map((m) => (
              <li key={m.seq} className="fl-stock__move">
                <div className="fl-stock__move-head">
                  <span className={`fl-stock__tag fl-stock__tag--${m.movementType}`}>
                    {t(`stock.kind.${m.movementType}`, m.movementType)}
                  </span>
                  <span className={`fl-stock__delta${m.delta < 0 ? ' fl-stock__delta--out' : ''}`}>
                    {m.delta > 0 ? '+' : ''}
                    {formatQuantity(m.delta, locale)}
                  </span>
                </div>
                <div className="fl-stock__move-body">
                  <span>{zoneName(m.zone, locale)}</span>
                  <span>{t('stock.card.balance', { quantity: formatQuantity(m.balanceAfter, locale) })}</span>
                </div>
                <div className="fl-stock__item-meta">
                  {[dateTime(m.createdAt, locale), m.createdByName, m.reference].filter(Boolean).join(' · ')}
                </div>
              </li>
            ))}
          </ol>
        )}
        {cursor && (
          <button
            type="button"
            className="fl-btn fl-btn--secondary fl-btn--block fl-stock__big"
            disabled={loadingMore}
            onClick={() => void loadMore()}
          >
            {t('stock.card.more')}
          </button>
        )}
      </section>
    </main>
  );
}

import type { ShopifyVariant } from '@formloom/plugin-shopify/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

/**
 * Looks up product variants in the store (title or SKU) to copy their ids: a variant id column, or an
 * item record's inventory item id, holds these values.
 */
export function VariantFinder({ show }: { show: 'variant' | 'inventoryItem' }) {
  const { t } = useTranslation();
  const { shopify } = useRequiredConnectorsApi();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<ShopifyVariant[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      setFound(await shopify.variants(query.trim()));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('connectors.saveFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="fl-int-how fl-conn-how">
      <summary>{t('shopify.variants.title')}</summary>
      <form className="fl-conn-search" onSubmit={search} role="search">
        <label className="fl-visually-hidden" htmlFor={`shopify-variant-query-${show}`}>
          {t('shopify.variants.query')}
        </label>
        <input
          id={`shopify-variant-query-${show}`}
          className="fl-input"
          type="search"
          value={query}
          placeholder={t('shopify.variants.query')}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="fl-btn fl-btn--secondary" disabled={busy}>
          {t('shopify.variants.search')}
        </button>
      </form>
      {problem && (
        <p className="fl-int-error" role="alert">
          {problem}
        </p>
      )}
      {found && found.length === 0 && <p className="fl-int-muted">{t('shopify.variants.none')}</p>}
      {found && found.length > 0 && (
        <ul className="fl-conn-variants" aria-label={t('shopify.variants.results')}>
          {found.map((v) => (
            <li key={v.id}>
              <strong>{v.title === 'Default Title' ? v.productTitle : `${v.productTitle} · ${v.title}`}</strong>
              <span className="fl-int-muted fl-int-small">
                {[v.sku && t('shopify.variants.sku', { sku: v.sku }), t('shopify.variants.price', { price: v.price })]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <code className="fl-int-url">{show === 'variant' ? v.id : (v.inventoryItemId ?? '—')}</code>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

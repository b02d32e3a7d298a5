import type { ShopifyConnection } from '@formloom/plugin-shopify/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';
import { ConfirmButton } from '../connectors/ConfirmButton.tsx';
import { mappingErrors } from '../connectors/mappingErrors.ts';
import { Section } from '../connectors/Section.tsx';
import { TextSetting } from '../../../components/SettingFields.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

/** The access scopes the custom app needs (orders, draft orders, stock and locations, product lookup). */
export const SHOPIFY_SCOPES = ['write_draft_orders', 'write_orders', 'write_inventory', 'read_locations', 'read_products'];

/** Connect a store (domain + Admin API access token), or see the connected one and disconnect it. */
export function ShopifyConnectionPanel({ connection, onChanged }: { connection: ShopifyConnection; onChanged: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { shopify } = useRequiredConnectorsApi();
  const [problem, setProblem] = useState<string | null>(null);

  if (connection.connected) {
    const when = dateTimeFormat(locale, 'short');
    return (
      <Section id="shopify-store" title={t('shopify.connection.title')}>
        <dl className="fl-conn-facts">
          <dt>{t('shopify.connection.shop')}</dt>
          <dd data-testid="shopify-shop-name">{connection.shopName}</dd>
          <dt>{t('shopify.connection.domain')}</dt>
          <dd className="fl-int-url">{connection.shopDomain}</dd>
          <dt>{t('shopify.connection.apiVersion')}</dt>
          <dd>{connection.apiVersion}</dd>
          {connection.currencyCode && (
            <>
              <dt>{t('shopify.connection.currency')}</dt>
              <dd>{connection.currencyCode}</dd>
            </>
          )}
          {connection.connectedAt && (
            <>
              <dt>{t('shopify.connection.since')}</dt>
              <dd>{when(connection.connectedAt)}</dd>
            </>
          )}
        </dl>
        {problem && (
          <p className="fl-alert fl-alert--error" role="alert">
            {problem}
          </p>
        )}
        <ConfirmButton
          label={t('shopify.connection.disconnect')}
          question={t('shopify.connection.disconnectQuestion', { shop: connection.shopName ?? connection.shopDomain })}
          confirmLabel={t('shopify.connection.disconnectConfirm')}
          onConfirm={async () => {
            try {
              await shopify.disconnect();
              onChanged();
            } catch (error) {
              setProblem(error instanceof ApiError ? error.message : t('connectors.saveFailed'));
            }
          }}
        />
      </Section>
    );
  }
  return <ConnectForm apiVersion={connection.apiVersion} onConnected={onChanged} />;
}

function ConnectForm({ apiVersion, onConnected }: { apiVersion: string; onConnected: () => void }) {
  const { t } = useTranslation();
  const { shopify } = useRequiredConnectorsApi();
  const [shopDomain, setShopDomain] = useState('');
  const [accessToken, setAccessToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      await shopify.connect({ shopDomain: shopDomain.trim().toLowerCase(), accessToken: accessToken.trim() });
      setAccessToken('');
      onConnected();
    } catch (error) {
      const found = mappingErrors(error);
      const at = { ...found.at };
      // Named refusals without details belong to one input.
      if (error instanceof ApiError && !Object.keys(at).length) {
        if (error.code === 'invalid_shop_domain') at.shopDomain = error.message;
        if (error.code === 'shopify_auth_failed') at.accessToken = error.message;
      }
      setErrors(at);
      setGeneral(Object.keys(at).length ? null : (found.general ?? t('connectors.saveFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      id="shopify-store"
      title={t('shopify.connection.connectTitle')}
      hint={t('shopify.connection.connectHint', { version: apiVersion })}
    >
      <details className="fl-int-how fl-conn-how" open>
        <summary>{t('shopify.connection.howTitle')}</summary>
        <ol>
          <li>{t('shopify.connection.how1')}</li>
          <li>
            {t('shopify.connection.how2')}
            <span className="fl-int-chips fl-conn-scope-list">
              {SHOPIFY_SCOPES.map((scope) => (
                <code key={scope} className="fl-int-chip">
                  {scope}
                </code>
              ))}
            </span>
          </li>
          <li>{t('shopify.connection.how3')}</li>
        </ol>
      </details>
      <form onSubmit={submit} noValidate>
        {general && (
          <p className="fl-alert fl-alert--error" role="alert">
            {general}
          </p>
        )}
        <div className="fl-conn-grid">
          <TextSetting
            spellCheck={false}
            autoComplete="off"
            id="shopify-domain"
            label={t('shopify.connection.domain')}
            placeholder="your-store.myshopify.com"
            value={shopDomain}
            onChange={setShopDomain}
            hint={t('shopify.connection.domainHint')}
            error={errors.shopDomain}
          />
          <TextSetting
            spellCheck={false}
            autoComplete="off"
            id="shopify-token"
            label={t('shopify.connection.token')}
            placeholder="shpat_…"
            value={accessToken}
            onChange={setAccessToken}
            hint={t('shopify.connection.tokenHint')}
            error={errors.accessToken}
            type="password"
          />
        </div>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
          {busy ? t('shopify.connection.checking') : t('shopify.connection.connect')}
        </button>
      </form>
    </Section>
  );
}

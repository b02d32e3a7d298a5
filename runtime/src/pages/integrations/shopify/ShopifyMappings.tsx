import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { MappingList } from '../connectors/MappingList.tsx';
import { Section } from '../connectors/Section.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

/** The forms mapped to Shopify (the ones the caller may manage). */
export function ShopifyMappings({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  const { shopify } = useRequiredConnectorsApi();
  const list = useAsync(() => shopify.mappings(), [shopify]);
  return (
    <Section
      id="shopify-mappings"
      title={t('shopify.mappings.title')}
      hint={t('shopify.mappings.hint')}
      actions={
        <button type="button" className="fl-btn fl-btn--secondary" onClick={onNew}>
          {t('shopify.mappings.new')}
        </button>
      }
    >
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <MappingList
          basePath="/integrations/shopify"
          emptyText={t('shopify.mappings.empty')}
          rows={list.data.map((m) => ({ ...m, target: `${t(`shopify.kinds.${m.kind}`)} · ${t(`shopify.triggers.${m.trigger}`)}` }))}
        />
      )}
    </Section>
  );
}

import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { MappingList } from '../connectors/MappingList.tsx';
import { Section } from '../connectors/Section.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

/** The forms mapped to QuickBooks (the ones the caller may manage). */
export function QuickBooksMappings({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  const { quickbooks } = useRequiredConnectorsApi();
  const list = useAsync(() => quickbooks.mappings(), [quickbooks]);
  return (
    <Section
      id="qbo-mappings"
      title={t('quickbooks.mappings.title')}
      hint={t('quickbooks.mappings.hint')}
      actions={
        <button type="button" className="fl-btn fl-btn--secondary" onClick={onNew}>
          {t('quickbooks.mappings.new')}
        </button>
      }
    >
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <MappingList
          basePath="/integrations/quickbooks"
          emptyText={t('quickbooks.mappings.empty')}
          rows={list.data.map((m) => ({ ...m, target: t(`quickbooks.kinds.${m.kind}`) }))}
        />
      )}
    </Section>
  );
}

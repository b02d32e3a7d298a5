import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { Link } from '../../../router/Router.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';

export interface MappingRow {
  formId: string;
  formName: string;
  enabled: boolean;
  /** What the form becomes, in words (Draft order, Purchase order…). */
  target: string;
  updatedAt: string;
}

/** The forms a connector has a mapping for, each opening its editor (`?form=<id>` on the connector's page). */
export function MappingList({ rows, basePath, emptyText }: { rows: MappingRow[]; basePath: string; emptyText: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale, 'short');
  if (rows.length === 0) return <p className="fl-int-muted">{emptyText}</p>;
  return (
    <ul className="fl-conn-mappings">
      {rows.map((row) => (
        <li key={row.formId} className="fl-conn-mappings__item">
          <div className="fl-conn-mappings__main">
            <Link to={`${basePath}?form=${encodeURIComponent(row.formId)}`}>{row.formName}</Link>
            <span className="fl-int-muted fl-int-small">
              {row.target} · {t('connectors.mappings.updated', { when: when(row.updatedAt) })}
            </span>
          </div>
          <span className={`fl-badge ${row.enabled ? 'fl-badge--ok' : ''}`}>
            {row.enabled ? t('connectors.mappings.on') : t('connectors.mappings.off')}
          </span>
        </li>
      ))}
    </ul>
  );
}

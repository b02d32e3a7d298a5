import { useTranslation } from 'react-i18next';
import type { RecordDetail } from '../../api/records.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { dateTimeFormat, intlLocale, isObject } from '../submissionColumns.ts';

/** Who submitted the record and when, and who last changed it. */
export function RecordMeta({ record }: { record: RecordDetail }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const when = dateTimeFormat(locale);
  const edited = record.updatedAt && record.updatedAt !== record.createdAt && record.updatedBy !== undefined && record.updatedBy !== null;
  return (
    <p className="fl-record__meta">
      <span>{t('records.submittedBy', { name: record.createdByName ?? t('submissions.anonymous'), when: when(record.createdAt) })}</span>
      {edited && (
        <span>{t('records.editedBy', { name: record.updatedByName ?? t('submissions.anonymous'), when: when(record.updatedAt!) })}</span>
      )}
    </p>
  );
}

/**
 * What checks marked on the record instead of refusing it: outside a site's fence, a poor GPS fix. A flag
 * this page does not know is still shown, by its name.
 */
export function RecordFlags({ flags }: { flags: Record<string, unknown> | undefined }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const entries = Object.entries(flags ?? {});
  if (entries.length === 0) return null;
  const metres = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  const num = (o: Record<string, unknown>, ...keys: string[]) => keys.map((k) => o[k]).find((v): v is number => typeof v === 'number');
  return (
    <ul className="fl-record__flags" aria-label={t('records.flags.label')}>
      {entries.map(([name, detail]) => {
        const info = isObject(detail) ? detail : {};
        let text: string;
        if (name === 'geofence') {
          const distance = num(info, 'distance', 'distanceMetres', 'distanceM');
          const site =
            typeof info.site === 'string' ? info.site : isObject(info.site) && typeof info.site.name === 'string' ? info.site.name : null;
          text =
            distance !== undefined
              ? t('records.flags.geofenceDistance', { distance: metres.format(distance), site: site ?? t('records.flags.nearestSite') })
              : t('records.flags.geofence');
        } else if (name === 'accuracy') {
          const accuracy = num(info, 'accuracy', 'accuracyMetres');
          text =
            accuracy !== undefined ? t('records.flags.accuracyMetres', { metres: metres.format(accuracy) }) : t('records.flags.accuracy');
        } else {
          text = t('records.flags.other', { name });
        }
        return (
          <li key={name} className="fl-record__flag" data-flag={name}>
            <span aria-hidden="true">⚠</span> {text}
          </li>
        );
      })}
    </ul>
  );
}

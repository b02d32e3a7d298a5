import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RecordDetail } from '../../api/records.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { Locale } from '../../i18n/locale.ts';
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
export function RecordFlags({ flags, uiSchema }: { flags: Record<string, unknown> | undefined; uiSchema: Record<string, unknown> }) {
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
          const site = siteName(uiSchema, info, locale);
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

/** The uiSchema of the field a flag names by its path of keys (`where`, `visit/where`). */
function uiAt(uiSchema: Record<string, unknown>, field: unknown): Record<string, unknown> {
  let ui: unknown = uiSchema;
  for (const key of typeof field === 'string' ? field.split('/') : []) {
    if (!isObject(ui)) return {};
    ui = /^\d+$/.test(key) ? ui.items : Object.hasOwn(ui, key) ? ui[key] : undefined;
  }
  return isObject(ui) ? ui : {};
}

/** The flagged site in the UI language: the flag keeps its English name, the form has both. */
function siteName(uiSchema: Record<string, unknown>, flag: Record<string, unknown>, locale: Locale): string | null {
  const english = typeof flag.site === 'string' ? flag.site : null;
  const options = uiAt(uiSchema, flag.field)['ui:options'];
  const sites = isObject(options) && Array.isArray(options.sites) ? options.sites.filter(isObject) : [];
  const nameOf = (site: Record<string, unknown>) => {
    const name = site.name;
    if (typeof name === 'string') return { en: name, local: name };
    if (!isObject(name) || typeof name.en !== 'string') return null;
    const local = name[locale];
    return { en: name.en, local: typeof local === 'string' && local ? local : name.en };
  };
  const match = sites.find((site) => (flag.siteId !== undefined && site.id === flag.siteId) || nameOf(site)?.en === english);
  return (match && nameOf(match)?.local) ?? english;
}

/** Top-level fields a check marked, with a word to show beside their value. */
export function flaggedFields(flags: Record<string, unknown> | undefined, t: TFunction): Map<string, string> {
  const marks = new Map<string, string>();
  for (const [name, detail] of Object.entries(flags ?? {})) {
    if (!isObject(detail) || typeof detail.field !== 'string') continue;
    const key = detail.field.split('/')[0];
    const text =
      name === 'geofence'
        ? t('records.flags.markGeofence')
        : name === 'accuracy'
          ? t('records.flags.markAccuracy')
          : t('records.flags.other', { name });
    marks.set(key, marks.has(key) ? `${marks.get(key)} · ${text}` : text);
  }
  return marks;
}

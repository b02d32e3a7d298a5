import { useTranslation } from 'react-i18next';
import { GEOFENCE_DEFAULTS, type Localized } from '@formloom/schemas';
import type { FieldNode } from '../../core/index.ts';
import { LocalizedField, NumberField, Section, SelectField } from './controls.tsx';
import { useQuietPatch } from './SpecialProps.tsx';

type Fence = NonNullable<FieldNode['props']['geofence']>;
type Site = Fence['sites'][number];

/** Where a new site starts: central Hong Kong, to be moved by typing its coordinates. */
const NEW_SITE_AT = { lat: 22.3193, lng: 114.1694 };

const nameOf = (site: Site): Localized => (typeof site.name === 'string' ? { en: site.name, 'zh-Hant': '' } : site.name);

/**
 * A location field's sites (name in both languages, latitude, longitude, radius), what happens to a
 * check-in outside them and the accuracy needed. An edit that would make a site unusable (no English
 * name, a latitude past 90) is shown and not saved, so a draft never holds a fence the server refuses.
 */
export function GeofenceEditor({ node }: { node: FieldNode }) {
  const { t } = useTranslation();
  const { error, patch } = useQuietPatch(node);
  const fence: Fence = node.props.geofence ?? { sites: [] };
  const save = (next: Fence) => {
    const empty = next.sites.length === 0 && next.outsideFence === undefined && next.maxAccuracy === undefined;
    patch({ geofence: empty ? undefined : next });
  };
  // The store checks the whole fence (the schemas model): an unusable site is refused and the reason shown.
  const saveSite = (index: number, site: Site) => save({ ...fence, sites: fence.sites.map((s, i) => (i === index ? site : s)) });
  const add = () => {
    const n = fence.sites.length + 1;
    save({ ...fence, sites: [...fence.sites, { name: { en: `Site ${n}`, 'zh-Hant': `地點 ${n}` }, ...NEW_SITE_AT }] });
  };

  return (
    <Section title={t('designer.geofence.title')}>
      <p className="fl-dz-prop__hint">{t('designer.geofence.hint')}</p>
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {t('designer.geofence.invalid')}
        </p>
      )}
      {fence.sites.map((site, index) => (
        <SiteEditor
          key={index}
          index={index}
          site={site}
          onSave={(next) => saveSite(index, next)}
          onRemove={() => save({ ...fence, sites: fence.sites.filter((_, i) => i !== index) })}
        />
      ))}
      <div className="fl-dz-prop">
        <button type="button" className="fl-btn fl-btn--secondary fl-dz-compact" onClick={add}>
          {t('designer.geofence.addSite')}
        </button>
      </div>
      <SelectField
        label={t('designer.geofence.outside')}
        value={fence.outsideFence ?? GEOFENCE_DEFAULTS.outsideFence}
        options={[
          { value: 'reject', label: t('designer.geofence.reject') },
          { value: 'flag', label: t('designer.geofence.flag') },
        ]}
        onChange={(outsideFence) => save({ ...fence, outsideFence })}
      />
      <NumberField
        label={t('designer.geofence.maxAccuracy')}
        hint={t('designer.geofence.maxAccuracyHint', { metres: GEOFENCE_DEFAULTS.maxAccuracy })}
        value={fence.maxAccuracy}
        onCommit={(maxAccuracy) => save({ ...fence, maxAccuracy: maxAccuracy === undefined ? undefined : maxAccuracy })}
      />
    </Section>
  );
}

function SiteEditor({ index, site, onSave, onRemove }: { index: number; site: Site; onSave: (site: Site) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const n = index + 1;
  const set = (part: Partial<Site>) => {
    const { radius, ...rest } = { ...site, ...part };
    onSave(radius === undefined ? rest : { ...rest, radius });
  };
  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group fl-dz-site">
      <legend className="fl-dz-prop__label">{t('designer.geofence.site', { n })}</legend>
      <LocalizedField label={t('designer.geofence.name')} value={nameOf(site)} onCommit={(name) => set({ name })} />
      <NumberField label={t('designer.geofence.lat')} value={site.lat} onCommit={(lat) => set({ lat: lat ?? Number.NaN })} />
      <NumberField label={t('designer.geofence.lng')} value={site.lng} onCommit={(lng) => set({ lng: lng ?? Number.NaN })} />
      <NumberField
        label={t('designer.geofence.radius')}
        hint={t('designer.geofence.radiusHint', { metres: GEOFENCE_DEFAULTS.radius })}
        value={site.radius}
        onCommit={(radius) => set({ radius })}
      />
      <button type="button" className="fl-btn fl-btn--ghost fl-dz-compact" onClick={onRemove}>
        {t('designer.geofence.removeSite', { n })}
      </button>
    </fieldset>
  );
}

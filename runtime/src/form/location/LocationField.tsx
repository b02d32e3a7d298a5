import { memo, useCallback, useMemo, useState } from 'react';
import type { FieldProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import {
  checkLocation,
  isLocationValue,
  locationFenceOf,
  siteNameIn,
  type LocationFence,
  type LocationValue,
  type LocationVerdict,
} from '@formloom/schemas';
import type { Locale } from '../../i18n/locale.ts';
import type { FormContext } from '../widgets.tsx';
import { GeolocationError, readPosition, type GeolocationProblem } from './geolocation.ts';
import './location.css';

type Status = { kind: 'idle' } | { kind: 'locating' } | { kind: 'failed'; problem: GeolocationProblem };

/**
 * A location field: one big button reads the device's GPS (`{lat, lng, accuracy}`), then shows the
 * reading, whether its accuracy is good enough and how far the nearest site of the form's fence is
 * (`ui:options.sites`), worked out with the same function the server enforces. There is no typing
 * of coordinates, so a check-in says where the phone was.
 */
export const LocationField = memo(function LocationField(props: FieldProps) {
  const { formData, schema, uiSchema, registry, disabled, readonly, required, fieldPathId, onChange } = props;
  const { t } = useTranslation();
  const locale = (registry.formContext as FormContext | undefined)?.locale ?? 'en';
  const fence = useMemo(() => locationFenceOf(uiSchema?.['ui:options']), [uiSchema]);
  const value = isLocationValue(formData) ? formData : null;
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const locked = disabled || readonly;
  const id = fieldPathId.$id;
  const path = fieldPathId.path;

  const locate = useCallback(async () => {
    setStatus({ kind: 'locating' });
    try {
      const reading = await readPosition();
      setStatus({ kind: 'idle' });
      onChange(reading, path);
    } catch (err) {
      setStatus({ kind: 'failed', problem: err instanceof GeolocationError ? err.problem : 'unavailable' });
    }
  }, [onChange, path]);

  return (
    <fieldset id={id} className="fl-location" aria-describedby={`${id}__status`}>
      {schema.title && (
        <legend className="fl-location__title">
          {schema.title}
          {required && <span className="required">*</span>}
        </legend>
      )}
      {value ? (
        <Reading value={value} fence={fence} locale={locale} />
      ) : (
        <p className="fl-location__empty">{locked ? t('location.none') : t('location.notYet')}</p>
      )}
      {!locked && (
        <div className="fl-location__actions">
          <button
            type="button"
            id={`${id}__locate`}
            className={`fl-btn ${value ? 'fl-btn--secondary' : 'fl-btn--primary'} fl-location__locate`}
            onClick={locate}
            disabled={status.kind === 'locating'}
            aria-busy={status.kind === 'locating'}
          >
            <PinIcon />
            {status.kind === 'locating' ? t('location.locating') : value ? t('location.again') : t('location.get')}
          </button>
          {value && !required && (
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onChange(undefined, path)}>
              {t('location.clear')}
            </button>
          )}
        </div>
      )}
      <div id={`${id}__status`} aria-live="polite">
        {status.kind === 'failed' && (
          <p className="fl-location__problem" role="alert">
            {t(`location.errors.${status.problem}`)}
          </p>
        )}
      </div>
    </fieldset>
  );
});

/** A map pin drawn inline: the app ships no icon font, and a symbol character may be missing from the phone's fonts. */
function PinIcon() {
  return (
    <svg className="fl-location__pin" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"
      />
    </svg>
  );
}

function useDistanceText(locale: Locale) {
  const { t } = useTranslation();
  return useCallback(
    (metres: number) => {
      const format = (n: number, digits: number) =>
        new Intl.NumberFormat(locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK', { maximumFractionDigits: digits }).format(n);
      return metres < 1000
        ? t('location.metres', { value: format(Math.round(metres), 0) })
        : t('location.kilometres', { value: format(metres / 1000, 1) });
    },
    [locale, t],
  );
}

/** The reading, its accuracy against the form's limit, and the nearest site's verdict. */
function Reading({ value, fence, locale }: { value: LocationValue; fence: LocationFence; locale: Locale }) {
  const { t } = useTranslation();
  const distance = useDistanceText(locale);
  const verdict: LocationVerdict = checkLocation(value, fence);
  const accuracy = value.accuracy === undefined ? null : Math.round(value.accuracy);
  return (
    <div className="fl-location__reading">
      <dl className="fl-location__coords">
        <div>
          <dt>{t('location.coordinates')}</dt>
          <dd>
            {value.lat.toFixed(5)}, {value.lng.toFixed(5)}
          </dd>
        </div>
        <div>
          <dt>{t('location.accuracy')}</dt>
          <dd className={verdict.inaccurate ? 'fl-location__bad' : undefined}>
            {accuracy === null ? '—' : t('location.plusMinus', { value: accuracy })}
          </dd>
        </div>
      </dl>
      {verdict.inaccurate && (
        <p className="fl-location__warning">
          <span aria-hidden="true">⚠ </span>
          {accuracy === null ? t('location.noAccuracy') : t('location.inaccurate', { accuracy, maxAccuracy: fence.maxAccuracy })}
        </p>
      )}
      {verdict.nearest && (
        <div className={`fl-location__site fl-location__site--${verdict.outside ? 'outside' : 'inside'}`}>
          <span className="fl-location__badge">{verdict.outside ? t('location.outside') : t('location.inside')}</span>
          <div>
            <div className="fl-location__site-name">
              <span className="fl-location__label">{t('location.nearest')} </span>
              {siteNameIn(verdict.nearest.site, locale)}
            </div>
            <div className="fl-location__distance">
              {t('location.away', { distance: distance(verdict.nearest.distance), radius: distance(verdict.nearest.radius) })}
            </div>
            {verdict.outside && (
              <p className="fl-location__hint">{fence.outsideFence === 'flag' ? t('location.outsideFlag') : t('location.outsideReject')}</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * A location field's fence: the sites a form accepts check-ins at (`ui:options.sites`), what happens
 * outside them (`outsideFence`) and the worst GPS accuracy accepted (`maxAccuracy`). The runtime shows
 * the same verdict the server enforces, so both call checkLocation().
 */
import { z } from 'zod';
import type { Locale } from '../i18n/locales.ts';
import { haversineMetres, type LatLng } from './distance.ts';

export const GEOFENCE_DEFAULTS = { radius: 500, maxAccuracy: 100, outsideFence: 'reject' } as const;
/** Limits on the authored options: a site list is a handful of depots, not a gazetteer. */
export const GEOFENCE_LIMITS = { maxSites: 500, maxRadius: 100_000, maxAccuracy: 10_000, maxNameLength: 200 } as const;

const siteName = z.string().trim().min(1).max(GEOFENCE_LIMITS.maxNameLength);

export const GeoSite = z.object({
  id: z.string().min(1).max(100).optional(),
  /** One name, or one per locale (`zh-Hant` may be left blank: English is shown instead). */
  name: z.union([siteName, z.object({ en: siteName, 'zh-Hant': z.string().max(GEOFENCE_LIMITS.maxNameLength) })]),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** Metres; default 500. */
  radius: z.number().positive().max(GEOFENCE_LIMITS.maxRadius).optional(),
});
export type GeoSite = z.infer<typeof GeoSite>;

export const OutsideFence = z.enum(['reject', 'flag']);
export type OutsideFence = z.infer<typeof OutsideFence>;

/** The fence part of a location field's `ui:options`; other options (rjsf's, the designer's) pass through. */
export const LocationFenceOptions = z.looseObject({
  sites: z.array(GeoSite).max(GEOFENCE_LIMITS.maxSites).optional(),
  outsideFence: OutsideFence.optional(),
  /** Metres; a reading whose accuracy is worse (or unknown) is reported. Default 100. */
  maxAccuracy: z.number().positive().max(GEOFENCE_LIMITS.maxAccuracy).optional(),
});
export type LocationFenceOptions = z.infer<typeof LocationFenceOptions>;

/** The options with defaults applied. */
export interface LocationFence {
  /**
   * False for a location field with none of the fence options: it records where the phone was and
   * checks nothing (an import of bare coordinates, a "where are you, roughly" question).
   */
  enforced: boolean;
  sites: GeoSite[];
  outsideFence: OutsideFence;
  maxAccuracy: number;
}

/** Reads a field's `ui:options` leniently (for display): unusable options mean no fence, default limits. */
export function locationFenceOf(options: unknown): LocationFence {
  const parsed = LocationFenceOptions.safeParse(options ?? {});
  const o = parsed.success ? parsed.data : {};
  return {
    enforced: (o.sites?.length ?? 0) > 0 || o.outsideFence !== undefined || o.maxAccuracy !== undefined,
    sites: o.sites ?? [],
    outsideFence: o.outsideFence ?? GEOFENCE_DEFAULTS.outsideFence,
    maxAccuracy: o.maxAccuracy ?? GEOFENCE_DEFAULTS.maxAccuracy,
  };
}

/** A site's name in `locale`, English when that locale has none. */
export function siteNameIn(site: GeoSite, locale: Locale): string {
  if (typeof site.name === 'string') return site.name;
  return (locale === 'zh-Hant' && site.name['zh-Hant'].trim()) || site.name.en;
}

export interface NearestSite {
  site: GeoSite;
  index: number;
  /** Metres from the point to the site's centre. */
  distance: number;
  radius: number;
  inside: boolean;
}

/** The site whose centre is closest to `point`, or null when there are no sites. */
export function nearestSite(point: LatLng, sites: readonly GeoSite[]): NearestSite | null {
  let best: NearestSite | null = null;
  for (const [index, site] of sites.entries()) {
    const distance = haversineMetres(point, site);
    if (best && distance >= best.distance) continue;
    const radius = site.radius ?? GEOFENCE_DEFAULTS.radius;
    best = { site, index, distance, radius, inside: distance <= radius };
  }
  return best;
}

/** A location field's value as stored: `{lat, lng, accuracy?}`. */
export interface LocationValue extends LatLng {
  accuracy?: number;
}

export function isLocationValue(value: unknown): value is LocationValue {
  if (typeof value !== 'object' || value === null) return false;
  const { lat, lng, accuracy } = value as Record<string, unknown>;
  return (
    typeof lat === 'number' &&
    Number.isFinite(lat) &&
    typeof lng === 'number' &&
    Number.isFinite(lng) &&
    (accuracy === undefined || (typeof accuracy === 'number' && Number.isFinite(accuracy)))
  );
}

export interface LocationVerdict {
  /** Null when the form binds no sites (then any place is accepted). */
  nearest: NearestSite | null;
  outside: boolean;
  /** Missing or worse than maxAccuracy. */
  inaccurate: boolean;
}

export function checkLocation(value: LocationValue, fence: LocationFence): LocationVerdict {
  const nearest = nearestSite(value, fence.sites);
  const inaccurate = fence.enforced && (value.accuracy === undefined || value.accuracy > fence.maxAccuracy);
  return { nearest, outside: nearest !== null && !nearest.inside, inaccurate };
}

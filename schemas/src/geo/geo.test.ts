import { describe, expect, it } from 'vitest';
import {
  checkLocation,
  EARTH_RADIUS_M,
  haversineMetres,
  LocationFenceOptions,
  locationFenceOf,
  nearestSite,
  siteNameIn,
  type GeoSite,
} from '../index.ts';

// Town centres, read off a map: Tuen Mun (Tuen Mun Town Plaza) and Kowloon Bay (Telford Plaza).
const TUEN_MUN = { lat: 22.3916, lng: 113.977 };
const KOWLOON_BAY = { lat: 22.3236, lng: 114.212 };

/** The flat-earth (equirectangular) approximation: a different formula, accurate to a few metres at city scale. */
function equirectangular(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.hypot(x, y) * EARTH_RADIUS_M;
}

describe('haversineMetres', () => {
  it('is zero for the same point and symmetric', () => {
    expect(haversineMetres(TUEN_MUN, TUEN_MUN)).toBe(0);
    expect(haversineMetres(TUEN_MUN, KOWLOON_BAY)).toBeCloseTo(haversineMetres(KOWLOON_BAY, TUEN_MUN), 6);
  });

  it('gives Tuen Mun to Kowloon Bay as about 25.3 km, as the flat approximation does at this scale', () => {
    const d = haversineMetres(TUEN_MUN, KOWLOON_BAY);
    expect(Math.abs(d - equirectangular(TUEN_MUN, KOWLOON_BAY))).toBeLessThan(5);
    expect(d).toBeGreaterThan(25_200);
    expect(d).toBeLessThan(25_450);
  });

  it('knows the textbook arcs: a degree of latitude, a quarter of the equator, the antipode', () => {
    expect(haversineMetres({ lat: 22, lng: 114 }, { lat: 23, lng: 114 })).toBeCloseTo((Math.PI * EARTH_RADIUS_M) / 180, 3);
    expect(haversineMetres({ lat: 0, lng: 0 }, { lat: 0, lng: 90 })).toBeCloseTo((Math.PI * EARTH_RADIUS_M) / 2, 3);
    expect(haversineMetres({ lat: 22.3, lng: 114.2 }, { lat: -22.3, lng: -65.8 })).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 0);
  });

  it('measures across the antimeridian the short way', () => {
    expect(haversineMetres({ lat: 0, lng: 179.999 }, { lat: 0, lng: -179.999 })).toBeLessThan(250);
  });

  it('gives London to Paris as the commonly quoted 343.5 km', () => {
    expect(haversineMetres({ lat: 51.5074, lng: -0.1278 }, { lat: 48.8566, lng: 2.3522 }) / 1000).toBeCloseTo(343.5, 0);
  });
});

const sites: GeoSite[] = [
  { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, ...TUEN_MUN },
  { id: 'kb', name: { en: 'Kowloon Bay Depot', 'zh-Hant': '' }, ...KOWLOON_BAY, radius: 200 },
];

describe('nearestSite and checkLocation', () => {
  it('picks the closer site and applies its radius (default 500 m)', () => {
    // About 300 m north of Telford Plaza: nearest is Kowloon Bay, outside its 200 m fence.
    const near = nearestSite({ lat: KOWLOON_BAY.lat + 0.0027, lng: KOWLOON_BAY.lng }, sites);
    expect(near?.site.id).toBe('kb');
    expect(near?.distance).toBeGreaterThan(290);
    expect(near?.distance).toBeLessThan(310);
    expect(near).toMatchObject({ radius: 200, inside: false, index: 1 });
    // The same offset from Tuen Mun is inside its default 500 m.
    expect(nearestSite({ lat: TUEN_MUN.lat + 0.0027, lng: TUEN_MUN.lng }, sites)).toMatchObject({ index: 0, radius: 500, inside: true });
    expect(nearestSite(TUEN_MUN, [])).toBeNull();
  });

  it('reports an outside point and a poor or missing accuracy', () => {
    const fence = locationFenceOf({ sites, maxAccuracy: 50 });
    expect(checkLocation({ ...TUEN_MUN, accuracy: 10 }, fence)).toMatchObject({ outside: false, inaccurate: false });
    expect(checkLocation({ lat: 22.35, lng: 114.1, accuracy: 60 }, fence)).toMatchObject({ outside: true, inaccurate: true });
    expect(checkLocation({ ...TUEN_MUN }, fence).inaccurate).toBe(true);
    // No sites but a limit: anywhere is in, only accuracy counts.
    expect(checkLocation({ lat: 0, lng: 0, accuracy: 50 }, locationFenceOf({ maxAccuracy: 10 })).inaccurate).toBe(true);
    // No fence options at all: nothing is checked, not even a missing accuracy.
    expect(checkLocation({ lat: 0, lng: 0 }, locationFenceOf({ width: 'half' }))).toEqual({
      nearest: null,
      outside: false,
      inaccurate: false,
    });
    expect(checkLocation({ lat: 0, lng: 0, accuracy: 5 }, locationFenceOf({ maxAccuracy: 10 }))).toEqual({
      nearest: null,
      outside: false,
      inaccurate: false,
    });
  });

  it("names a site in the reader's language, falling back to English", () => {
    expect(siteNameIn(sites[0], 'zh-Hant')).toBe('屯門倉');
    expect(siteNameIn(sites[1], 'zh-Hant')).toBe('Kowloon Bay Depot');
    expect(siteNameIn({ name: 'Yard', lat: 0, lng: 0 }, 'en')).toBe('Yard');
  });
});

describe('LocationFenceOptions', () => {
  it('applies the defaults and keeps other options', () => {
    expect(locationFenceOf(undefined)).toEqual({ enforced: false, sites: [], outsideFence: 'reject', maxAccuracy: 100 });
    expect(locationFenceOf({ sites }).enforced).toBe(true);
    expect(locationFenceOf({ outsideFence: 'flag' }).enforced).toBe(true);
    expect(LocationFenceOptions.parse({ sites, outsideFence: 'flag', width: 'half' })).toMatchObject({
      width: 'half',
      outsideFence: 'flag',
    });
  });

  it.each([
    [{ sites: [{ name: 'A', lat: 91, lng: 0 }] }, 'sites.0.lat'],
    [{ sites: [{ name: '', lat: 0, lng: 0 }] }, 'sites.0.name'],
    [{ sites: [{ name: 'A', lat: 0, lng: 0, radius: 0 }] }, 'sites.0.radius'],
    [{ sites: [{ name: 'A', lat: '22.3', lng: 0 }] }, 'sites.0.lat'],
    [{ outsideFence: 'warn' }, 'outsideFence'],
    [{ maxAccuracy: -1 }, 'maxAccuracy'],
    [{ sites: 'Tuen Mun' }, 'sites'],
  ])('refuses %j at %s', (options, where) => {
    const result = LocationFenceOptions.safeParse(options);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(where);
  });
});

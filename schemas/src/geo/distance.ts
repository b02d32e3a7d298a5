/** A point on the Earth in decimal degrees (WGS 84, as the Geolocation API reports it). */
export interface LatLng {
  lat: number;
  lng: number;
}

/**
 * The mean Earth radius (IUGG, metres). The sphere is off from the ellipsoid by up to 0.5 %, which
 * at a 500 m fence is under 3 m: far below what a phone's GPS can tell.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (the haversine formula: stable for short distances, unlike the law of cosines). */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  // min() keeps rounding from pushing h past 1 for antipodal points (asin would give NaN).
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

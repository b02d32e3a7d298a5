import type { LocationValue } from '@formloom/schemas';

/** Why no position came back, in the words the person is told (see `location.errors.*`). */
export type GeolocationProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

export class GeolocationError extends Error {
  constructor(readonly problem: GeolocationProblem) {
    super(`Geolocation failed: ${problem}`);
    this.name = 'GeolocationError';
  }
}

/** Long enough for a cold GPS start outdoors; past it the person is better told to move and retry. */
export const POSITION_TIMEOUT_MS = 20_000;

// GeolocationPositionError codes (the constants are not on every test DOM).
const PROBLEM_BY_CODE: Record<number, GeolocationProblem> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

/**
 * One fresh high-accuracy reading: `{lat, lng, accuracy}` with the coordinates rounded to 7 places
 * (about 1 cm, far below GPS noise) and the accuracy to 0.1 m. Never a cached position: a check-in
 * must say where the person is now.
 */
export function readPosition(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<LocationValue> {
  if (typeof window !== 'undefined' && window.isSecureContext === false) return Promise.reject(new GeolocationError('insecure'));
  if (!geolocation) return Promise.reject(new GeolocationError('unsupported'));
  return new Promise((resolve, reject) => {
    geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          lat: Math.round(coords.latitude * 1e7) / 1e7,
          lng: Math.round(coords.longitude * 1e7) / 1e7,
          accuracy: Math.round(coords.accuracy * 10) / 10,
        }),
      (err) => reject(new GeolocationError(PROBLEM_BY_CODE[err.code] ?? 'unavailable')),
      { enableHighAccuracy: true, timeout: POSITION_TIMEOUT_MS, maximumAge: 0 },
    );
  });
}

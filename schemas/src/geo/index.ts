export { EARTH_RADIUS_M, haversineMetres, type LatLng } from './distance.ts';
export {
  checkLocation,
  GEOFENCE_DEFAULTS,
  GEOFENCE_LIMITS,
  GeoSite,
  isLocationValue,
  LocationFenceOptions,
  locationFenceOf,
  nearestSite,
  OutsideFence,
  siteNameIn,
  type LocationFence,
  type LocationValue,
  type LocationVerdict,
  type NearestSite,
} from './fence.ts';

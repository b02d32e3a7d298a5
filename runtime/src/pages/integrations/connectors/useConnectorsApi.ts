import { useMemo } from 'react';
import { useApi } from '../../../api/ApiContext.tsx';
import { connectorsApiFor, type ConnectorsApi } from '../../../api/connectors.ts';

/** The connector calls over the app's API client; null with a client that cannot make them (a test's plain fake). */
export function useConnectorsApi(): ConnectorsApi | null {
  const api = useApi();
  return useMemo(() => connectorsApiFor(api), [api]);
}

/** As useConnectorsApi, for the connector pages, which cannot work without it. */
export function useRequiredConnectorsApi(): ConnectorsApi {
  const connectors = useConnectorsApi();
  if (!connectors) throw new Error('the connector pages need an API client with request()');
  return connectors;
}

import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { recordsApiOf, type RecordsApi } from '../../api/records.ts';

export function useRecordsApi(): RecordsApi {
  const api = useApi();
  return useMemo(() => recordsApiOf(api), [api]);
}

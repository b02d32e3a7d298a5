import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { reportLibraryFor, type ReportLibraryApi } from '../../../api/reportLibrary.ts';

/** Saved reports, dashboards and digests over the app's API client; exports carry the UI language. */
export function useReportLibrary(): ReportLibraryApi {
  const api = useApi();
  const { i18n } = useTranslation();
  return useMemo(() => {
    const library = reportLibraryFor(api, { language: () => i18n.language });
    if (!library) throw new Error('the report pages need an API client with request()');
    return library;
  }, [api, i18n]);
}

import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { NetworkError } from '../../api/errors.ts';
import { stockApiFor, type StockApi, type StockZone } from '../../api/stock.ts';
import type { Form, LinkableRecord } from '../../api/types.ts';
import { useAsync } from '../../components/useAsync.ts';
import { useOffline } from '../../offline/OfflineProvider.tsx';
import { ledgerSetting, zoneFromRecord, type LedgerSetting } from './ledger.ts';
import { zonesSnapshot } from './offlineCatalogue.ts';

export function useStockApi(): StockApi {
  const api = useApi();
  return useMemo(() => stockApiFor(api), [api]);
}

export interface StockSetup {
  form: Form;
  /** null: the form keeps no stock ledger (the page says so). */
  ledger: LedgerSetting | null;
  /** The zone list's records (the first 50, by newest; a warehouse has a handful). */
  zones: StockZone[];
}

/**
 * The movement form, its ledger setting and its zones. The zones are kept on the device, so the scan
 * page opens without a connection too (the service worker keeps the form).
 */
export function useStockSetup(formId: string) {
  const api = useApi();
  const { snapshots, userId } = useOffline();
  return useAsync(async (): Promise<StockSetup> => {
    const form = await api.getForm(formId);
    const ledger = ledgerSetting(form);
    if (!ledger?.zoneForm) return { form, ledger, zones: [] };
    const name = zonesSnapshot(ledger.zoneForm);
    let records: LinkableRecord[];
    try {
      records = await api.listRecords(ledger.zoneForm, { display: ledger.zoneFields.name, limit: 50 });
      if (userId) void snapshots.put(userId, name, records).catch(() => undefined);
    } catch (err) {
      const kept =
        err instanceof NetworkError && userId ? await snapshots.get<LinkableRecord[]>(userId, name).catch(() => undefined) : undefined;
      if (!kept) throw err;
      records = kept;
    }
    const zones = records.map((r) => zoneFromRecord(ledger, r)).sort((a, b) => (a.code ?? a.label).localeCompare(b.code ?? b.label));
    return { form, ledger, zones };
  }, [api, formId, snapshots, userId]);
}

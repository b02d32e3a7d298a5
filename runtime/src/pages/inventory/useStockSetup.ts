import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { stockApiFor, type StockApi, type StockZone } from '../../api/stock.ts';
import type { Form } from '../../api/types.ts';
import { useAsync } from '../../components/useAsync.ts';
import { ledgerSetting, zoneFromRecord, type LedgerSetting } from './ledger.ts';

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

/** The movement form, its ledger setting and its zones. */
export function useStockSetup(formId: string) {
  const api = useApi();
  return useAsync(async (): Promise<StockSetup> => {
    const form = await api.getForm(formId);
    const ledger = ledgerSetting(form);
    if (!ledger?.zoneForm) return { form, ledger, zones: [] };
    const records = await api.listRecords(ledger.zoneForm, { display: ledger.zoneFields.name, limit: 50 });
    const zones = records.map((r) => zoneFromRecord(ledger, r)).sort((a, b) => (a.code ?? a.label).localeCompare(b.code ?? b.label));
    return { form, ledger, zones };
  }, [api, formId]);
}

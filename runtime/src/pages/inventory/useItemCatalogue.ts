import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError } from '../../api/errors.ts';
import type { LinkableRecord } from '../../api/types.ts';
import { useOffline } from '../../offline/OfflineProvider.tsx';
import { withTimeout } from '../../offline/outboxSync.ts';
import type { LedgerSetting } from './ledger.ts';
import { fetchCatalogue, findCachedItem, itemsSnapshot, mergeItems } from './offlineCatalogue.ts';
import { useStockApi } from './useStockSetup.ts';

/** A scan is worth a short wait only: after this the copy on the device answers (the service worker waits as long for forms). */
const LOOKUP_TIMEOUT_MS = 6_000;

export interface Found {
  item: LinkableRecord | null;
  /** Answered from the copy on this device: the server could not be asked. */
  fromDevice: boolean;
}

/**
 * Finds items by a scanned code: the server while it answers, else the item list kept on this device
 * (fetched when the page opens online, plus every item found since). A server error other than "no
 * answer" is not hidden behind the copy.
 */
export function useItemCatalogue(formId: string, ledger: LedgerSetting) {
  const api = useApi();
  const stock = useStockApi();
  const { online, snapshots, userId } = useOffline();
  const items = useRef<LinkableRecord[]>([]);
  const name = itemsSnapshot(ledger);

  const keep = useCallback(
    (next: LinkableRecord[]) => {
      items.current = next;
      if (userId) void snapshots.put(userId, name, next).catch(() => undefined);
    },
    [snapshots, userId, name],
  );

  useEffect(() => {
    if (!userId) return;
    let cancelled = false;
    void snapshots
      .get<LinkableRecord[]>(userId, name)
      .then((stored) => {
        if (!cancelled && stored) items.current = mergeItems(stored, items.current);
      })
      .catch(() => undefined);
    if (online) {
      void fetchCatalogue(api, stock, formId, ledger)
        .then((fresh) => !cancelled && keep(mergeItems(items.current, fresh)))
        .catch(() => undefined); // the copy from last time (if any) stays
    }
    return () => void (cancelled = true);
    // Refetched when the connection returns, so items created meanwhile elsewhere are found offline next time.
  }, [api, stock, formId, ledger, snapshots, userId, name, online, keep]);

  const findByCode = useCallback(
    async (code: string): Promise<Found> => {
      const fromDevice = (): Found => ({ item: findCachedItem(items.current, ledger, code), fromDevice: true });
      if (!navigator.onLine) return fromDevice();
      try {
        const item = await withTimeout(stock.findItemByCode(ledger.itemForm, ledger.itemFields.sku, code), LOOKUP_TIMEOUT_MS);
        if (item) keep(mergeItems(items.current, [item]));
        return { item, fromDevice: false };
      } catch (err) {
        // No answer, or the server in trouble: the copy still knows the items scanned before.
        if (!(err instanceof ApiError) || err.status >= 500) return fromDevice();
        throw err;
      }
    },
    [stock, ledger, keep],
  );

  return findByCode;
}

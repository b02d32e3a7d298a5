import {
  QUICKBOOKS_ACCOUNT_TYPES,
  type QuickBooksAccount,
  type QuickBooksItem,
  type QuickBooksVendor,
} from '@formloom/plugin-quickbooks/shared';
import { useMemo } from 'react';
import { ApiError } from '../../../api/errors.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';

export interface QuickBooksLists {
  loading: boolean;
  /** The server's message when the active company's lists could not be read (e.g. it must be connected again). */
  error: string | null;
  vendors: QuickBooksVendor[];
  apAccounts: QuickBooksAccount[];
  expenseAccounts: QuickBooksAccount[];
  bankAccounts: QuickBooksAccount[];
  items: QuickBooksItem[];
}

const EXPENSE_TYPES = new Set<string>([QUICKBOOKS_ACCOUNT_TYPES.expense, QUICKBOOKS_ACCOUNT_TYPES.costOfGoodsSold]);

/** The active company's vendors, accounts (by use) and items, read once per editor. */
export function useQuickBooksLists(connected: boolean): QuickBooksLists {
  const { quickbooks } = useRequiredConnectorsApi();
  const loaded = useAsync(
    async () =>
      connected
        ? Promise.all([quickbooks.vendors(), quickbooks.accounts(), quickbooks.items()])
        : ([[], [], []] as [QuickBooksVendor[], QuickBooksAccount[], QuickBooksItem[]]),
    [quickbooks, connected],
  );
  return useMemo(() => {
    const [vendors, accounts, items] = loaded.status === 'ok' ? loaded.data : [[], [], []];
    return {
      loading: loaded.status === 'loading',
      error: loaded.status === 'error' ? (loaded.error instanceof ApiError ? loaded.error.message : String(loaded.error)) : null,
      vendors,
      items,
      apAccounts: accounts.filter((a) => a.accountType === QUICKBOOKS_ACCOUNT_TYPES.apAccount),
      expenseAccounts: accounts.filter((a) => EXPENSE_TYPES.has(a.accountType)),
      bankAccounts: accounts.filter((a) => a.accountType === QUICKBOOKS_ACCOUNT_TYPES.bank),
    };
  }, [loaded]);
}

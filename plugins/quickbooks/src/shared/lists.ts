import { z } from 'zod';

/** A QuickBooks reference as the API writes it: `{value: <id>, name}`. Mappings store both. */
export const QuickBooksRef = z.object({
  value: z.string().min(1).max(64),
  name: z.string().max(200).optional(),
});
export type QuickBooksRef = z.infer<typeof QuickBooksRef>;

export const QuickBooksVendor = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export type QuickBooksVendor = z.infer<typeof QuickBooksVendor>;

export const QuickBooksAccount = z.object({
  id: z.string(),
  name: z.string(),
  /** QuickBooks' AccountType: Expense, Bank, Accounts Payable, Cost of Goods Sold, … */
  accountType: z.string(),
  accountSubType: z.string().nullable(),
  active: z.boolean(),
});
export type QuickBooksAccount = z.infer<typeof QuickBooksAccount>;

export const QuickBooksItem = z.object({
  id: z.string(),
  name: z.string(),
  /** Inventory, NonInventory, Service, … */
  type: z.string(),
  active: z.boolean(),
});
export type QuickBooksItem = z.infer<typeof QuickBooksItem>;

/** GET /vendors, GET /accounts?type=, GET /items (the active company's, active ones first). */
export const QuickBooksVendorList = z.object({ realmId: z.string(), vendors: z.array(QuickBooksVendor) });
export type QuickBooksVendorList = z.infer<typeof QuickBooksVendorList>;
export const QuickBooksAccountList = z.object({ realmId: z.string(), accounts: z.array(QuickBooksAccount) });
export type QuickBooksAccountList = z.infer<typeof QuickBooksAccountList>;
export const QuickBooksItemList = z.object({ realmId: z.string(), items: z.array(QuickBooksItem) });
export type QuickBooksItemList = z.infer<typeof QuickBooksItemList>;

/** The account types the mapping screens filter by (`GET /accounts?type=`). */
export const QUICKBOOKS_ACCOUNT_TYPES = {
  apAccount: 'Accounts Payable',
  bank: 'Bank',
  expense: 'Expense',
  costOfGoodsSold: 'Cost of Goods Sold',
} as const;

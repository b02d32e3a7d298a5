import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ConnectorHttpError,
  ConnectorPermanentError,
  ConnectorRetryableError,
  type ConnectorHost,
  type ConnectorRouteHelpers,
} from '@formloom/plugin-api';
import type { QuickBooksAccountList, QuickBooksItemList, QuickBooksVendorList } from '../shared/index.ts';
import { QuickBooksClient, queryString } from './client.ts';
import { companyFor } from './connectionRoutes.ts';

/**
 * The company's vendors, accounts and items for the mapping screens. Admins may always read them;
 * an app editor names the form they are mapping (`?formId=`), which is what lets them see these.
 */

type Host = ConnectorHost & ConnectorRouteHelpers;
type ListQuery = { Querystring: { formId?: string; realmId?: string; type?: string } };

const PAGE = 1000;
const MAX_PAGES = 5;

/** What QuickBooks said, as a route error: 503 when it may pass, 502 otherwise. */
export function quickbooksRouteError(err: unknown): never {
  if (err instanceof ConnectorRetryableError) throw new ConnectorHttpError(503, 'quickbooks_unavailable', err.message);
  if (err instanceof ConnectorPermanentError) throw new ConnectorHttpError(502, 'quickbooks_error', err.message);
  throw err;
}

async function mayReadLists(host: Host, request: FastifyRequest<ListQuery>) {
  if (request.query.formId) await host.requireFormManager(request, request.query.formId);
  else host.requireAdmin(request);
}

async function queryAll(client: QuickBooksClient, entity: string, where = ''): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const got = await client.query(entity, `select * from ${entity}${where} startposition ${page * PAGE + 1} maxresults ${PAGE}`);
    rows.push(...got);
    if (got.length < PAGE) break;
  }
  return rows;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export function listRoutes(app: FastifyInstance, host: Host): void {
  const clientFor = async (request: FastifyRequest<ListQuery>) => {
    await mayReadLists(host, request);
    const company = await companyFor(host, request.query.realmId);
    return new QuickBooksClient(host, { realmId: company.realm_id, environment: company.environment });
  };

  app.get('/vendors', async (request: FastifyRequest<ListQuery>): Promise<QuickBooksVendorList> => {
    const client = await clientFor(request);
    const rows = await queryAll(client, 'Vendor').catch(quickbooksRouteError);
    const vendors = rows.map((r) => ({ id: str(r.Id), name: str(r.DisplayName), active: r.Active !== false })).sort(byName);
    return { realmId: client.company.realmId, vendors };
  });

  app.get('/accounts', async (request: FastifyRequest<ListQuery>): Promise<QuickBooksAccountList> => {
    const type = request.query.type?.trim();
    if (type !== undefined && !/^[A-Za-z ]{1,50}$/.test(type)) {
      throw new ConnectorHttpError(
        400,
        'invalid_request',
        'type must be a QuickBooks account type, e.g. Expense, Bank or Accounts Payable.',
      );
    }
    const client = await clientFor(request);
    const rows = await queryAll(client, 'Account', type ? ` where AccountType = ${queryString(type)}` : '').catch(quickbooksRouteError);
    const accounts = rows
      .map((r) => ({
        id: str(r.Id),
        name: str(r.FullyQualifiedName ?? r.Name),
        accountType: str(r.AccountType),
        accountSubType: typeof r.AccountSubType === 'string' ? r.AccountSubType : null,
        active: r.Active !== false,
      }))
      .sort(byName);
    return { realmId: client.company.realmId, accounts };
  });

  app.get('/items', async (request: FastifyRequest<ListQuery>): Promise<QuickBooksItemList> => {
    const client = await clientFor(request);
    const rows = await queryAll(client, 'Item').catch(quickbooksRouteError);
    const items = rows
      .map((r) => ({ id: str(r.Id), name: str(r.FullyQualifiedName ?? r.Name), type: str(r.Type), active: r.Active !== false }))
      .sort(byName);
    return { realmId: client.company.realmId, items };
  });
}

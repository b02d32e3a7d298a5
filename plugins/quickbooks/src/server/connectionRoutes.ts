import type { FastifyInstance, FastifyRequest } from 'fastify';
import { conflict, notFound, parseInput, type ConnectorHost, type ConnectorRouteHelpers } from '@formloom/plugin-api';
import {
  QuickBooksSelectCompany,
  QuickBooksSettingsInput,
  type QuickBooksCallbackError,
  type QuickBooksConnection,
  type QuickBooksConnectResponse,
} from '../shared/index.ts';
import { QuickBooksClient } from './client.ts';
import { activeCompany, findCompany, listCompanies, removeCompany, saveConnectedCompany, selectCompany } from './companies.ts';
import { redirectUri } from './config.ts';
import { consumeState, exchangeCode, startAuthorization } from './oauth.ts';
import { DEFAULT_ENVIRONMENT, loadAppKeys, saveSettings } from './settings.ts';

/** Connection routes (admins): the Intuit app's keys, the OAuth connect, and the connected companies. */

type Host = ConnectorHost & ConnectorRouteHelpers;

const SCREEN = '/integrations/quickbooks';

export async function connectionView(host: Host): Promise<QuickBooksConnection> {
  const keys = await loadAppKeys(host);
  const companies = await listCompanies(host);
  return {
    configured: keys !== null,
    connected: companies.length > 0,
    environment: keys?.environment ?? DEFAULT_ENVIRONMENT,
    clientId: keys?.clientId ?? null,
    settingsFromEnv: keys?.fromEnv ?? false,
    redirectUri: redirectUri(host),
    companies,
  };
}

/** Best effort: the company's name from CompanyInfo, else its realm id. */
async function companyName(host: Host, realmId: string, environment: 'sandbox' | 'production'): Promise<string | null> {
  try {
    const rows = await new QuickBooksClient(host, { realmId, environment }).query('CompanyInfo', 'select * from CompanyInfo');
    const name = rows[0]?.CompanyName;
    return typeof name === 'string' && name.trim() ? name.trim().slice(0, 255) : null;
  } catch (err) {
    host.log.warn({ err, realmId }, 'could not read the QuickBooks company name');
    return null;
  }
}

export function connectionRoutes(app: FastifyInstance, host: Host): void {
  app.get('/connection', async (request) => {
    host.requireAdmin(request);
    return connectionView(host);
  });

  app.put('/settings', async (request) => {
    host.requireAdmin(request);
    const input = parseInput(QuickBooksSettingsInput, request.body);
    await saveSettings(host, input, new Date().toISOString());
    return connectionView(host);
  });

  app.post('/connect', async (request): Promise<QuickBooksConnectResponse> => {
    const user = host.requireAdmin(request);
    const keys = await loadAppKeys(host);
    if (!keys)
      throw conflict(
        'not_configured',
        'Enter the Intuit app’s Client ID and Client Secret first (or set FORMLOOM_QBO_CLIENT_ID and FORMLOOM_QBO_CLIENT_SECRET).',
      );
    return { authorizeUrl: await startAuthorization(host, keys, user.id, new Date()) };
  });

  // Intuit sends the admin's browser back here; every outcome is a redirect to the screen, which says what happened.
  app.get('/callback', async (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const user = host.user(request);
    const { code, state, realmId, error } = request.query;
    const fail = (reason: QuickBooksCallbackError) => reply.redirect(`${SCREEN}?error=${reason}`);
    if (!state || !(await consumeState(host, state, user.id, new Date()))) return fail('invalid_state');
    if (error || !code) return fail('access_denied');
    if (!realmId || !/^[A-Za-z0-9]{1,64}$/.test(realmId)) return fail('missing_realm');
    const keys = await loadAppKeys(host);
    if (!keys) return fail('token_exchange_failed');
    let tokens;
    try {
      tokens = await exchangeCode(host, keys, code, new Date());
    } catch (err) {
      request.log.warn({ err }, 'QuickBooks code exchange failed');
      return fail('token_exchange_failed');
    }
    const existing = await findCompany(host, realmId);
    await saveConnectedCompany(
      host,
      { realmId, name: existing?.name ?? `Company ${realmId}`, environment: keys.environment, tokens, userId: user.id },
      new Date().toISOString(),
    );
    const name = await companyName(host, realmId, keys.environment);
    if (name) await host.knex('quickbooks_companies').where({ realm_id: realmId }).update({ name });
    return reply.redirect(`${SCREEN}?connected=${encodeURIComponent(realmId)}`);
  });

  app.put('/company', async (request) => {
    host.requireAdmin(request);
    const { realmId } = parseInput(QuickBooksSelectCompany, request.body);
    if (!(await selectCompany(host, realmId, new Date().toISOString())))
      throw notFound('company_not_found', `No connected QuickBooks company has the id ${realmId}.`);
    return connectionView(host);
  });

  app.delete('/companies/:realmId', async (request: FastifyRequest<{ Params: { realmId: string } }>, reply) => {
    host.requireAdmin(request);
    if (!(await removeCompany(host, request.params.realmId, new Date().toISOString()))) {
      throw notFound('company_not_found', `No connected QuickBooks company has the id ${request.params.realmId}.`);
    }
    return reply.status(204).send();
  });
}

/** The company a list or mapping uses: the one asked for, else the active one. */
export async function companyFor(host: Pick<ConnectorHost, 'knex'>, realmId: string | undefined) {
  const company = realmId ? await findCompany(host, realmId) : await activeCompany(host);
  if (!company) {
    if (realmId) throw notFound('company_not_found', `No connected QuickBooks company has the id ${realmId}.`);
    throw conflict('not_connected', 'No QuickBooks company is connected. An admin must connect one first.');
  }
  return company;
}

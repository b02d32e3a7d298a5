// For component tests: an in-memory stand-in for the connector routes (a submission's integrations and
// their retry; QuickBooks connection, lists, mappings, preview), answering `request()` the way the
// plugins' shared models say. It records every call so a test can check what a screen sent.
import type {
  QuickBooksAccount,
  QuickBooksConnection,
  QuickBooksItem,
  QuickBooksMapping,
  QuickBooksMappingInput,
  QuickBooksVendor,
} from '@formloom/plugin-quickbooks/shared';
import type { SubmissionIntegration } from '../../../api/connectors.ts';
import { ApiError } from '../../../api/errors.ts';

export interface RecordedCall {
  method: string;
  path: string;
  body?: unknown;
}

export const apiFailure = (statusCode: number, code: string, message = code, details?: unknown) =>
  new ApiError({ statusCode, code, error: 'Error', message, details });

export class FakeConnectorsServer {
  calls: RecordedCall[] = [];
  integrations = new Map<string, SubmissionIntegration[]>();
  /** The next answers of any route, by `METHOD path`: an error to throw once. */
  failNext = new Map<string, ApiError>();
  qbo: QuickBooksConnection = {
    configured: false,
    connected: false,
    environment: 'sandbox',
    clientId: null,
    settingsFromEnv: false,
    redirectUri: 'http://localhost:3000/api/connectors/quickbooks/callback',
    companies: [],
  };
  vendors: QuickBooksVendor[] = [];
  accounts: QuickBooksAccount[] = [];
  items: QuickBooksItem[] = [];
  mappings = new Map<string, QuickBooksMapping>();
  formNames = new Map<string, string>();

  calledWith(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  /** The `request` of an HttpApiClient. */
  request = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const [path] = url.split('?');
    this.calls.push({ method, path, body });
    const failure = this.failNext.get(`${method} ${path}`);
    if (failure) {
      this.failNext.delete(`${method} ${path}`);
      throw failure;
    }
    return structuredClone(this.answer(method, url, body)) as T;
  };

  private answer(method: string, url: string, body: unknown): unknown {
    const [path, search = ''] = url.split('?');
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/api\/submissions\/([^/]+)\/integrations$/))) {
      return { items: this.integrations.get(decodeURIComponent(m[1])) ?? [] };
    }
    if (method === 'POST' && (m = path.match(/^\/api\/integration-jobs\/([^/]+)\/retry$/))) return this.retry(decodeURIComponent(m[1]));
    const qbo = path.match(/^\/api\/connectors\/quickbooks(\/.*)$/)?.[1];
    if (qbo) return this.quickbooks(method, qbo, new URLSearchParams(search), body);
    throw apiFailure(404, 'not_found', `No fake route for ${method} ${path}`);
  }

  private retry(jobId: string): SubmissionIntegration {
    for (const items of this.integrations.values()) {
      const item = items.find((i) => i.jobId === jobId);
      if (!item) continue;
      if (item.status !== 'failed' && item.status !== 'dead') throw apiFailure(409, 'job_not_retryable', `This job is ${item.status}.`);
      Object.assign(item, { status: 'pending', attempts: 0, nextAttemptAt: null });
      return item;
    }
    throw apiFailure(404, 'job_not_found', `There is no integration job ${jobId}.`);
  }

  private quickbooks(method: string, path: string, params: URLSearchParams, body: unknown): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/connection') return this.qbo;
    if (method === 'PUT' && path === '/settings') {
      const b = body as { clientId: string; clientSecret: string; environment: 'sandbox' | 'production' };
      const details = [
        !b.clientId.trim() && { path: '/clientId', message: 'enter the Client ID from the Intuit developer portal' },
        !b.clientSecret.trim() && { path: '/clientSecret', message: 'enter the Client Secret from the Intuit developer portal' },
      ].filter(Boolean);
      if (details.length) throw apiFailure(422, 'validation_failed', 'The settings are incomplete.', details);
      Object.assign(this.qbo, { configured: true, clientId: b.clientId, environment: b.environment });
      return this.qbo;
    }
    if (method === 'POST' && path === '/connect') return { authorizeUrl: 'https://appcenter.intuit.example/connect/oauth2?state=s1' };
    if (method === 'PUT' && path === '/company') {
      const realmId = (body as { realmId: string }).realmId;
      for (const c of this.qbo.companies) c.active = c.realmId === realmId;
      return this.qbo;
    }
    if (method === 'DELETE' && (m = path.match(/^\/companies\/([^/]+)$/))) {
      this.qbo.companies = this.qbo.companies.filter((c) => c.realmId !== decodeURIComponent(m![1]));
      this.qbo.connected = this.qbo.companies.length > 0;
      return undefined;
    }
    const realmId = this.qbo.companies.find((c) => c.active)?.realmId ?? '';
    if (method === 'GET' && path === '/vendors') return { realmId, vendors: this.vendors };
    if (method === 'GET' && path === '/accounts') {
      const type = params.get('type');
      return { realmId, accounts: type ? this.accounts.filter((a) => a.accountType === type) : this.accounts };
    }
    if (method === 'GET' && path === '/items') return { realmId, items: this.items };
    if (method === 'GET' && path === '/mappings') {
      return {
        mappings: [...this.mappings.values()].map(({ formId, formName, realmId: r, enabled, target, updatedAt }) => ({
          formId,
          formName,
          realmId: r,
          enabled,
          kind: target.kind,
          updatedAt,
        })),
      };
    }
    if ((m = path.match(/^\/mappings\/([^/]+)(\/preview)?$/))) {
      const formId = decodeURIComponent(m[1]);
      if (m[2] && method === 'POST') return this.preview(body as QuickBooksMappingInput);
      if (method === 'GET') {
        const found = this.mappings.get(formId);
        if (!found) throw apiFailure(404, 'mapping_not_found', 'This form has no QuickBooks mapping.');
        return found;
      }
      if (method === 'PUT') {
        const input = body as QuickBooksMappingInput;
        const mapping = {
          formId,
          formName: this.formNames.get(formId) ?? formId,
          realmId,
          enabled: input.enabled ?? true,
          target: input.target,
          updatedAt: '2026-11-25T10:00:00.000Z',
        } as QuickBooksMapping;
        this.mappings.set(formId, mapping);
        return mapping;
      }
      if (method === 'DELETE') {
        this.mappings.delete(formId);
        return undefined;
      }
    }
    throw apiFailure(404, 'not_found', `No fake QuickBooks route for ${method} ${path}`);
  }

  private preview(input: QuickBooksMappingInput): unknown {
    const target = input.target;
    return {
      submissionId: 'sub-latest',
      entity: target.kind === 'bill' ? 'Bill' : 'PurchaseOrder',
      body: { VendorRef: target.vendor.mode === 'fixed' ? target.vendor.vendor : { value: '56', name: 'Matched vendor' }, Line: [] },
      payment: null,
    };
  }
}

// The connector screens' calls: a submission's integrations (record page), the Shopify and QuickBooks
// connection and mapping routes under /api/connectors/<id>. Built on the HTTP client's `request`, so
// CSRF, Accept-Language and errors work as everywhere. Shapes are the plugins' shared zod models (types only).
import type { SubmissionIntegration } from '@formloom/schemas';
import type {
  QuickBooksAccount,
  QuickBooksConnection,
  QuickBooksConnectResponse,
  QuickBooksItem,
  QuickBooksMapping,
  QuickBooksMappingInput,
  QuickBooksMappingSummary,
  QuickBooksPreview,
  QuickBooksSettingsInput,
  QuickBooksVendor,
} from '@formloom/plugin-quickbooks/shared';
import type {
  ShopifyConnectInput,
  ShopifyConnection,
  ShopifyLocation,
  ShopifyMapping,
  ShopifyMappingInput,
  ShopifyMappingSummary,
  ShopifyPreview,
  ShopifyPreviewInput,
  ShopifyVariant,
} from '@formloom/plugin-shopify/shared';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { SubmissionIntegration };

const enc = encodeURIComponent;
type Request = HttpApiClient['request'];

export interface IntegrationsApi {
  /** Per connector that touched the submission: its latest job and the external records it made. */
  ofSubmission(submissionId: string): Promise<SubmissionIntegration[]>;
  /** A failed or dead job again, now (202 with the job's new state). */
  retry(jobId: string): Promise<SubmissionIntegration>;
}

export function createIntegrationsApi(request: Request): IntegrationsApi {
  return {
    ofSubmission: async (submissionId) =>
      (await request<{ items: SubmissionIntegration[] }>('GET', `/api/submissions/${enc(submissionId)}/integrations`)).items,
    retry: (jobId) => request<SubmissionIntegration>('POST', `/api/integration-jobs/${enc(jobId)}/retry`),
  };
}

const QBO = '/api/connectors/quickbooks';

export interface QuickBooksApi {
  connection(): Promise<QuickBooksConnection>;
  saveSettings(body: QuickBooksSettingsInput): Promise<QuickBooksConnection>;
  /** Where to send the browser: Intuit's consent page, which comes back to /integrations/quickbooks. */
  connect(): Promise<QuickBooksConnectResponse>;
  selectCompany(realmId: string): Promise<QuickBooksConnection>;
  removeCompany(realmId: string): Promise<void>;
  vendors(): Promise<QuickBooksVendor[]>;
  /** `type` is a QuickBooks AccountType (QUICKBOOKS_ACCOUNT_TYPES). */
  accounts(type?: string): Promise<QuickBooksAccount[]>;
  items(): Promise<QuickBooksItem[]>;
  mappings(): Promise<QuickBooksMappingSummary[]>;
  mapping(formId: string): Promise<QuickBooksMapping>;
  saveMapping(formId: string, body: QuickBooksMappingInput): Promise<QuickBooksMapping>;
  removeMapping(formId: string): Promise<void>;
  /** What the unsaved `target` (else the stored mapping) would send for a submission (else the latest). */
  preview(formId: string, body: { target?: QuickBooksMappingInput['target']; submissionId?: string }): Promise<QuickBooksPreview>;
}

export function createQuickBooksApi(request: Request): QuickBooksApi {
  return {
    connection: () => request<QuickBooksConnection>('GET', `${QBO}/connection`),
    saveSettings: (body) => request<QuickBooksConnection>('PUT', `${QBO}/settings`, body),
    connect: () => request<QuickBooksConnectResponse>('POST', `${QBO}/connect`),
    selectCompany: (realmId) => request<QuickBooksConnection>('PUT', `${QBO}/company`, { realmId }),
    async removeCompany(realmId) {
      await request<unknown>('DELETE', `${QBO}/companies/${enc(realmId)}`);
    },
    vendors: async () => (await request<{ vendors: QuickBooksVendor[] }>('GET', `${QBO}/vendors`)).vendors,
    accounts: async (type) =>
      (await request<{ accounts: QuickBooksAccount[] }>('GET', `${QBO}/accounts${type ? `?type=${enc(type)}` : ''}`)).accounts,
    items: async () => (await request<{ items: QuickBooksItem[] }>('GET', `${QBO}/items`)).items,
    mappings: async () => (await request<{ mappings: QuickBooksMappingSummary[] }>('GET', `${QBO}/mappings`)).mappings,
    mapping: (formId) => request<QuickBooksMapping>('GET', `${QBO}/mappings/${enc(formId)}`),
    saveMapping: (formId, body) => request<QuickBooksMapping>('PUT', `${QBO}/mappings/${enc(formId)}`, body),
    async removeMapping(formId) {
      await request<unknown>('DELETE', `${QBO}/mappings/${enc(formId)}`);
    },
    preview: (formId, body) => request<QuickBooksPreview>('POST', `${QBO}/mappings/${enc(formId)}/preview`, body),
  };
}

const SHOPIFY = '/api/connectors/shopify';

export interface ShopifyApi {
  connection(): Promise<ShopifyConnection>;
  /** Checks the token with Shopify before storing it (422 shopify_auth_failed / invalid_shop_domain). */
  connect(body: ShopifyConnectInput): Promise<ShopifyConnection>;
  disconnect(): Promise<void>;
  locations(): Promise<ShopifyLocation[]>;
  variants(query: string): Promise<ShopifyVariant[]>;
  mappings(): Promise<ShopifyMappingSummary[]>;
  /** The saved mapping, or a suggested one (`suggested: true`, not saved) for a known template. */
  mapping(formId: string): Promise<ShopifyMapping>;
  saveMapping(formId: string, body: ShopifyMappingInput): Promise<ShopifyMapping>;
  removeMapping(formId: string): Promise<void>;
  preview(formId: string, body: ShopifyPreviewInput): Promise<ShopifyPreview>;
}

export function createShopifyApi(request: Request): ShopifyApi {
  return {
    connection: () => request<ShopifyConnection>('GET', `${SHOPIFY}/connection`),
    connect: (body) => request<ShopifyConnection>('PUT', `${SHOPIFY}/connection`, body),
    async disconnect() {
      await request<unknown>('DELETE', `${SHOPIFY}/connection`);
    },
    locations: async () => (await request<{ locations: ShopifyLocation[] }>('GET', `${SHOPIFY}/locations`)).locations,
    variants: async (query) => (await request<{ variants: ShopifyVariant[] }>('GET', `${SHOPIFY}/variants?query=${enc(query)}`)).variants,
    mappings: async () => (await request<{ mappings: ShopifyMappingSummary[] }>('GET', `${SHOPIFY}/mappings`)).mappings,
    mapping: (formId) => request<ShopifyMapping>('GET', `${SHOPIFY}/mappings/${enc(formId)}`),
    saveMapping: (formId, body) => request<ShopifyMapping>('PUT', `${SHOPIFY}/mappings/${enc(formId)}`, body),
    async removeMapping(formId) {
      await request<unknown>('DELETE', `${SHOPIFY}/mappings/${enc(formId)}`);
    },
    preview: (formId, body) => request<ShopifyPreview>('POST', `${SHOPIFY}/mappings/${enc(formId)}/preview`, body),
  };
}

export interface ConnectorsApi {
  integrations: IntegrationsApi;
  quickbooks: QuickBooksApi;
  shopify: ShopifyApi;
}

/** The connector calls over the app's API client (the HTTP client in the app; tests pass one with `request`). */
export function connectorsApiFor(client: ApiClient): ConnectorsApi | null {
  const request = (client as Partial<HttpApiClient>).request;
  if (!request) return null;
  return {
    integrations: createIntegrationsApi(request),
    quickbooks: createQuickBooksApi(request),
    shopify: createShopifyApi(request),
  };
}

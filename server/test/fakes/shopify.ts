import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * A strict stand-in for the Shopify Admin GraphQL API (2025-09) on loopback, for tests that set
 * FORMLOOM_SHOPIFY_API_ORIGIN to its `url`:
 * - only `POST /admin/api/2025-09/graphql.json` with the store's `X-Shopify-Access-Token` (401 otherwise);
 * - every document is parsed and validated against the published SDL
 *   (/work/shared/contracts/shopify-admin-2025-09-unstable.graphql) and its variables coerced to the
 *   schema's input types by graphql-js's own executor; invalid ones get `{errors: […]}` like Shopify;
 * - a leaky-bucket cost limit: `extensions.cost` on every answer, THROTTLED when the bucket is short;
 * - business rules Shopify applies, answered as `userErrors` (a line with neither a variant nor a
 *   title and price, unknown variants, a price in another currency, unknown locations/items, bad reasons);
 * - everything created is kept (`draftOrders`, `orders`, `adjustments`, `levels`) for assertions.
 */

export const SHOPIFY_SDL_PATH = fileURLToPath(
  new URL('../../../../shared/contracts/shopify-admin-2025-09-unstable.graphql', import.meta.url),
);
const API_PATH = '/admin/api/2025-09/graphql.json';

let schemaOnce: GraphQLSchema | null = null;
/** Parsed once per process: the SDL is 3 MB. */
export function shopifySchema(): GraphQLSchema {
  schemaOnce ??= buildSchema(readFileSync(SHOPIFY_SDL_PATH, 'utf8'));
  return schemaOnce;
}

export interface FakeVariant {
  id: string;
  title: string;
  productTitle: string;
  sku: string;
  price: string;
  inventoryItemId: string;
}

export interface FakeShopifyOptions {
  shopDomain?: string;
  shopName?: string;
  currencyCode?: string;
  accessToken?: string;
  /** The cost bucket (Shopify's standard plan: 2000 points, 100 a second). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  locations?: { id: string; name: string; isActive: boolean }[];
  variants?: FakeVariant[];
}

export interface FakeShopifyRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  throttled: boolean;
  errors: string[];
}

export interface FakeOrder {
  id: string;
  name: string;
  input: Record<string, unknown>;
  tags: string[];
}

export interface FakeAdjustment {
  id: string;
  input: {
    name: string;
    reason: string;
    referenceDocumentUri?: string;
    changes: { inventoryItemId: string; locationId: string; delta: number }[];
  };
}

export interface FakeShopify {
  /** The origin to put in FORMLOOM_SHOPIFY_API_ORIGIN. */
  url: string;
  shopDomain: string;
  accessToken: string;
  currencyCode: string;
  requests: FakeShopifyRequest[];
  draftOrders: FakeOrder[];
  orders: FakeOrder[];
  adjustments: FakeAdjustment[];
  /** `inventoryItemId|locationId` → available. */
  levels: Map<string, number>;
  /** Empties the cost bucket: the next requests are THROTTLED until it refills at `restoreRate`. */
  drainBucket(): void;
  /** New bucket limits, full or holding `available` points. */
  setBucket(limits: { maximumAvailable: number; restoreRate: number }, available?: number): void;
  /** The next `count` requests answer `status` (5xx) without running. */
  failNext(status: number, count?: number): void;
  /** The next mutation runs (the order exists) but its answer is lost: the client sees a 502. */
  loseNextAnswer(): void;
  close(): Promise<void>;
}

export const FAKE_LOCATIONS = [
  { id: 'gid://shopify/Location/71001', name: 'Kwun Tong warehouse', isActive: true },
  { id: 'gid://shopify/Location/71002', name: 'Central shop', isActive: true },
];

export const FAKE_VARIANTS: FakeVariant[] = [
  {
    id: 'gid://shopify/ProductVariant/4101',
    title: '250 g',
    productTitle: 'Lemon tea',
    sku: 'TEA-0042',
    price: '48.00',
    inventoryItemId: 'gid://shopify/InventoryItem/5101',
  },
  {
    id: 'gid://shopify/ProductVariant/4102',
    title: 'Default Title',
    productTitle: 'Tea cup',
    sku: 'CUP-0001',
    price: '120.00',
    inventoryItemId: 'gid://shopify/InventoryItem/5102',
  },
];

const ADJUST_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

type Json = Record<string, unknown>;
type UserError = { field: string[] | null; message: string; code?: string | null };

const MUTATION_COST = 10;
const QUERY_COST = 5;

export async function startFakeShopify(options: FakeShopifyOptions = {}): Promise<FakeShopify> {
  const schema = shopifySchema();
  const shopDomain = options.shopDomain ?? 'formloom-test.myshopify.com';
  const accessToken = options.accessToken ?? 'shpat_fake_0123456789abcdef';
  const currencyCode = options.currencyCode ?? 'HKD';
  let bucketLimits = options.bucket ?? { maximumAvailable: 2000, restoreRate: 100 };
  const locations = options.locations ?? FAKE_LOCATIONS;
  const variants = options.variants ?? FAKE_VARIANTS;
  const inventoryItems = new Set(variants.map((v) => v.inventoryItemId));

  const requests: FakeShopifyRequest[] = [];
  const draftOrders: FakeOrder[] = [];
  const orders: FakeOrder[] = [];
  const adjustments: FakeAdjustment[] = [];
  const levels = new Map<string, number>();
  let bucket = { available: bucketLimits.maximumAvailable, at: Date.now() };
  let failures: { status: number; count: number } = { status: 0, count: 0 };
  let loseAnswer = false;
  let nextId = 1000;

  const available = () =>
    Math.min(bucketLimits.maximumAvailable, bucket.available + ((Date.now() - bucket.at) / 1000) * bucketLimits.restoreRate);
  const throttleStatus = () => ({
    maximumAvailable: bucketLimits.maximumAvailable,
    currentlyAvailable: Math.floor(available()),
    restoreRate: bucketLimits.restoreRate,
  });

  const moneyInShopCurrency = (m: unknown, path: string[], errors: UserError[]): boolean => {
    const money = m as { amount?: string; currencyCode?: string } | undefined;
    if (!money) return false;
    if (money.currencyCode !== currencyCode) {
      errors.push({ field: path, message: `Currency must be the store's currency ${currencyCode}, not ${money.currencyCode}.` });
    }
    return true;
  };

  const checkLines = (lines: Json[] | undefined, priceKey: 'originalUnitPriceWithCurrency' | 'priceSet', errors: UserError[]) => {
    if (!lines?.length) errors.push({ field: ['lineItems'], message: 'Add at least 1 line item.' });
    if ((lines?.length ?? 0) > 250) errors.push({ field: ['lineItems'], message: 'Input array exceeds 250 items.' });
    lines?.forEach((line, i) => {
      const at = ['lineItems', String(i)];
      if (typeof line.quantity !== 'number' || line.quantity < 1)
        errors.push({ field: [...at, 'quantity'], message: 'Quantity must be at least 1.' });
      if (line.variantId) {
        if (!variants.some((v) => v.id === line.variantId))
          errors.push({ field: [...at, 'variantId'], message: 'Product variant does not exist.' });
        return;
      }
      const price = priceKey === 'priceSet' ? (line.priceSet as { shopMoney?: unknown } | undefined)?.shopMoney : line[priceKey];
      const hasPrice = moneyInShopCurrency(price, [...at, priceKey], errors);
      if (!line.title || !hasPrice) {
        errors.push({ field: at, message: 'Line item must have a variant, or a title and a price for a custom item.' });
      }
    });
  };

  const tagQuery = (query: unknown): string | null => {
    const m = typeof query === 'string' ? /^tag:(\S+)$/.exec(query.trim()) : null;
    return m ? m[1]! : null;
  };

  const rootValue = {
    shop: () => ({ name: options.shopName ?? 'Formloom Test Store', currencyCode }),
    locations: () => ({ nodes: locations }),
    productVariants: ({ query }: { query?: string | null }) => {
      const q = (query ?? '').toLowerCase();
      const hits = variants.filter((v) => !q || `${v.productTitle} ${v.title} ${v.sku}`.toLowerCase().includes(q.replace(/^sku:/, '')));
      return {
        nodes: hits.map((v) => ({
          id: v.id,
          title: v.title,
          sku: v.sku,
          price: v.price,
          product: { title: v.productTitle },
          inventoryItem: { id: v.inventoryItemId },
        })),
      };
    },
    draftOrders: ({ query }: { query?: string }) => {
      const tag = tagQuery(query);
      return { nodes: draftOrders.filter((o) => tag && o.tags.includes(tag)).slice(0, 1) };
    },
    orders: ({ query }: { query?: string }) => {
      const tag = tagQuery(query);
      return { nodes: orders.filter((o) => tag && o.tags.includes(tag)).slice(0, 1) };
    },
    draftOrderCreate: ({ input }: { input: Json }) => {
      const userErrors: UserError[] = [];
      checkLines(input.lineItems as Json[] | undefined, 'originalUnitPriceWithCurrency', userErrors);
      if (userErrors.length) return { draftOrder: null, userErrors };
      nextId += 1;
      const order = {
        id: `gid://shopify/DraftOrder/${nextId}`,
        name: `#D${draftOrders.length + 1}`,
        input,
        tags: (input.tags as string[]) ?? [],
      };
      draftOrders.push(order);
      return { draftOrder: order, userErrors };
    },
    orderCreate: ({ order: input }: { order: Json }) => {
      const userErrors: UserError[] = [];
      checkLines(input.lineItems as Json[] | undefined, 'priceSet', userErrors);
      if (userErrors.length) return { order: null, userErrors: userErrors.map((e) => ({ ...e, code: 'INVALID' })) };
      nextId += 1;
      const order = { id: `gid://shopify/Order/${nextId}`, name: `#${1001 + orders.length}`, input, tags: (input.tags as string[]) ?? [] };
      orders.push(order);
      return { order, userErrors: [] };
    },
    inventoryAdjustQuantities: ({ input }: { input: FakeAdjustment['input'] }) => {
      const userErrors: UserError[] = [];
      if (input.name !== 'available')
        userErrors.push({ field: ['input', 'name'], message: 'The quantity name must be available.', code: 'INVALID_QUANTITY_NAME' });
      if (!ADJUST_REASONS.has(input.reason))
        userErrors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' });
      if (input.referenceDocumentUri !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(input.referenceDocumentUri)) {
        userErrors.push({
          field: ['input', 'referenceDocumentUri'],
          message: 'The reference document URI is invalid.',
          code: 'INVALID_REFERENCE_DOCUMENT',
        });
      }
      if (input.changes.length > 250)
        userErrors.push({ field: ['input', 'changes'], message: 'Input array exceeds 250 items.', code: null });
      input.changes.forEach((c, i) => {
        if (!inventoryItems.has(c.inventoryItemId)) {
          userErrors.push({
            field: ['input', 'changes', String(i), 'inventoryItemId'],
            message: 'The specified inventory item could not be found.',
            code: 'INVALID_INVENTORY_ITEM',
          });
        }
        if (!locations.some((l) => l.id === c.locationId)) {
          userErrors.push({
            field: ['input', 'changes', String(i), 'locationId'],
            message: 'The specified location could not be found.',
            code: 'INVALID_LOCATION',
          });
        }
      });
      if (userErrors.length) return { inventoryAdjustmentGroup: null, userErrors };
      nextId += 1;
      const group = { id: `gid://shopify/InventoryAdjustmentGroup/${nextId}`, input };
      adjustments.push(group);
      for (const c of input.changes) {
        const key = `${c.inventoryItemId}|${c.locationId}`;
        levels.set(key, (levels.get(key) ?? 0) + c.delta);
      }
      return {
        inventoryAdjustmentGroup: { id: group.id, reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null },
        userErrors: [],
      };
    },
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: FakeShopifyRequest = {
        path: req.url ?? '',
        headers: req.headers,
        operationName: null,
        query: '',
        variables: {},
        status: 200,
        throttled: false,
        errors: [],
      };
      requests.push(record);
      const answer = (status: number, body: unknown) => {
        record.status = status;
        send(res, status, body);
      };
      if (req.method !== 'POST' || req.url !== API_PATH) return answer(404, { errors: 'Not Found' });
      if (req.headers['x-shopify-access-token'] !== accessToken) {
        return answer(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      }
      if (failures.count > 0) {
        failures.count -= 1;
        return answer(failures.status, { errors: 'Internal Server Error' });
      }
      let body: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return answer(400, { errors: { query: 'Required parameter missing or invalid' } });
      }
      if (typeof body.query !== 'string') return answer(400, { errors: { query: 'Required parameter missing or invalid' } });
      record.query = body.query;
      record.variables = (body.variables as Record<string, unknown>) ?? {};

      let document: DocumentNode;
      try {
        document = parse(body.query);
      } catch (err) {
        record.errors = [(err as GraphQLError).message];
        return answer(200, { errors: [{ message: (err as GraphQLError).message }] });
      }
      const invalid = validate(schema, document);
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
      record.operationName = operation && 'name' in operation ? (operation.name?.value ?? null) : null;
      const cost = operation && 'operation' in operation && operation.operation === 'mutation' ? MUTATION_COST : QUERY_COST;
      if (invalid.length) {
        record.errors = invalid.map((e) => e.message);
        return answer(200, { errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) });
      }

      // The bucket: refused when short of the request's cost (nothing runs), else the cost is taken.
      const now = available();
      if (now < cost) {
        record.throttled = true;
        bucket = { available: now, at: Date.now() };
        return answer(200, {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: throttleStatus() } },
        });
      }
      bucket = { available: now - cost, at: Date.now() };

      // The executor coerces the variables to the schema's input types (getVariableValues) and answers their errors.
      const result = execute({ schema, document, rootValue, variableValues: record.variables }) as {
        data?: unknown;
        errors?: readonly GraphQLError[];
      };
      record.errors = (result.errors ?? []).map((e) => e.message);
      const out = {
        ...(result.errors?.length
          ? { errors: result.errors.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) }
          : {}),
        ...(result.data !== undefined ? { data: result.data } : {}),
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } },
      };
      if (loseAnswer && cost === MUTATION_COST) {
        loseAnswer = false;
        return answer(502, { errors: 'Bad Gateway' });
      }
      return answer(200, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    shopDomain,
    accessToken,
    currencyCode,
    requests,
    draftOrders,
    orders,
    adjustments,
    levels,
    drainBucket() {
      bucket = { available: 0, at: Date.now() };
    },
    setBucket(limits, points) {
      bucketLimits = limits;
      bucket = { available: points ?? limits.maximumAvailable, at: Date.now() };
    },
    failNext(status, count = 1) {
      failures = { status, count };
    },
    loseNextAnswer() {
      loseAnswer = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

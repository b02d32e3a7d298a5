import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ConnectorHttpError,
  ConnectorPermanentError,
  ConnectorRetryableError,
  notFound,
  parseInput,
  unprocessable,
  type ConnectorHost,
  type ConnectorRouteHelpers,
} from '@formloom/plugin-api';
import { z } from 'zod';
import {
  SHOP_DOMAIN_PATTERN,
  ShopifyConnectInput,
  type ShopifyConnection,
  type ShopifyLocationList,
  type ShopifyVariantList,
} from '../shared/index.ts';
import { ShopifyAuthError, ShopifyClient } from './client.ts';
import { connectionView, deleteConnection, loadConnection, saveConnection } from './connection.ts';
import { LOCATIONS_QUERY, SHOP_QUERY, VARIANTS_QUERY } from './documents.ts';

type Host = ConnectorHost & ConnectorRouteHelpers;

/** A Shopify failure inside a route: 422 for what a person must fix, 502 for Shopify being unavailable. */
export function shopifyRouteError(err: unknown): never {
  if (err instanceof ConnectorHttpError) throw err;
  if (err instanceof ConnectorPermanentError) throw unprocessable('shopify_error', err.message);
  if (err instanceof ConnectorRetryableError) throw new ConnectorHttpError(502, 'shopify_unavailable', err.message);
  throw err;
}

async function connectedClient(host: Host): Promise<ShopifyClient> {
  const conn = await loadConnection(host);
  if (!conn) throw new ConnectorHttpError(409, 'shopify_not_connected', 'No Shopify store is connected. An admin connects it first.');
  return new ShopifyClient(host, conn);
}

const VariantQuery = z.object({ query: z.string().trim().max(200).default('') });

export function connectionRoutes(app: FastifyInstance, host: Host): void {
  /**
   * The store's locations and products are for people who map forms to it: admins and builders, or
   * whoever manages the form named by `?formId=`; not every signed-in member.
   */
  const requireMappingEditor = async (request: FastifyRequest) => {
    const formId = (request.query as { formId?: unknown }).formId;
    if (typeof formId === 'string' && formId) return void (await host.requireFormManager(request, formId));
    const user = host.user(request);
    if (user.role !== 'admin' && user.role !== 'builder') {
      throw new ConnectorHttpError(403, 'forbidden', "Only admins, builders and the form's app editors can look up the Shopify store.");
    }
  };

  app.get('/connection', async (request): Promise<ShopifyConnection> => {
    host.requireAdmin(request);
    return connectionView(await loadConnection(host));
  });

  app.put('/connection', async (request): Promise<ShopifyConnection> => {
    const user = host.requireAdmin(request);
    const raw = (request.body ?? {}) as { shopDomain?: unknown };
    // The domain's own code, so the screen can point at the field rather than a generic 400.
    if (typeof raw.shopDomain === 'string' && !SHOP_DOMAIN_PATTERN.test(raw.shopDomain.trim())) {
      throw unprocessable(
        'invalid_shop_domain',
        `"${raw.shopDomain.slice(0, 100)}" is not a store domain: enter it as <name>.myshopify.com in lower case (Shopify admin → Settings → Domains).`,
      );
    }
    const input = parseInput(ShopifyConnectInput, request.body);
    const client = new ShopifyClient(host, input);
    let shop: { name: string; currencyCode: string };
    try {
      ({ shop } = await client.request<{ shop: { name: string; currencyCode: string } }>(SHOP_QUERY, {}, 'the connection check'));
    } catch (err) {
      if (err instanceof ShopifyAuthError) {
        throw unprocessable(
          'shopify_auth_failed',
          `Shopify did not accept this access token for ${input.shopDomain}. Copy the Admin API access token of the custom app again.`,
        );
      }
      if (err instanceof ConnectorRetryableError) {
        throw unprocessable('shopify_auth_failed', `Could not check the token with ${input.shopDomain}: ${err.message}`);
      }
      return shopifyRouteError(err);
    }
    const conn = { ...input, shopName: shop.name, currencyCode: shop.currencyCode, connectedAt: new Date().toISOString() };
    await saveConnection(host, conn, user.id);
    return connectionView(conn);
  });

  app.delete('/connection', async (request, reply) => {
    host.requireAdmin(request);
    if (!(await deleteConnection(host))) throw notFound('shopify_not_connected', 'No Shopify store is connected.');
    return reply.status(204).send();
  });

  app.get('/locations', async (request): Promise<ShopifyLocationList> => {
    await requireMappingEditor(request);
    const client = await connectedClient(host);
    try {
      const data = await client.request<{ locations: { nodes: { id: string; name: string; isActive: boolean }[] } }>(
        LOCATIONS_QUERY,
        {},
        'the list of locations',
      );
      return { locations: data.locations.nodes };
    } catch (err) {
      return shopifyRouteError(err);
    }
  });

  app.get('/variants', async (request): Promise<ShopifyVariantList> => {
    await requireMappingEditor(request);
    const { query } = parseInput(VariantQuery, request.query, 'query');
    const client = await connectedClient(host);
    try {
      const data = await client.request<{
        productVariants: {
          nodes: {
            id: string;
            title: string;
            sku: string | null;
            price: string;
            product: { title: string };
            inventoryItem: { id: string } | null;
          }[];
        };
      }>(VARIANTS_QUERY, { query: query || null }, 'the variant search');
      return {
        variants: data.productVariants.nodes.map((v) => ({
          id: v.id,
          title: v.title,
          productTitle: v.product.title,
          sku: v.sku || null,
          price: v.price,
          inventoryItemId: v.inventoryItem?.id ?? null,
        })),
      };
    } catch (err) {
      return shopifyRouteError(err);
    }
  });
}

import type { FastifyPluginAsync } from 'fastify';
import { connectors } from '../../services/connectors/registry.ts';
import { createConnectorHost, routeHelpers } from '../../services/connectors/host.ts';

/** Each connector plugin's own routes, under /api/connectors/<id>/ (behind the auth hook like every /api route). */
export const connectorRoutes: FastifyPluginAsync = async (app) => {
  for (const plugin of connectors) {
    const host = { ...createConnectorHost(app, plugin), ...routeHelpers(app) };
    await app.register(async (scoped) => plugin.routes(scoped, host), { prefix: `/api/connectors/${plugin.id}` });
  }
};

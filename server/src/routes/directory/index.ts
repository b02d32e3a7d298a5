import type { FastifyPluginAsync } from 'fastify';

/** The people directory any signed-in user may search (pickers), and the org-chart CSV import. */
const directoryRoutes: FastifyPluginAsync = async (_app) => {
  // Routes are added by the directory work.
};

export default directoryRoutes;

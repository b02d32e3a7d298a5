import type { FastifyPluginAsync } from 'fastify';

/** Approval flows: tasks, timelines, withdraw/resubmit, route simulation (docs/WORKFLOWS.md). */
const workflowRoutes: FastifyPluginAsync = async (_app) => {
  // Routes are added by the workflow work.
};

export default workflowRoutes;

import type { FastifyPluginAsync } from 'fastify';

/** Recurring collections: a form's schedule, its periods, assignments and reminders. */
const scheduleRoutes: FastifyPluginAsync = async (_app) => {
  // Routes are added by the schedules work.
};

export default scheduleRoutes;

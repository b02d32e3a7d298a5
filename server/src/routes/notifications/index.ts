import type { FastifyPluginAsync } from 'fastify';

/** In-app notifications, urgent reminders (DING) and the email sender. */
const notificationRoutes: FastifyPluginAsync = async (_app) => {
  // Routes are added by the notifications work.
};

export default notificationRoutes;

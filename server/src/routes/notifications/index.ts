import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  NotificationListQuery,
  NotificationPage,
  SendUrgentBody,
  SentReminderPage,
  SentReminderQuery,
  SentUrgent,
} from '@formloom/schemas';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { readerLocale } from '../../lib/readerLocale.ts';
import { acknowledge, listNotifications, markAllRead, markRead } from '../../services/notifications/inbox.ts';
import { createMailer, mailerSettingsFromEnv, type Mailer, type MailerSettings } from '../../services/notifications/mailer.ts';
import { listSentReminders, sendUrgent } from '../../services/notifications/urgent.ts';
import { errors } from '../common.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends notification emails in the background; tests call `runOnce()` for one pass. */
    notificationMailer: Mailer;
  }
}

export interface NotificationRoutesOptions {
  /** Mail settings; read from FORMLOOM_SMTP_URL, FORMLOOM_MAIL_FROM, FORMLOOM_PUBLIC_URL, FORMLOOM_MAIL_INTERVAL_MS when left out. */
  mail?: Partial<MailerSettings>;
}

const NotificationParams = z.object({ id: z.string().min(1).max(64) });
const noContent = { 204: z.null().describe('Done') };

/** In-app notifications, urgent reminders (DING) and the email sender. */
const notificationRoutes: FastifyPluginAsyncZod<NotificationRoutesOptions> = async (app, options) => {
  const mailer = createMailer(app.db, { ...mailerSettingsFromEnv(), ...options.mail }, app.log);
  app.decorate('notificationMailer', mailer);
  app.addHook('onReady', async () => mailer.start());
  app.addHook('onClose', async () => mailer.stop());

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first, in their language, with unread and unacknowledged counts",
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...errors() },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return listNotifications(app.db, user.id, readerLocale(user, request.headers['accept-language']), request.query);
    },
  );

  app.post(
    '/api/notifications/read-all',
    { schema: { tags: ['notifications'], summary: "Mark all the caller's notifications read", response: { ...noContent, ...errors() } } },
    async (request, reply) => {
      await markAllRead(app.db, currentUser(request).id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark a notification read',
        params: NotificationParams,
        response: { ...noContent, ...errors(404) },
      },
    },
    async (request, reply) => {
      await markRead(app.db, currentUser(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/:id/acknowledge',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Acknowledge an urgent reminder ("Got it"); its sender sees when',
        params: NotificationParams,
        response: { ...noContent, ...errors(404, 409) },
      },
    },
    async (request, reply) => {
      await acknowledge(app.db, currentUser(request).id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/urgent',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send an urgent reminder (DING) that each recipient must acknowledge',
        description:
          'Admins may remind anyone. Others name a submission they take part in (or may read) and may remind only its submitter, approvers and people copied in.',
        body: SendUrgentBody,
        response: { 201: SentUrgent, ...errors(403, 404, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await sendUrgent(app.db, currentUser(request), request.body)),
  );

  app.get(
    '/api/notifications/sent',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's urgent reminders, with each recipient's read and acknowledged time",
        querystring: SentReminderQuery,
        response: { 200: SentReminderPage, ...errors() },
      },
    },
    async (request) => listSentReminders(app.db, currentUser(request).id, request.query),
  );
};

// Wrapped so the mailer decorator is visible on the app (tests run a pass with app.notificationMailer).
export default fp(notificationRoutes, { name: 'notification-routes', dependencies: ['db'] });

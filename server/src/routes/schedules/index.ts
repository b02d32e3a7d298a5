import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignmentList,
  AssignmentsQuery,
  PeriodDetail,
  PeriodPage,
  RemindResult,
  Schedule,
  ScheduleBody,
  type User,
} from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { loadForm, requirePermission } from '../../services/access.ts';
import { assignmentsDueToday, listPeriods, periodDetail, remindPeriod } from '../../services/schedules/queries.ts';
import { startScheduler, tickIntervalFromEnv } from '../../services/schedules/scheduler.ts';
import { deleteSchedule, getSchedule, putSchedule } from '../../services/schedules/store.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string() });
const PeriodParams = FormParams.extend({ periodKey: z.string().max(32) });

/** Recurring collections: a form's schedule, its periods, assignments and reminders; the scheduler's timer. */
const scheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  const interval = tickIntervalFromEnv();
  let stop: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stop = startScheduler(app, interval);
  });
  app.addHook('onClose', async () => {
    await stop?.();
  });

  /** A schedule and its periods are the business of those who may manage the form's app. */
  const managedForm = async (user: User, formId: string, action: string) => {
    const { form, permissions } = await loadForm(app.db, user, formId);
    requirePermission(permissions, 'canEdit', action);
    return form;
  };

  app.get(
    '/api/forms/:formId/schedule',
    {
      schema: {
        tags: ['schedules'],
        summary: "The form's schedule, with its next three openings",
        params: FormParams,
        response: { 200: Schedule, ...errors(403, 404) },
      },
    },
    async (request) => {
      const form = await managedForm(currentUser(request), request.params.formId, "see this form's schedule");
      return getSchedule(app.db, form.id, new Date());
    },
  );

  app.put(
    '/api/forms/:formId/schedule',
    {
      schema: {
        tags: ['schedules'],
        summary: "Create or replace the form's schedule (frequency, audience, deadline, reminders)",
        description:
          '422 invalid_schedule with details [{path, message}]: a bad cron pattern, a deadline before the opening, an unknown department or user.',
        params: FormParams,
        body: ScheduleBody,
        response: { 200: Schedule, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const form = await managedForm(user, request.params.formId, 'schedule this form');
      return putSchedule(app.db, form, request.body, new Date(), user.id);
    },
  );

  app.delete(
    '/api/forms/:formId/schedule',
    {
      schema: {
        tags: ['schedules'],
        summary: "Remove the form's schedule with its periods and assignments (submissions stay)",
        params: FormParams,
        response: { 204: z.null(), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const form = await managedForm(user, request.params.formId, "remove this form's schedule");
      await deleteSchedule(app.db, form, user.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/forms/:formId/periods',
    {
      schema: {
        tags: ['schedules'],
        summary: "The form's periods, newest first, with how many were expected, responded and were late",
        params: FormParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() }),
        response: { 200: PeriodPage, ...errors(403, 404) },
      },
    },
    async (request) => {
      const form = await managedForm(currentUser(request), request.params.formId, "see this form's periods");
      return listPeriods(app.db, form.id, request.query);
    },
  );

  app.get(
    '/api/forms/:formId/periods/:periodKey',
    {
      schema: {
        tags: ['schedules'],
        summary: 'One period: who responded (and who was late), who has not',
        params: PeriodParams,
        response: { 200: PeriodDetail, ...errors(403, 404) },
      },
    },
    async (request) => {
      const form = await managedForm(currentUser(request), request.params.formId, "see this form's periods");
      return periodDetail(app.db, form.id, request.params.periodKey);
    },
  );

  app.post(
    '/api/forms/:formId/periods/:periodKey/remind',
    {
      schema: {
        tags: ['schedules'],
        summary: 'Remind everyone in the period who has not responded (in-app and email)',
        params: PeriodParams,
        response: { 200: RemindResult, ...errors(403, 404) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const form = await managedForm(user, request.params.formId, 'remind people to fill this form');
      return { reminded: await remindPeriod(app.db, form.id, request.params.periodKey, user.id) };
    },
  );

  app.get(
    '/api/assignments',
    {
      schema: {
        tags: ['schedules'],
        summary: 'The scheduled forms you are to fill today: due, done, late or missed',
        querystring: AssignmentsQuery,
        response: { 200: AssignmentList },
      },
    },
    async (request) => ({ items: await assignmentsDueToday(app.db, currentUser(request).id, new Date()) }),
  );
};

export default scheduleRoutes;

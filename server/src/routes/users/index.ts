import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminUser, CreateUserBody, List, RevokedSessions, SessionSummary, UpdateUserBody } from '@formloom/schemas';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { adminUserById, createUser, listAdminUsers, updateUser, userExists } from '../../services/users.ts';
import { listSessions, revokeSessions } from '../../services/security/sessions.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { errors } from '../common.ts';

/** Admin-only user management, with each user's place in the org chart (services/organization). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: CreateUserBody,
        response: { 201: AdminUser, ...errors(403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'create users');
      const created = await createUser(app.db, request.body, actor.id, { ip: request.ip });
      return reply.status(201).send(await adminUserById(app.db, created.id));
    },
  );

  app.get(
    '/api/users',
    {
      schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: List(AdminUser), ...errors(403) } },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'list users');
      return { items: await listAdminUsers(app.db) };
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Change a user's name, access role, locale, department, manager, positions or disabled state (admin)",
        params: z.object({ id: z.string() }),
        body: UpdateUserBody,
        response: { 200: AdminUser, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'change users');
      const updated = await updateUser(app.db, request.params.id, request.body, actor.id, request.ip);
      // Cached sign-ins carry the role and disabled state: a change must apply at the next request.
      app.forgetCredentials();
      return updated;
    },
  );

  app.get(
    '/api/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        summary: "A person's signed-in sessions (admin)",
        params: z.object({ id: z.string() }),
        response: { 200: List(SessionSummary), ...errors(403, 404) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], "see people's sessions");
      if (!(await userExists(app.db, request.params.id)))
        throw new NotFoundError('user_not_found', `No user has the id ${request.params.id}.`);
      const policy = (await app.securitySettings()).sessions;
      return { items: await listSessions(app.db, request.params.id, policy, request.auth?.sessionId) };
    },
  );

  app.delete(
    '/api/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        summary: 'Sign a person out everywhere: ends all their sessions (admin)',
        params: z.object({ id: z.string() }),
        response: { 200: RevokedSessions, ...errors(403, 404) },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'sign people out');
      if (!(await userExists(app.db, request.params.id)))
        throw new NotFoundError('user_not_found', `No user has the id ${request.params.id}.`);
      const revoked = await revokeSessions(app.db, {
        userId: request.params.id,
        actorId: actor.id,
        ip: request.ip,
        reason: 'admin_signed_out',
      });
      app.forgetCredentials();
      return { revoked };
    },
  );
};

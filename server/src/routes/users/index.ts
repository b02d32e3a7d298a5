import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdminUser, CreateUserBody, List, UpdateUserBody } from '@formloom/schemas';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { adminUserById, createUser, listAdminUsers, updateUser } from '../../services/users.ts';
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
      const created = await createUser(app.db, request.body, actor.id);
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
      const updated = await updateUser(app.db, request.params.id, request.body, actor.id);
      // Cached sign-ins carry the role and disabled state: a change must apply at the next request.
      app.forgetCredentials();
      return updated;
    },
  );
};

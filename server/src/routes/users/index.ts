import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateUserBody, List, User } from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { toUser, usersRepo } from '../../repositories/users.ts';
import { requireRole } from '../../services/access.ts';
import { createUser } from '../../services/users.ts';
import { errors } from '../common.ts';

/** Admin-only user management (the org chart, departments and PATCH come with approvals). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/users',
    {
      schema: { tags: ['users'], summary: 'Create a user (admin)', body: CreateUserBody, response: { 201: User, ...errors(403, 409) } },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'create users');
      return reply.status(201).send(await createUser(app.db, request.body, actor.id));
    },
  );

  app.get(
    '/api/users',
    {
      schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: List(User), ...errors(403) } },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'list users');
      return { items: (await usersRepo.list(app.db)).map(toUser) };
    },
  );
};

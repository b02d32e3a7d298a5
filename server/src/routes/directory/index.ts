import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DirectoryDepartmentList, DirectoryUserList, DirectoryUsersQuery, PositionList, SetPasswordBody } from '@formloom/schemas';
import { z } from 'zod';
import { requireRole } from '../../services/access.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { listPositions, searchDirectory, setUserPassword } from '../../services/directory.ts';
import { listDepartments } from '../../services/organization.ts';
import { errors } from '../common.ts';
import { orgImportRoutes } from './orgImport.ts';

/** The people directory any signed-in user may search (pickers), and the org-chart CSV import. */
const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/directory/users',
    {
      schema: {
        tags: ['directory'],
        summary: 'Search enabled people by name or email (any signed-in user)',
        querystring: DirectoryUsersQuery,
        response: { 200: DirectoryUserList, ...errors() },
      },
    },
    async (request) => {
      currentUser(request);
      return { items: await searchDirectory(app.db, request.query) };
    },
  );

  app.get(
    '/api/directory/positions',
    {
      schema: {
        tags: ['directory'],
        summary: 'Every position someone holds, sorted (any signed-in user)',
        response: { 200: PositionList, ...errors() },
      },
    },
    async (request) => {
      currentUser(request);
      return { items: await listPositions(app.db) };
    },
  );

  app.get(
    '/api/directory/departments',
    {
      schema: {
        tags: ['directory'],
        summary: 'The department tree, depth-first (any signed-in user)',
        response: { 200: DirectoryDepartmentList, ...errors() },
      },
    },
    async (request) => {
      currentUser(request);
      return { items: await listDepartments(app.db) };
    },
  );

  app.put(
    '/api/org/users/:id/password',
    {
      schema: {
        tags: ['directory'],
        summary: 'Set a person’s password, e.g. for someone the org-chart import created (admin)',
        params: z.object({ id: z.string() }),
        body: SetPasswordBody,
        response: { 204: z.null(), ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'set passwords');
      await setUserPassword(app.db, request.params.id, request.body.password, actor.id, request.ip);
      app.forgetCredentials();
      return reply.status(204).send(null);
    },
  );

  await app.register(orgImportRoutes);
};

export default directoryRoutes;

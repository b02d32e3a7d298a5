import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateDepartmentBody, Department, List, UpdateDepartmentBody } from '@formloom/schemas';
import { z } from 'zod';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { createDepartment, listDepartments, updateDepartment } from '../../services/organization.ts';
import { errors } from '../common.ts';

/** Admin-only departments: the tree approval flows resolve department heads from. */
export const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/departments',
    {
      schema: {
        tags: ['organization'],
        summary: 'Create a department (admin)',
        body: CreateDepartmentBody,
        response: { 201: Department, ...errors(403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'manage departments');
      return reply.status(201).send(await createDepartment(app.db, request.body, actor.id));
    },
  );

  app.get(
    '/api/departments',
    {
      schema: {
        tags: ['organization'],
        summary: 'List departments as a tree, depth-first, each with its path of names (admin)',
        response: { 200: List(Department), ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'list departments');
      return { items: await listDepartments(app.db) };
    },
  );

  app.patch(
    '/api/departments/:id',
    {
      schema: {
        tags: ['organization'],
        summary: 'Rename, move or set the head of a department (admin)',
        params: z.object({ id: z.string() }),
        body: UpdateDepartmentBody,
        response: { 200: Department, ...errors(403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'manage departments');
      return updateDepartment(app.db, request.params.id, request.body, actor.id);
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiToken, CreatedApiToken, CreateTokenBody, List, LoginBody, SessionInfo } from '@formloom/schemas';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, sha256, verifyPassword } from '../../lib/secrets.ts';
import { apiTokensRepo } from '../../repositories/credentials.ts';
import { toUser, usersRepo } from '../../repositories/users.ts';
import { nowIso } from '../../db/dialect.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { LoginThrottle } from '../../plugins/app/loginThrottle.ts';
import { errors } from '../common.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const throttle = new LoginThrottle();

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginBody,
        response: { 200: SessionInfo, ...errors(401, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const wait = throttle.retryAfter(request.ip, email);
      if (wait > 0) {
        throw new AppError(
          429,
          'too_many_attempts',
          `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s).`,
          { retryAfterSeconds: wait },
          { 'retry-after': String(wait) },
        );
      }
      const row = await usersRepo.findByEmail(app.db, email);
      const ok = await verifyPassword(password, row?.password_hash ?? null);
      if (!row || !ok || row.disabled_at) {
        throttle.recordFailure(request.ip, email);
        throw new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
      }
      throttle.recordSuccess(request.ip, email);
      const { csrfToken } = await app.startSession(reply, request, row.id);
      return { user: toUser(row), csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 204: z.null(), ...errors(403) } },
    },
    async (request, reply) => {
      await app.endSession(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token for cookie requests',
        response: { 200: SessionInfo, ...errors() },
      },
    },
    async (request) => ({ user: currentUser(request), csrfToken: request.auth?.csrfToken ?? '' }),
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once)',
        body: CreateTokenBody,
        response: { 201: CreatedApiToken, ...errors(403) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const token = randomToken('flt_');
      const row = {
        id: newId(),
        user_id: user.id,
        name: request.body.name,
        token_hash: sha256(token),
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      };
      await apiTokensRepo.insert(app.db, row);
      return reply.status(201).send({ id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null, token });
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      schema: { tags: ['auth'], summary: 'Your API tokens (without their secrets)', response: { 200: List(ApiToken), ...errors() } },
    },
    async (request) => {
      const rows = await apiTokensRepo.listForUser(app.db, currentUser(request).id);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at })) };
    },
  );

  app.delete(
    '/api/auth/tokens/:tokenId',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.object({ tokenId: z.string() }),
        response: { 204: z.null(), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const n = await apiTokensRepo.revoke(app.db, currentUser(request).id, request.params.tokenId, nowIso());
      if (!n) throw new NotFoundError('token_not_found', 'There is no such API token of yours.');
      app.forgetCredentials();
      return reply.status(204).send(null);
    },
  );
};

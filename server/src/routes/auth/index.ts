import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiToken,
  ChangePasswordBody,
  CreatedApiToken,
  CreateTokenBody,
  List,
  LoginBody,
  PasswordPolicyInfo,
  RevokedSessions,
  SessionInfo,
  SessionSummary,
} from '@formloom/schemas';
import { AppError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, sha256 } from '../../lib/secrets.ts';
import { apiTokensRepo } from '../../repositories/credentials.ts';
import { nowIso } from '../../db/dialect.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { LoginThrottle } from '../../plugins/app/loginThrottle.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { changeOwnPassword, hasLocalPassword } from '../../services/security/passwords.ts';
import { listSessions, revokeOwnSession, revokeSessions } from '../../services/security/sessions.ts';
import { errors } from '../common.ts';
import { signIn, tooManyAttempts } from './login.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const throttle = new LoginThrottle(app.db);

  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in (directory password where enabled, else the local password); sets the session cookie',
        description:
          'Refusals: 401 invalid_credentials, 403 password_login_disabled (single sign-on only), 429 too_many_attempts ' +
          '(with Retry-After; failures are counted per email and per address across all servers), 503 directory_unavailable.',
        body: LoginBody,
        response: { 200: SessionInfo, ...errors(401, 403, 429, 503) },
      },
    },
    async (request, reply) => signIn(app, throttle, request, reply, request.body),
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 204: z.null(), ...errors(403) } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const via = request.auth?.via;
      await app.endSession(request, reply);
      await recordAudit(app.db, {
        action: 'auth.logout',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
        ip: request.ip,
        details: { via },
      });
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

  app.get(
    '/api/auth/password-policy',
    {
      schema: {
        tags: ['auth'],
        summary: 'The password policy, and whether you can set a local password at all',
        response: { 200: PasswordPolicyInfo, ...errors() },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const policy = (await app.securitySettings()).passwords;
      const authSource = request.auth?.authSource ?? 'local';
      return { ...policy, authSource, canChangePassword: await hasLocalPassword(app.db, { id: user.id, auth_source: authSource }) };
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions end',
        description:
          '422 current_password_wrong, 422 password_too_weak (details.reasons: too_short, needs_letter, needs_digit, ' +
          'contains_personal_info, too_common, reused), 409 password_managed_elsewhere (directory and single sign-on people), ' +
          '429 too_many_attempts after repeated wrong current passwords.',
        body: ChangePasswordBody,
        response: { 200: RevokedSessions, ...errors(403, 409, 422, 429) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const lock = await throttle.lockout(request.ip, user.email);
      if (lock) throw tooManyAttempts(lock.retryAfterSeconds);
      try {
        const { sessionsEnded } = await changeOwnPassword(app.db, {
          userId: user.id,
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
          keepSessionId: request.auth?.via === 'session' ? request.auth.sessionId : undefined,
          ip: request.ip,
        });
        app.forgetCredentials();
        return { revoked: sessionsEnded };
      } catch (err) {
        // A wrong current password counts like a failed sign-in: this must not become a guessing oracle.
        if (err instanceof AppError && err.code === 'current_password_wrong') {
          await throttle.recordFailure(request.ip, user.email, (await app.securitySettings()).throttling);
        }
        throw err;
      }
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your signed-in sessions (browsers), this one marked current',
        response: { 200: List(SessionSummary), ...errors() },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const policy = (await app.securitySettings()).sessions;
      return { items: await listSessions(app.db, user.id, policy, request.auth?.sessionId) };
    },
  );

  app.delete(
    '/api/auth/sessions/:sessionId',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out one of your sessions',
        params: z.object({ sessionId: z.string().min(1).max(64) }),
        response: { 204: z.null(), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await revokeOwnSession(app.db, user.id, request.params.sessionId, request.ip);
      app.forgetCredentials();
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out all your other sessions (this one stays)',
        response: { 200: RevokedSessions, ...errors(403) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const revoked = await revokeSessions(app.db, {
        userId: user.id,
        actorId: user.id,
        ip: request.ip,
        exceptSessionId: request.auth?.sessionId,
        reason: 'signed_out_other_sessions',
      });
      app.forgetCredentials();
      return { revoked };
    },
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
      await app.db.transaction(async (trx) => {
        await apiTokensRepo.insert(trx, row);
        await recordAudit(trx, {
          action: 'api_token.created',
          actorId: user.id,
          targetType: 'api_token',
          targetId: row.id,
          ip: request.ip,
          details: { name: row.name },
        });
      });
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
      const user = currentUser(request);
      await app.db.transaction(async (trx) => {
        const n = await apiTokensRepo.revoke(trx, user.id, request.params.tokenId, nowIso());
        if (!n) throw new NotFoundError('token_not_found', 'There is no such API token of yours.');
        await recordAudit(trx, {
          action: 'api_token.revoked',
          actorId: user.id,
          targetType: 'api_token',
          targetId: request.params.tokenId,
          ip: request.ip,
          details: {},
        });
      });
      app.forgetCredentials();
      return reply.status(204).send(null);
    },
  );
};

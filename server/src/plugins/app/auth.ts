import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { User } from '@formloom/schemas';
import { AppError, UnauthenticatedError } from '../../lib/errors.ts';
import { randomToken, sha256 } from '../../lib/secrets.ts';
import { apiTokensRepo, sessionsRepo } from '../../repositories/credentials.ts';
import { toUser } from '../../repositories/users.ts';
import { nowIso } from '../../db/dialect.ts';
import { TtlCache } from '../../lib/ttlCache.ts';

export const SESSION_COOKIE = 'formloom_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** Sliding expiry is written at most this often, so reads don't become writes. */
const TOUCH_EVERY_MS = 3600 * 1000;
/** Logout and revocation in this process take effect at once; other processes notice within this. */
export const AUTH_CACHE_TTL_MS = 5_000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestAuth {
  user: User;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Route may be called without signing in. */
    public?: boolean;
  }
  interface FastifyInstance {
    startSession(reply: FastifyReply, request: FastifyRequest, userId: string): Promise<{ csrfToken: string }>;
    endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** Drops cached credentials, after a token is revoked or a user changes. */
    forgetCredentials(): void;
  }
}

/** The signed-in user of a route that is not public (the preHandler guarantees one). */
export function currentUser(request: FastifyRequest): User {
  if (!request.auth) throw new UnauthenticatedError();
  return request.auth.user;
}

async function resolveAuth(app: FastifyInstance, request: FastifyRequest, cache: TtlCache<RequestAuth>): Promise<RequestAuth | null> {
  const header = request.headers.authorization;
  const raw = header ? undefined : request.cookies[SESSION_COOKIE];
  const cacheKey = header ? `t:${sha256(header)}` : raw ? `s:${sha256(raw)}` : null;
  const cached = cacheKey ? cache.get(cacheKey) : undefined;
  if (cached) return cached;
  const auth = await lookupAuth(app, header, raw);
  if (auth && cacheKey) cache.set(cacheKey, auth);
  return auth;
}

async function lookupAuth(app: FastifyInstance, header: string | undefined, raw: string | undefined): Promise<RequestAuth | null> {
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    const found = await apiTokensRepo.findWithUser(app.reader, sha256(token));
    if (!found || found.user.disabled_at) throw new UnauthenticatedError('This API token is unknown or has been revoked.');
    const now = Date.now();
    if (!found.token.last_used_at || now - Date.parse(found.token.last_used_at) > TOUCH_EVERY_MS) {
      await apiTokensRepo.touch(app.db, found.token.id, new Date(now).toISOString());
    }
    return { user: toUser(found.user), via: 'token' };
  }
  if (!raw) return null;
  const found = await sessionsRepo.findWithUser(app.reader, sha256(raw));
  if (!found || found.user.disabled_at || Date.parse(found.session.expires_at) < Date.now()) return null;
  const now = Date.now();
  if (now - Date.parse(found.session.last_seen_at) > TOUCH_EVERY_MS) {
    await sessionsRepo.touch(app.db, found.session.id, new Date(now).toISOString(), new Date(now + SESSION_TTL_MS).toISOString());
  }
  return { user: toUser(found.user), via: 'session', sessionId: found.session.id, csrfToken: found.session.csrf_token };
}

/**
 * Who is calling: a Bearer API token (scripts, integrations; no CSRF risk since browsers never
 * attach it by themselves) or the session cookie (the web apps; unsafe methods need the
 * session's CSRF token in X-CSRF-Token).
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    app.decorateRequest('auth', null);
    const cache = new TtlCache<RequestAuth>(AUTH_CACHE_TTL_MS);
    app.decorate('forgetCredentials', () => cache.clear());

    app.addHook('preHandler', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      request.auth = await resolveAuth(app, request, cache);
      const config = request.routeOptions.config;
      if (config.public) return;
      if (!request.auth) throw new UnauthenticatedError();
      if (request.auth.via === 'session' && UNSAFE_METHODS.has(request.method)) {
        if (request.headers['x-csrf-token'] !== request.auth.csrfToken) {
          throw new AppError(
            403,
            'csrf_token_invalid',
            'Missing or wrong X-CSRF-Token header: send the csrfToken from the login response or GET /api/auth/me.',
          );
        }
      }
    });

    app.decorate('startSession', async (reply: FastifyReply, request: FastifyRequest, userId: string) => {
      const token = randomToken();
      const csrfToken = randomToken();
      const now = nowIso();
      await sessionsRepo.insert(app.db, {
        id: sha256(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { csrfToken };
    });

    app.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.auth?.sessionId) await sessionsRepo.delete(app.db, request.auth.sessionId);
      const raw = request.cookies[SESSION_COOKIE];
      if (raw) cache.delete(`s:${sha256(raw)}`);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

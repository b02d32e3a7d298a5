import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { SecuritySettings, User } from '@formloom/schemas';
import { AppError, UnauthenticatedError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { randomToken, sha256 } from '../../lib/secrets.ts';
import { apiTokensRepo, sessionsRepo, type SessionRow } from '../../repositories/credentials.ts';
import { toUser } from '../../repositories/users.ts';
import { TtlCache } from '../../lib/ttlCache.ts';
import { loadSecuritySettings } from '../../services/security/settings.ts';

export const SESSION_COOKIE = 'formloom_session';
/** Sliding expiry is written at most this often (or a tenth of a short idle timeout), so reads don't become writes. */
const TOUCH_EVERY_MS = 3600 * 1000;
/**
 * Logout, revocation, disabling a user and a password reset take effect at once in this process
 * (forgetCredentials); other server processes notice within this.
 */
export const AUTH_CACHE_TTL_MS = 5_000;
/** The security policy (session limits) is re-read at most this often; saving it applies at once here. */
export const SECURITY_POLICY_CACHE_TTL_MS = 5_000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestAuth {
  user: User;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  /** 'local' or 'ldap': who manages this person's password. */
  authSource: string;
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
    /** The security policy in force (cached for SECURITY_POLICY_CACHE_TTL_MS). */
    securitySettings(): Promise<SecuritySettings>;
    /** After the policy was saved: the next request reads it again. */
    forgetSecuritySettings(): void;
  }
}

/** The signed-in user of a route that is not public (the auth hook guarantees one). */
export function currentUser(request: FastifyRequest): User {
  if (!request.auth) throw new UnauthenticatedError();
  return request.auth.user;
}

/** When a session ends under the policy: the earlier of its idle and its absolute limit. */
export function sessionEndsAt(session: Pick<SessionRow, 'created_at' | 'last_seen_at'>, policy: SecuritySettings['sessions']): number {
  return Math.min(
    Date.parse(session.last_seen_at) + policy.idleTimeoutMinutes * 60_000,
    Date.parse(session.created_at) + policy.absoluteLifetimeHours * 3600_000,
  );
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
    return { user: toUser(found.user), via: 'token', authSource: found.user.auth_source ?? 'local' };
  }
  if (!raw) return null;
  const found = await sessionsRepo.findWithUser(app.reader, sha256(raw));
  if (!found || found.user.disabled_at) return null;
  const policy = (await app.securitySettings()).sessions;
  const now = Date.now();
  if (sessionEndsAt(found.session, policy) <= now) {
    await sessionsRepo.delete(app.db, found.session.id);
    return null;
  }
  const touchEvery = Math.min(TOUCH_EVERY_MS, Math.max(30_000, (policy.idleTimeoutMinutes * 60_000) / 10));
  if (now - Date.parse(found.session.last_seen_at) > touchEvery) {
    const at = new Date(now).toISOString();
    const expiresAt = new Date(sessionEndsAt({ created_at: found.session.created_at, last_seen_at: at }, policy)).toISOString();
    await sessionsRepo.touch(app.db, found.session.id, at, expiresAt);
  }
  return {
    user: toUser(found.user),
    via: 'session',
    sessionId: found.session.id,
    csrfToken: found.session.csrf_token,
    authSource: found.user.auth_source ?? 'local',
  };
}

/**
 * Who is calling: a Bearer API token (scripts, integrations; no CSRF risk since browsers never
 * attach it by themselves) or the session cookie (the web apps; unsafe methods need the
 * session's CSRF token in X-CSRF-Token). Sessions end by the security policy: idle and absolute.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(cookie);
    app.decorateRequest('auth', null);
    const cache = new TtlCache<RequestAuth>(AUTH_CACHE_TTL_MS);
    app.decorate('forgetCredentials', () => cache.clear());

    const policyCache = new TtlCache<SecuritySettings>(SECURITY_POLICY_CACHE_TTL_MS, 1);
    app.decorate('securitySettings', async () => {
      const hit = policyCache.get('policy');
      if (hit) return hit;
      const settings = await loadSecuritySettings(app.reader);
      policyCache.set('policy', settings);
      return settings;
    });
    app.decorate('forgetSecuritySettings', () => policyCache.clear());

    // Before the body and query are validated: someone not signed in (or without the CSRF token) is
    // refused as such, and learns nothing about what a route accepts from a 400.
    app.addHook('preValidation', async (request) => {
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
      const policy = (await app.securitySettings()).sessions;
      const now = new Date().toISOString();
      await sessionsRepo.insert(app.db, {
        id: sha256(token),
        public_id: newId(),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(sessionEndsAt({ created_at: now, last_seen_at: now }, policy)).toISOString(),
        ip: request.ip.slice(0, 64),
        user_agent: request.headers['user-agent']?.slice(0, 400) ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        // The browser keeps it up to the absolute limit; the server ends it sooner when idle.
        maxAge: policy.absoluteLifetimeHours * 3600,
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

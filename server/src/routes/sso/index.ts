import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SsoDiscoveryBody, SsoDiscoveryResult, SsoLoginOptions, SsoSettings, UpdateSsoSettingsBody } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { SsoClients } from '../../services/sso/client.ts';
import { beginSignIn, finishSignIn } from '../../services/sso/flow.ts';
import { resolveSsoUser, SsoSignInError } from '../../services/sso/identities.ts';
import { safeReturnTo } from '../../services/sso/returnTo.ts';
import { loadSsoSettings, loginOptions, saveSsoSettings, toSsoSettings } from '../../services/sso/settings.ts';
import { openState, SSO_STATE_COOKIE, SSO_STATE_TTL_MS } from '../../services/sso/stateCookie.ts';
import { errors } from '../common.ts';

const CALLBACK_PATH = '/api/auth/sso/callback';
const STATE_COOKIE_PATH = '/api/auth/sso';

/**
 * This server's callback URL, which the admin registers at the provider: under FORMLOOM_PUBLIC_URL
 * when set (several servers behind one name), else the address the admin's browser used.
 */
function redirectUriFor(request: FastifyRequest): string {
  const base = process.env.FORMLOOM_PUBLIC_URL || `${request.protocol}://${request.host}`;
  return base.replace(/\/+$/, '') + CALLBACK_PATH;
}

function loginErrorUrl(code: string, returnTo: string | null): string {
  const params = new URLSearchParams({ sso_error: code });
  if (returnTo && returnTo !== '/') params.set('next', returnTo);
  return `/login?${params}`;
}

const Redirect = z.null().describe('302 with a Location header');

/** Single sign-on with OpenID Connect: admin settings, the public sign-in flow and the login page's options. */
export const ssoRoutes: FastifyPluginAsyncZod = async (app) => {
  const clients = new SsoClients(app.outbound, app.secretBox);

  const clearStateCookie = (reply: FastifyReply) => reply.clearCookie(SSO_STATE_COOKIE, { path: STATE_COOKIE_PATH });

  app.get(
    '/api/sso/settings',
    {
      schema: {
        tags: ['sso'],
        summary: 'Single sign-on settings (admin; the client secret is never returned)',
        response: { 200: SsoSettings, ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'see the single sign-on settings');
      return toSsoSettings(await loadSsoSettings(app.db), redirectUriFor(request));
    },
  );

  app.put(
    '/api/sso/settings',
    {
      schema: {
        tags: ['sso'],
        summary: 'Change the single sign-on settings (admin)',
        body: UpdateSsoSettingsBody,
        response: { 200: SsoSettings, ...errors(403, 422) },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      requireRole(actor, ['admin'], 'change the single sign-on settings');
      const stored = await app.db.transaction(async (trx) => {
        const saved = await saveSsoSettings(trx, app.secretBox, request.body, actor.id);
        if (saved.changed.length > 0) {
          await recordAudit(trx, {
            action: 'sso.settings_changed',
            actorId: actor.id,
            targetType: 'settings',
            targetId: 'sso',
            ip: request.ip,
            details: { changed: saved.changed, enabled: saved.stored.enabled, issuer: saved.stored.issuer || null },
          });
        }
        return saved.stored;
      });
      clients.clear();
      return toSsoSettings(stored, redirectUriFor(request));
    },
  );

  app.post(
    '/api/sso/settings/discovery',
    {
      schema: {
        tags: ['sso'],
        summary: "Test discovery: read the issuer's /.well-known/openid-configuration (admin)",
        body: SsoDiscoveryBody,
        response: { 200: SsoDiscoveryResult, ...errors(403, 422) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'test single sign-on discovery');
      const issuer = request.body.issuer ?? (await loadSsoSettings(app.db)).issuer;
      if (!issuer) throw new UnprocessableError('sso_incomplete', 'Type the issuer URL first.');
      return clients.discoveryReport(issuer);
    },
  );

  app.get(
    '/api/auth/sso',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether the login page offers single sign-on, and the provider name',
        response: { 200: SsoLoginOptions, ...errors() },
      },
    },
    async () => loginOptions(await loadSsoSettings(app.db)),
  );

  app.get(
    '/api/auth/sso/start',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Start signing in with the identity provider (302 to it; errors 302 to /login?sso_error=<code>)',
        querystring: z.object({ returnTo: z.string().max(2000).optional() }),
        response: { 302: Redirect, ...errors() },
      },
    },
    async (request, reply) => {
      const returnTo = safeReturnTo(request.query.returnTo);
      if (returnTo === null) return reply.redirect(loginErrorUrl('invalid_return_to', null), 302);
      const settings = await loadSsoSettings(app.db);
      if (!settings.enabled) return reply.redirect(loginErrorUrl('sso_disabled', returnTo), 302);
      try {
        const { location, sealedState } = await beginSignIn(clients, app.secretBox, settings, returnTo, redirectUriFor(request));
        reply.setCookie(SSO_STATE_COOKIE, sealedState, {
          httpOnly: true,
          // Lax: the provider's redirect back is a top-level GET, which Lax cookies accompany.
          sameSite: 'lax',
          path: STATE_COOKIE_PATH,
          secure: request.protocol === 'https',
          maxAge: SSO_STATE_TTL_MS / 1000,
        });
        return reply.redirect(location, 302);
      } catch (err) {
        if (!(err instanceof SsoSignInError)) throw err;
        request.log.warn({ code: err.code, err: err.message }, 'single sign-on could not start');
        return reply.redirect(loginErrorUrl(err.code, returnTo), 302);
      }
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Where the identity provider sends the browser back (302 to returnTo signed in, or to /login?sso_error=<code>)',
        querystring: z.record(z.string(), z.string()),
        response: { 302: Redirect, ...errors() },
      },
    },
    async (request, reply) => {
      const state = openState(app.secretBox, request.cookies[SSO_STATE_COOKIE]);
      clearStateCookie(reply);
      const settings = await loadSsoSettings(app.db);
      try {
        if (!settings.enabled) throw new SsoSignInError('sso_disabled', 'Single sign-on is switched off.');
        if (!state) throw new SsoSignInError('state_mismatch', 'The sign-in expired or was not started in this browser; start again.');
        const profile = await finishSignIn(clients, settings, state, request.query);
        const { userId } = await resolveSsoUser(app.db, settings, profile, request.ip);
        await app.startSession(reply, request, userId);
        return reply.redirect(state.returnTo, 302);
      } catch (err) {
        if (!(err instanceof SsoSignInError)) throw err;
        request.log.warn({ code: err.code, err: err.message }, 'single sign-on refused');
        await recordAudit(app.db, {
          action: 'auth.login_failed',
          actorId: null,
          ip: request.ip,
          details: { method: 'sso', reason: err.code, message: err.message, issuer: settings.issuer || null },
        });
        return reply.redirect(loginErrorUrl(err.code, state?.returnTo ?? null), 302);
      }
    },
  );
};

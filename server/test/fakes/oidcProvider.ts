// oidc-provider ships no types; the few this file uses are declared beside it, for every program that imports it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * A real OpenID provider for the single sign-on tests: oidc-provider 8 on a loopback port, with one
 * confidential client (PKCE S256 required), accounts the test defines and a tiny sign-in page of its
 * own. Tests either pick who signs in next (`signInAs`, non-interactive: the API tests drive the
 * redirects with fetch) or leave it to the page's form (Chromium types an email and password).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface FakeAccount {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  password?: string;
}

export interface FakeOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The next sign-in at the provider is this account, without a page; null shows the form. */
  signInAs(sub: string | null): void;
  /** The next sign-in ends with access_denied, as if the person pressed Cancel. */
  denyNext(): void;
  addAccount(account: FakeAccount): void;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Test provider sign-in</title></head><body style="font-family:sans-serif;max-width:24rem;margin:3rem auto">
<h1>Test identity provider</h1>${error ? `<p role="alert" style="color:#b00">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Email <input name="email" type="email" autocomplete="username" required></label><br>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label><br>
<button type="submit">Sign in at provider</button></form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeOidcProvider(opts: { redirectUris: string[]; accounts?: FakeAccount[] }): Promise<FakeOidcProvider> {
  const accounts = new Map<string, FakeAccount>();
  for (const a of opts.accounts ?? []) accounts.set(a.sub, a);
  let nextSub: string | null = null;
  let denyNext = false;
  const clientId = 'formloom-test';
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}`;

  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['fake-provider-cookie-key'] },
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          ...(account.email !== undefined ? { email: account.email, email_verified: account.emailVerified ?? false } : {}),
          ...(account.name !== undefined ? { name: account.name } : {}),
        }),
      };
    },
  });
  const oidcCallback = provider.callback();

  /** Signs the account in and consents to what the client asked for, in one step. */
  const finish = async (req: http.IncomingMessage, res: http.ServerResponse, accountId: string) => {
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id! });
    grant.addOIDCScope(details.params.scope ?? 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };

  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse, uid: string, submit: boolean) => {
    if (denyNext) {
      denyNext = false;
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled' });
      return;
    }
    if (!submit) {
      if (nextSub) {
        const sub = nextSub;
        nextSub = null;
        await finish(req, res, sub);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, null));
      return;
    }
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const account = [...accounts.values()].find((a) => a.email?.toLowerCase() === email && a.password === form.get('password'));
    if (!account) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid, 'Wrong email or password.'));
      return;
    }
    await finish(req, res, account.sub);
  };

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
    if (!m) return oidcCallback(req, res);
    const submit = Boolean(m[2]) && req.method === 'POST';
    interaction(req, res, m[1]!, submit).catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${err.message}`);
    });
  };

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (sub) => {
      nextSub = sub;
    },
    denyNext: () => {
      denyNext = true;
    },
    addAccount: (account) => accounts.set(account.sub, account),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The sign-in itself (authorization code + PKCE S256, state and nonce): `beginSignIn` makes the
 * provider URL and the sealed state; `finishSignIn` checks the callback against that state,
 * exchanges the code, validates the ID token (openid-client: signature, issuer, audience, expiry,
 * nonce) and reads who the person is.
 */
import * as oidc from 'openid-client';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { SsoClients } from './client.ts';
import { describeProviderError } from './client.ts';
import { SsoSignInError, type ProviderProfile } from './identities.ts';
import type { StoredSsoSettings } from './settings.ts';
import { SSO_STATE_TTL_MS, sealState, type SsoState } from './stateCookie.ts';

export async function beginSignIn(
  clients: SsoClients,
  box: SecretBox,
  settings: StoredSsoSettings,
  returnTo: string,
  redirectUri: string,
): Promise<{ location: string; sealedState: string }> {
  let config: oidc.Configuration;
  try {
    config = await clients.forSettings(settings);
  } catch (err) {
    throw new SsoSignInError('provider_unreachable', `The identity provider could not be reached: ${describeProviderError(err)}`);
  }
  const state: SsoState = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    returnTo,
    redirectUri,
    issuer: settings.issuer,
    expiresAt: Date.now() + SSO_STATE_TTL_MS,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes.join(' '),
    code_challenge: await oidc.calculatePKCECodeChallenge(state.codeVerifier),
    code_challenge_method: 'S256',
    state: state.state,
    nonce: state.nonce,
  });
  return { location: url.href, sealedState: sealState(box, state) };
}

function claimString(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** Some providers send `"true"` as a string. */
const isTrue = (value: unknown) => value === true || value === 'true';

export async function finishSignIn(
  clients: SsoClients,
  settings: StoredSsoSettings,
  state: SsoState,
  query: Record<string, string | undefined>,
): Promise<ProviderProfile> {
  if (query.error) {
    const said = query.error_description ? `: ${query.error_description}` : '';
    throw new SsoSignInError('provider_error', `The identity provider did not sign you in (${query.error}${said}).`);
  }
  if (!query.state || query.state !== state.state || state.issuer !== settings.issuer) {
    throw new SsoSignInError('state_mismatch', 'This sign-in does not match the one this browser started; start again.');
  }
  let config: oidc.Configuration;
  try {
    config = await clients.forSettings(settings);
  } catch (err) {
    throw new SsoSignInError('provider_unreachable', `The identity provider could not be reached: ${describeProviderError(err)}`);
  }
  const currentUrl = new URL(state.redirectUri);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) currentUrl.searchParams.set(k, v);

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: state.codeVerifier,
      expectedState: state.state,
      expectedNonce: state.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw new SsoSignInError('token_invalid', `The provider's answer could not be accepted: ${describeProviderError(err)}`);
  }
  const idClaims = tokens.claims() as Record<string, unknown> | undefined;
  if (!idClaims || typeof idClaims.sub !== 'string') throw new SsoSignInError('token_invalid', 'The provider sent no ID token.');

  let claims: Record<string, unknown> = idClaims;
  const missing = !claimString(idClaims, settings.emailClaim) || !claimString(idClaims, settings.nameClaim);
  if (missing && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...Object.fromEntries(Object.entries(idClaims).filter(([, v]) => v !== undefined && v !== null)) };
    } catch (err) {
      throw new SsoSignInError('token_invalid', `The provider's userinfo answer could not be accepted: ${describeProviderError(err)}`);
    }
  }
  const email = claimString(claims, settings.emailClaim);
  return {
    issuer: config.serverMetadata().issuer,
    subject: idClaims.sub,
    email: email && /^[^@\s]+@[^@\s]+$/.test(email) ? email : null,
    emailVerified: isTrue(claims.email_verified),
    name: claimString(claims, settings.nameClaim),
  };
}

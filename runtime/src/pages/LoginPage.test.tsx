import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../api/errors.ts';
import { apiError, fakeApi, session } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';
import { safeNext, ssoErrorOf } from './LoginPage.tsx';

const signedOut = () => Promise.reject(apiError({ statusCode: 401, code: 'unauthenticated' }));

async function fillAndSubmit(email = 'mei@example.com', password = 'wrong-pass') {
  await userEvent.type(await screen.findByLabelText(/email|電郵/i), email);
  await userEvent.type(screen.getByLabelText(/password|密碼/i), password);
  await userEvent.click(screen.getByRole('button', { name: /sign in|登入/i }));
}

describe('LoginPage', () => {
  it('shows the server’s invalid_credentials error in place and keeps the email', async () => {
    const api = fakeApi({
      me: signedOut,
      login: () => Promise.reject(apiError({ statusCode: 401, code: 'invalid_credentials' })),
    });
    renderApp('/login', { api });
    await fillAndSubmit();
    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is wrong');
    expect(api.login).toHaveBeenCalledWith('mei@example.com', 'wrong-pass');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('mei@example.com');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('turns 429 Retry-After into whole minutes', async () => {
    const api = fakeApi({
      me: signedOut,
      login: () => Promise.reject(apiError({ statusCode: 429, code: 'too_many_attempts' }, 125)),
    });
    renderApp('/login', { api });
    await fillAndSubmit();
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts, try again in 3 minutes');
  });

  it('says so in Traditional Chinese too, and reports a network failure', async () => {
    const api = fakeApi({ me: signedOut, login: () => Promise.reject(new NetworkError(new TypeError('offline'))) });
    renderApp('/login', { api, locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: '登入 Formloom' })).toBeTruthy();
    await fillAndSubmit();
    expect((await screen.findByRole('alert')).textContent).toContain('未能連線到伺服器');
  });

  it('signs in and goes where the person was heading', async () => {
    const api = fakeApi({ me: signedOut, login: () => Promise.resolve(session()), listApps: () => Promise.resolve([]) });
    const { history } = renderApp('/login?next=%2Ftemplates', { api });
    await fillAndSubmit('mei@example.com', 'right-pass');
    await waitFor(() => expect(history.location().pathname).toBe('/templates'));
  });

  it('sends a signed-out visitor to /login with the page to come back to', async () => {
    const api = fakeApi({ me: signedOut });
    const { history } = renderApp('/f/form1/submissions', { api });
    await waitFor(() => expect(history.location().pathname).toBe('/login'));
    expect(history.location().search).toBe('?next=%2Ff%2Fform1%2Fsubmissions');
  });

  it('never redirects off-site after sign-in', () => {
    expect(safeNext('?next=%2Fapps%2Fa1')).toBe('/apps/a1');
    expect(safeNext('?next=https%3A%2F%2Fevil.example')).toBe('/');
    expect(safeNext('?next=%2F%2Fevil.example')).toBe('/');
    expect(safeNext('')).toBe('/');
  });

  it('knows the single sign-on error codes and nothing else', () => {
    expect(ssoErrorOf('?sso_error=account_disabled')).toBe('account_disabled');
    expect(ssoErrorOf('?sso_error=%3Cscript%3E')).toBe('unknown');
    expect(ssoErrorOf('?next=%2F')).toBeNull();
  });
});

/** The fake API plus the raw `request` the SSO calls use, answering GET /api/auth/sso. */
function withSso(options: unknown, overrides: Parameters<typeof fakeApi>[0] = {}) {
  const request = vi.fn((method: string, path: string) =>
    method === 'GET' && path === '/api/auth/sso' ? Promise.resolve(options) : Promise.reject(new Error(`unexpected ${method} ${path}`)),
  );
  return { ...fakeApi({ me: signedOut, ...overrides }), request };
}

const contoso = { enabled: true, displayName: { en: 'Contoso ID', 'zh-Hant': 'Contoso 帳戶' } };

describe('LoginPage with single sign-on', () => {
  it('offers the provider first, with the page to come back to, and keeps the password form one click away', async () => {
    const api = withSso(contoso, { login: () => Promise.resolve(session()), listApps: () => Promise.resolve([]) });
    const { history } = renderApp('/login?next=%2Fapps%2Fa1', { api });
    const button = await screen.findByRole('link', { name: 'Sign in with Contoso ID' });
    expect(button.getAttribute('href')).toBe('/api/auth/sso/start?returnTo=%2Fapps%2Fa1');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in with email and password' }));
    await fillAndSubmit('mei@example.com', 'right-pass');
    await waitFor(() => expect(history.location().pathname).toBe('/apps/a1'));
  });

  it('names the provider in Traditional Chinese', async () => {
    renderApp('/login', { api: withSso(contoso), locale: 'zh-Hant' });
    expect((await screen.findByRole('link', { name: '使用Contoso 帳戶登入' })).getAttribute('href')).toBe(
      '/api/auth/sso/start?returnTo=%2F',
    );
  });

  it('explains why the provider sign-in failed', async () => {
    renderApp('/login?sso_error=domain_not_allowed', { api: withSso(contoso) });
    expect((await screen.findByRole('alert')).textContent).toContain('Your email address is not one this organisation accepts');
  });

  it('says to use the button when password sign-in is switched off for the person', async () => {
    const api = withSso(contoso, { login: () => Promise.reject(apiError({ statusCode: 403, code: 'password_login_disabled' })) });
    renderApp('/login', { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in with email and password' }));
    await fillAndSubmit('mei@example.com', 'right-pass');
    expect((await screen.findByRole('alert')).textContent).toBe('Your account signs in with Contoso ID; use the button above.');
  });

  it('shows only the password form when single sign-on is off', async () => {
    renderApp('/login', { api: withSso({ enabled: false, displayName: null }) });
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).toBeNull();
  });

  it('shows the password form when the single sign-on options cannot be read', async () => {
    const failing = { ...fakeApi({ me: signedOut }), request: vi.fn(() => Promise.reject(new NetworkError(new TypeError('offline')))) };
    renderApp('/login', { api: failing });
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(failing.request).toHaveBeenCalledWith('GET', '/api/auth/sso');
  });
});

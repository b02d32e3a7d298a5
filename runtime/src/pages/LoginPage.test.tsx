import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../api/errors.ts';
import { apiError, fakeApi, session } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';
import { safeNext } from './LoginPage.tsx';

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
});

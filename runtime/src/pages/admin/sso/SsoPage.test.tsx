import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi, session } from '../../../test/fakeApi.ts';
import { renderApp } from '../../../test/renderApp.tsx';
import type { SsoSettings } from './ssoApi.ts';

const stored: SsoSettings = {
  enabled: false,
  displayName: { en: 'company account', 'zh-Hant': '公司帳戶' },
  issuer: '',
  clientId: '',
  scopes: ['openid', 'email', 'profile'],
  emailClaim: 'email',
  nameClaim: 'name',
  defaultRole: 'member',
  allowedEmailDomains: [],
  disablePasswordForSsoUsers: false,
  trustUnverifiedEmail: false,
  hasClientSecret: false,
  redirectUri: 'https://forms.example.hk/api/auth/sso/callback',
};

function ssoApi(handlers: Record<string, (body?: any) => Promise<unknown>>, role: 'admin' | 'member' = 'admin') {
  const request = vi.fn((method: string, path: string, body?: unknown) => {
    const handler = handlers[`${method} ${path}`];
    return handler ? handler(body) : Promise.reject(new Error(`unexpected ${method} ${path}`));
  });
  return { ...fakeApi({ me: () => Promise.resolve(session({ role })) }), request };
}

describe('/admin/sso', () => {
  it('tests discovery, then saves the provider with a secret that is never shown again', async () => {
    const api = ssoApi({
      'GET /api/sso/settings': () => Promise.resolve(stored),
      'POST /api/sso/settings/discovery': () =>
        Promise.resolve({
          issuer: 'https://login.contoso.example',
          authorizationEndpoint: 'https://login.contoso.example/auth',
          tokenEndpoint: 'https://login.contoso.example/token',
          userinfoEndpoint: null,
          scopesSupported: ['openid', 'email'],
          claimsSupported: [],
          supportsPkceS256: true,
        }),
      'PUT /api/sso/settings': (body) => Promise.resolve({ ...stored, ...body, clientSecret: undefined, hasClientSecret: true }),
    });
    renderApp('/admin/sso', { api });
    expect(await screen.findByText('https://forms.example.hk/api/auth/sso/callback')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Issuer URL', { exact: true }), 'https://login.contoso.example');
    await userEvent.click(screen.getByRole('button', { name: 'Test discovery' }));
    expect(await screen.findByText('The provider answered and supports PKCE (S256).')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Client ID'), 'formloom');
    await userEvent.type(screen.getByLabelText('Client secret'), 's3cret');
    await userEvent.type(screen.getByLabelText('Allowed email domains'), '@Contoso.example, contoso.hk');
    await userEvent.click(screen.getByRole('checkbox', { name: /Offer single sign-on/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Single sign-on settings saved.')).toBeTruthy();
    const put = api.request.mock.calls.find(([m]) => m === 'PUT')!;
    expect(put[2]).toMatchObject({
      enabled: true,
      issuer: 'https://login.contoso.example',
      clientId: 'formloom',
      clientSecret: 's3cret',
      allowedEmailDomains: ['contoso.example', 'contoso.hk'],
    });
    // The secret field is empty again and says one is stored.
    expect((screen.getByLabelText('Client secret') as HTMLInputElement).value).toBe('');
    expect(screen.getByText(/A secret is stored encrypted/)).toBeTruthy();
  });

  it('says why a save was refused, in the page language', async () => {
    const api = ssoApi({
      'GET /api/sso/settings': () => Promise.resolve(stored),
      'PUT /api/sso/settings': () => Promise.reject(apiError({ statusCode: 422, code: 'sso_incomplete' })),
    });
    renderApp('/admin/sso', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('button', { name: '儲存' }));
    expect((await screen.findByRole('alert')).textContent).toContain('開啟單一登入前，請先填寫發行者網址及用戶端 ID。');
  });

  it('is for admins only', async () => {
    const api = ssoApi({}, 'member');
    renderApp('/admin/sso', { api });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Only admins can change single sign-on.'));
    expect(api.request).not.toHaveBeenCalledWith('GET', '/api/sso/settings');
  });
});

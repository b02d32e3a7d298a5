import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { app, appPermissions, fakeApi, publishedForm, session } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';
import health from '../test/fixtures/healthDeclaration.json';

const template = {
  id: 'health-declaration',
  name: { en: 'Daily health declaration', 'zh-Hant': '每日健康申報' },
  description: { en: 'Staff declare their temperature.', 'zh-Hant': '員工申報體溫。' },
  forms: [{ key: 'health-declaration', name: { en: 'Daily health declaration', 'zh-Hant': '每日健康申報' } }],
};

describe('home, templates and app pages', () => {
  it('lists the user’s apps; members get no Templates entry', async () => {
    const api = fakeApi({ listApps: () => Promise.resolve([app()]) });
    renderApp('/', { api });
    expect((await screen.findByRole('link', { name: /Health declarations/ })).getAttribute('href')).toBe('/apps/app1');
    expect(screen.queryByRole('link', { name: /Templates/ })).toBeNull();
    expect(screen.getByText('Chan Mei')).toBeTruthy();
  });

  it('builders see Templates, install one and land in the new app', async () => {
    const api = fakeApi({
      me: () => Promise.resolve(session({ role: 'builder' })),
      listTemplates: () => Promise.resolve([template]),
      installTemplate: () => Promise.resolve({ app: app({ id: 'new-app' }), forms: [] }),
      getApp: () => Promise.resolve(app({ id: 'new-app', permissions: appPermissions({ canEdit: true }) })),
      listForms: () => Promise.resolve([publishedForm(health)]),
    });
    const { history } = renderApp('/', { api, locale: 'zh-Hant' });
    await userEvent.click((await screen.findAllByRole('link', { name: '範本' }))[0]);
    await userEvent.click(await screen.findByRole('button', { name: '安裝「每日健康申報」' }));
    expect(api.installTemplate).toHaveBeenCalledWith('health-declaration');
    await waitFor(() => expect(history.location().pathname).toBe('/apps/new-app'));
    // The app page lists its forms by their localized title, with Fill and Submissions.
    expect((await screen.findByRole('link', { name: '填寫「每日健康申報」' })).getAttribute('href')).toBe('/f/form1');
    expect(screen.getByRole('link', { name: '「每日健康申報」的提交記錄' }).getAttribute('href')).toBe('/f/form1/submissions');
    // Its editor, a builder, reaches the form's webhooks and connector mappings from here.
    expect(screen.getByRole('link', { name: '「每日健康申報」的整合' }).getAttribute('href')).toBe('/integrations?formId=form1');
  });

  it('offers no Integrations link to someone who cannot edit the app', async () => {
    const api = fakeApi({
      me: () => Promise.resolve(session({ role: 'builder' })), // a builder, but without edit rights in this app
      getApp: () => Promise.resolve(app()),
      listForms: () => Promise.resolve([publishedForm(health)]),
    });
    renderApp('/apps/app1', { api });
    expect(await screen.findByRole('link', { name: /Submissions/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Integrations of/ })).toBeNull();
  });

  it('switches language from the header and remembers it', async () => {
    const api = fakeApi({ listApps: () => Promise.resolve([]) });
    const { stored } = renderApp('/', { api });
    expect(await screen.findByRole('heading', { name: 'Your apps' })).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Language'), '繁體中文');
    expect(await screen.findByRole('heading', { name: '你的應用程式' })).toBeTruthy();
    expect(stored['formloom.locale']).toBe('zh-Hant');
    expect(document.documentElement.lang).toBe('zh-Hant-HK');
  });

  it('logs out and returns to the sign-in page', async () => {
    const api = fakeApi({ listApps: () => Promise.resolve([]) });
    const { history } = renderApp('/', { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(api.logout).toHaveBeenCalled();
    await waitFor(() => expect(history.location().pathname).toBe('/login'));
    expect(await screen.findByRole('heading', { name: 'Sign in to Formloom' })).toBeTruthy();
  });

  it('shows a page-not-found for unknown addresses', async () => {
    renderApp('/nowhere', { api: fakeApi() });
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});

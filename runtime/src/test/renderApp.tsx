import { render } from '@testing-library/react';
import { App } from '../App.tsx';
import type { ApiClient } from '../api/client.ts';
import { createDefaultFormKit } from '../form/defaultFormKit.ts';
import { once } from '../form/FormKit.tsx';
import { createI18n } from '../i18n/createI18n.ts';
import type { Locale } from '../i18n/locale.ts';
import { createMemoryHistory } from '../router/history.ts';

// Compiling ajv validators is the slow part of a form test: share one kit across a file's tests.
const sharedKit = once(() => Promise.resolve(createDefaultFormKit()));

/** Renders the whole app (routes, session, header) at `path`, with a fake API and a fresh i18n instance. */
export function renderApp(path: string, { api, locale = 'en' }: { api: ApiClient; locale?: Locale }) {
  const history = createMemoryHistory(path);
  const i18n = createI18n(locale);
  const stored: Record<string, string> = {};
  const storage = { setItem: (k: string, v: string) => void (stored[k] = v) };
  const utils = render(<App api={api} i18n={i18n} history={history} loadFormKit={sharedKit} storage={storage} />);
  return { ...utils, history, i18n, stored };
}

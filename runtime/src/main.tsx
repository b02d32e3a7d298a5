import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createHttpClient } from './api/client.ts';
import { once } from './form/FormKit.tsx';
import { createI18n } from './i18n/createI18n.ts';
import { initialLocale } from './i18n/locale.ts';
import { createIdbOfflineStores } from './offline/idbOutboxStore.ts';
import { rememberSession } from './offline/rememberSession.ts';
import { registerServiceWorker } from './offline/serviceWorker.ts';
import { createBrowserHistory } from './router/history.ts';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked (privacy settings, sandboxed iframe)
  }
}

const storage = localStorageOrNull();
const i18n = createI18n(initialLocale(storage, navigator.languages ?? [navigator.language]));
const offline = createIdbOfflineStores();
const loadFormKit = once(() => import('./form/defaultFormKit.ts').then((m) => m.createDefaultFormKit()));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App
      api={rememberSession(createHttpClient({ language: () => i18n.language }), storage)}
      i18n={i18n}
      history={createBrowserHistory()}
      loadFormKit={loadFormKit}
      storage={storage}
      outboxStore={offline.outbox}
      localFileStore={offline.files}
    />
  </StrictMode>,
);

registerServiceWorker();

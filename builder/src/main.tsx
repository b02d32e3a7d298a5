import '@formloom/runtime/styles.css';
import './builder.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserHistory, createHttpClient, createI18n, initialLocale, once } from '@formloom/runtime';
import { BuilderApp } from './BuilderApp.tsx';
import en from './i18n/en.json';
import zhHant from './i18n/zh-Hant.json';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = localStorageOrNull();
// One language setting for the whole site: the runtime and the designer read the same key.
const i18n = createI18n(initialLocale(storage, navigator.languages ?? [navigator.language]), { en, 'zh-Hant': zhHant });
const loadFormKit = once(() => import('@formloom/runtime/formKit').then((m) => m.createDefaultFormKit()));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BuilderApp
      http={createHttpClient({ language: () => i18n.language })}
      i18n={i18n}
      history={createBrowserHistory()}
      loadFormKit={loadFormKit}
      storage={storage}
    />
  </StrictMode>,
);

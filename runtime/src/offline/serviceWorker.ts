/** The page's side of /sw.js (src/offline/sw/sw.ts): registering it and talking to it. */

const supported = () => import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator;

/** Installs the worker once the page has loaded (it then precaches the app, which should not slow the first paint). */
export function registerServiceWorker(): void {
  if (!supported()) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/**
 * Resolves once this page's requests go through the worker (at most `waitMs` later), so what the page fetches
 * next lands in its caches. On the first visit the worker takes control only after it installed.
 */
export function whenControlled(waitMs = 15_000): Promise<boolean> {
  if (!supported()) return Promise.resolve(false);
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => resolve(Boolean(navigator.serviceWorker.controller));
    navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
    setTimeout(done, waitMs);
  });
}

/**
 * Asks the browser not to evict this site's storage under pressure, once something unsent is in it (the
 * outbox must survive a full phone). Chromium decides without asking the person; a refusal changes nothing.
 */
export function keepStorage(): void {
  if (typeof navigator !== 'undefined') void navigator.storage?.persist?.().catch(() => false);
}

/** Drops the cached forms and lists (someone signed out: the next person on this phone must not see them). */
export function forgetCachedForms(): void {
  if (!supported()) return;
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'formloom:forget-forms' }));
}

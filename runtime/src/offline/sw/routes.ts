/**
 * How the service worker answers each request, decided from the method and URL alone so it can be
 * tested without a browser. Kept free of imports: the worker is bundled on its own.
 */
export type Strategy =
  /** Leave it to the browser (no respondWith): writes, other origins, sign-in, the designer. */
  | 'passThrough'
  /** A page load: the network, or the cached app shell when there is none. */
  | 'navigation'
  /** A file from the build (hashed name, never changes): the precache first. */
  | 'precached'
  /** Form documents and the lists that lead to them: the network, or the last copy when offline. */
  | 'formData';

/** The GET routes a person needs to reach and fill a form: apps, an app, its forms, a form. */
const FORM_DATA_ROUTES = [/^\/api\/apps$/, /^\/api\/apps\/[^/]+$/, /^\/api\/apps\/[^/]+\/forms$/, /^\/api\/forms\/[^/]+$/];

export function strategyFor(request: { method: string; url: string; mode?: string }, origin: string): Strategy {
  if (request.method !== 'GET') return 'passThrough';
  const url = new URL(request.url);
  if (url.origin !== origin) return 'passThrough';
  const path = url.pathname;
  // The designer is a desktop tool that needs the server anyway; sign-in answers must never be replayed.
  if (path === '/builder' || path.startsWith('/builder/') || path.startsWith('/api/auth/')) return 'passThrough';
  if (path.startsWith('/api/')) return url.search === '' && FORM_DATA_ROUTES.some((r) => r.test(path)) ? 'formData' : 'passThrough';
  if (request.mode === 'navigate') return 'navigation';
  return 'precached';
}

/** Cache names: the shell belongs to one build; form data outlives deploys and is dropped on sign-out. */
export const SHELL_CACHE_PREFIX = 'formloom-shell-';
export const FORM_DATA_CACHE = 'formloom-forms-v1';
export const SHELL_INDEX = '/index.html';

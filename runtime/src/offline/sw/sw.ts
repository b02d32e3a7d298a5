// The runtime's service worker, built as /sw.js (see vite.config.ts). It keeps the app usable without a
// connection: the shell from the precache, forms the person opened (or that were prefetched after sign-in)
// from the form-data cache. Submissions are not its job: the page keeps them in the IndexedDB outbox.
import { FORM_DATA_CACHE, SHELL_CACHE_PREFIX, SHELL_INDEX, strategyFor } from './routes.ts';

// The DOM lib has no service-worker types and the WebWorker lib clashes with it: the few parts used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableEvent & { data: unknown }) => void): void;
}
const worker = self as unknown as WorkerScope;

/** Replaced at build time by the list of files the build wrote, with a version derived from their names. */
const PRECACHE: { version: string; files: string[] } = JSON.parse('__FORMLOOM_PRECACHE_MANIFEST__');
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${PRECACHE.version}`;

/** A page or form answer slower than this on a poor connection: show the saved copy instead of waiting. */
const NETWORK_TIMEOUT_MS = 6000;

worker.addEventListener('install', (event) => {
  // A new build takes over at once; its cache is complete before it does (addAll is all or nothing).
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.files))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request, worker.location.origin);
  if (strategy === 'passThrough') return;
  if (strategy === 'navigation') event.respondWith(networkFirst(event.request, null, () => caches.match(SHELL_INDEX)));
  else if (strategy === 'formData')
    event.respondWith(networkFirst(event.request, FORM_DATA_CACHE, () => caches.match(event.request, { ignoreVary: true })));
  else event.respondWith(precachedFirst(event.request));
});

// The page asks for this when someone signs out: the next person on this phone must not see their forms.
worker.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'formloom:forget-forms') event.waitUntil(caches.delete(FORM_DATA_CACHE));
});

/**
 * The network's answer (stored in `cacheName` when it is a 200), or the fallback when the network fails or
 * is too slow. Without a fallback the network's error stands, so the page sees what it would have seen.
 */
async function networkFirst(request: Request, cacheName: string | null, fallback: () => Promise<Response | undefined>): Promise<Response> {
  const fromNetwork = fetch(request).then(async (response) => {
    if (cacheName && response.status === 200) await (await caches.open(cacheName)).put(request, response.clone());
    return response;
  });
  try {
    return await Promise.race([fromNetwork, timeout(NETWORK_TIMEOUT_MS)]);
  } catch (error) {
    const saved = await fallback();
    if (saved) return saved;
    // Timed out with nothing saved: keep waiting for the network rather than failing early.
    return fromNetwork.catch(() => Promise.reject(error));
  }
}

async function precachedFirst(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms));
}

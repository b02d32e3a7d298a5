/** Where the app is: the part of the URL the router looks at. */
export interface RouterLocation {
  pathname: string;
  search: string;
}

/** The browser's history, or an in-memory one for tests: the router only needs these four things. */
export interface RouterHistory {
  location(): RouterLocation;
  push(to: string): void;
  replace(to: string): void;
  /** Calls `listener` after every navigation, including Back/Forward; returns an unsubscribe function. */
  listen(listener: () => void): () => void;
}

function split(to: string): RouterLocation {
  const url = new URL(to, 'http://x');
  return { pathname: url.pathname, search: url.search };
}

export function createBrowserHistory(win: Window = window): RouterHistory {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  // Snapshot kept stable between navigations, as useSyncExternalStore requires.
  let current: RouterLocation = { pathname: win.location.pathname, search: win.location.search };
  const refresh = () => {
    current = { pathname: win.location.pathname, search: win.location.search };
    notify();
  };
  win.addEventListener('popstate', refresh);
  return {
    location: () => current,
    push(to) {
      win.history.pushState(null, '', to);
      win.scrollTo?.(0, 0);
      refresh();
    },
    replace(to) {
      win.history.replaceState(null, '', to);
      refresh();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createMemoryHistory(initial = '/'): RouterHistory & { entries: RouterLocation[] } {
  const listeners = new Set<() => void>();
  const entries = [split(initial)];
  return {
    entries,
    location: () => entries[entries.length - 1],
    push(to) {
      entries.push(split(to));
      listeners.forEach((l) => l());
    },
    replace(to) {
      entries[entries.length - 1] = split(to);
      listeners.forEach((l) => l());
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

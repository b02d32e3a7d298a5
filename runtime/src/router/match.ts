export type RouteParams = Record<string, string>;

/**
 * Matches `/f/:formId/submissions`-style patterns against a pathname: exact segment count, `:name`
 * captures one decoded segment, a trailing slash is ignored. Returns the captures or null.
 */
export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const want = segments(pattern);
  const got = segments(pathname);
  if (want.length !== got.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null; // malformed %-escape: not a match rather than a crash
      }
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

const segments = (path: string) => path.split('/').filter(Boolean);

export interface Route<T> {
  path: string;
  value: T;
}

/** The first route whose pattern matches, with its params. */
export function resolveRoute<T>(routes: readonly Route<T>[], pathname: string): { route: Route<T>; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/**
 * Where a sign-in may send the browser afterwards: a path on this site only. Anything that a
 * browser could read as another origin (`//evil.example`, `/\evil.example`, `https:…`, control
 * characters that some parsers drop) is refused, so /api/auth/sso/start cannot become an open redirect.
 */
const BASE = 'http://formloom.invalid';

export function safeReturnTo(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return '/';
  if (raw.length > 2000 || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = url.pathname + url.search + url.hash;
  // Back to the login page would only show the login page again.
  if (url.pathname === '/login' || url.pathname.startsWith('/api/')) return '/';
  return path;
}

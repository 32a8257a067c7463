// Where the login page leads back to: the page that asked for a session, carried in the login
// page's address (`/login?next=/deliveries/…`) so that it survives a reload of the login page,
// e.g. on a phone that opened a parcel's QR code and went to its password manager meanwhile.

/** A path of this app to go back to: local, not the login page itself, not the API. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  // Control characters and spaces never appear in the app's own paths.
  if (/[\u0000-\u0020\u007f]/.test(value)) return null;
  const path = value.split(/[?#]/)[0];
  if (path === '/login' || path.startsWith('/login/') || path.startsWith('/api/')) return null;
  return value;
}

/** The login page's address for a page that needs a session; the home page needs no `next`. */
export function loginPath(from: string): string {
  const next = safeNext(from);
  if (!next || next === '/') return '/login';
  return `/login?next=${encodeURIComponent(next)}`;
}

/** The page to open after logging in, from the login page's query string. */
export function nextFromSearch(search: string): string | null {
  return safeNext(new URLSearchParams(search).get('next'));
}

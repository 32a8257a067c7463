// The app's routes: which page a URL path shows. Pure, so that it can be tested without a browser.

export type Route =
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'organisations' }
  | { name: 'organisation_new' }
  | { name: 'organisation_import' }
  | { name: 'organisation'; id: number }
  | { name: 'users' }
  | { name: 'not_found' };

const fixed: Record<string, Route> = {
  '/login': { name: 'login' },
  '/': { name: 'home' },
  '/organisations': { name: 'organisations' },
  '/organisations/new': { name: 'organisation_new' },
  '/organisations/import': { name: 'organisation_import' },
  '/users': { name: 'users' },
};

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname || '/';
  const known = fixed[path];
  if (known) return known;
  const organisation = /^\/organisations\/([1-9][0-9]{0,15})$/.exec(path);
  if (organisation) return { name: 'organisation', id: Number(organisation[1]) };
  return { name: 'not_found' };
}

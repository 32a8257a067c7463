// The app's routes: which page a URL path shows. Pure, so that it can be tested without a browser.

export type Route =
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'organisations' }
  | { name: 'organisation_new' }
  | { name: 'organisation_import' }
  | { name: 'organisation'; id: number }
  | { name: 'users' }
  | { name: 'stock' }
  | { name: 'stock_import' }
  | { name: 'stock_status_report' }
  | { name: 'sim'; iccid: string }
  | { name: 'not_found' };

const fixed: Record<string, Route> = {
  '/login': { name: 'login' },
  '/': { name: 'home' },
  '/organisations': { name: 'organisations' },
  '/organisations/new': { name: 'organisation_new' },
  '/organisations/import': { name: 'organisation_import' },
  '/users': { name: 'users' },
  '/stock': { name: 'stock' },
  '/stock/import': { name: 'stock_import' },
  '/stock/status-report': { name: 'stock_status_report' },
};

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname || '/';
  const known = fixed[path];
  if (known) return known;
  const organisation = /^\/organisations\/([1-9][0-9]{0,15})$/.exec(path);
  if (organisation) return { name: 'organisation', id: Number(organisation[1]) };
  // An ICCID: 18 to 20 digits, the trailing F filler of some files tolerated.
  const sim = /^\/sims\/([0-9]{18,20}F?)$/.exec(path);
  if (sim) return { name: 'sim', iccid: sim[1] };
  return { name: 'not_found' };
}

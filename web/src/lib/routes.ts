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
  | { name: 'referrals' }
  | { name: 'referral_new' }
  | { name: 'referral'; id: number }
  | { name: 'requests' }
  | { name: 'request_new' }
  | { name: 'request_summary' }
  | { name: 'request'; id: number }
  | { name: 'request_edit'; id: number }
  | { name: 'allocation' }
  | { name: 'packing' }
  | { name: 'packing_order'; id: number }
  | { name: 'shipments' }
  | { name: 'shipment'; id: number }
  | { name: 'delivery'; token: string }
  | { name: 'incidents' }
  | { name: 'residents' }
  | { name: 'resident_new' }
  | { name: 'resident'; id: number }
  | { name: 'lines' }
  | { name: 'topups' }
  | { name: 'line_incidents' }
  | { name: 'results' }
  | { name: 'results_budget' }
  | { name: 'shared'; token: string }
  // Accounts (issue 14): one's own account, the API tokens, and the public page of a password
  // reset link (its token is in the address's fragment, which no server sees).
  | { name: 'account' }
  | { name: 'tokens' }
  | { name: 'reset' }
  | { name: 'not_found' };

const fixed: Record<string, Route> = {
  '/login': { name: 'login' },
  '/': { name: 'home' },
  '/organisations': { name: 'organisations' },
  '/organisations/new': { name: 'organisation_new' },
  '/organisations/import': { name: 'organisation_import' },
  '/users': { name: 'users' },
  '/account': { name: 'account' },
  '/tokens': { name: 'tokens' },
  '/reset': { name: 'reset' },
  '/stock': { name: 'stock' },
  '/stock/import': { name: 'stock_import' },
  '/stock/status-report': { name: 'stock_status_report' },
  '/referrals': { name: 'referrals' },
  '/referrals/new': { name: 'referral_new' },
  '/requests': { name: 'requests' },
  '/requests/new': { name: 'request_new' },
  '/requests/summary': { name: 'request_summary' },
  '/allocation': { name: 'allocation' },
  '/packing': { name: 'packing' },
  '/shipments': { name: 'shipments' },
  '/incidents': { name: 'incidents' },
  '/residents': { name: 'residents' },
  '/residents/new': { name: 'resident_new' },
  '/lines': { name: 'lines' },
  '/topups': { name: 'topups' },
  '/line-incidents': { name: 'line_incidents' },
  '/results': { name: 'results' },
  '/results/budget': { name: 'results_budget' },
};

/** A positive id as the API gives them: 1 to 16 digits, no leading zero. */
const ID = '([1-9][0-9]{0,15})';

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname || '/';
  const known = fixed[path];
  if (known) return known;
  const organisation = new RegExp(`^/organisations/${ID}$`).exec(path);
  if (organisation) return { name: 'organisation', id: Number(organisation[1]) };
  const referral = new RegExp(`^/referrals/${ID}$`).exec(path);
  if (referral) return { name: 'referral', id: Number(referral[1]) };
  const packingOrder = new RegExp(`^/packing/${ID}$`).exec(path);
  if (packingOrder) return { name: 'packing_order', id: Number(packingOrder[1]) };
  const resident = new RegExp(`^/residents/${ID}$`).exec(path);
  if (resident) return { name: 'resident', id: Number(resident[1]) };
  const shipment = new RegExp(`^/shipments/${ID}$`).exec(path);
  if (shipment) return { name: 'shipment', id: Number(shipment[1]) };
  // A parcel's delivery token, as printed in its QR code: URL-safe base64.
  const delivery = /^\/deliveries\/([A-Za-z0-9_-]{8,128})$/.exec(path);
  if (delivery) return { name: 'delivery', token: delivery[1] };
  // A share link's token: the public results page, opened without an account.
  const shared = /^\/shared\/([A-Za-z0-9_-]{8,64})$/.exec(path);
  if (shared) return { name: 'shared', token: shared[1] };
  const request = new RegExp(`^/requests/${ID}(/edit)?$`).exec(path);
  if (request) return { name: request[2] ? 'request_edit' : 'request', id: Number(request[1]) };
  // An ICCID: 18 to 20 digits, the trailing F filler of some files tolerated.
  const sim = /^\/sims\/([0-9]{18,20}F?)$/.exec(path);
  if (sim) return { name: 'sim', iccid: sim[1] };
  return { name: 'not_found' };
}

/** Pages anyone may open without logging in (a share link's public results, a reset link). */
export function isPublicRoute(route: Route): boolean {
  return route.name === 'shared' || route.name === 'reset';
}

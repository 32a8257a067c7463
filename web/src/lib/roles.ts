// What each role may see and do in the UI. The server enforces the same rules; this only decides
// which links and buttons to show.
import type { components } from './api-types';

export type Role = components['schemas']['OrganisationKind'];
export type StructureType = components['schemas']['StructureType'];

export const ROLES: readonly Role[] = [
  'coordinator',
  'funder',
  'operator',
  'logistics',
  'liaison',
  'structure',
  'association',
];

export const STRUCTURE_TYPES: readonly StructureType[] = ['CADA', 'HUDA', 'CPH', 'CAES', 'PRAHDA', 'other'];

export interface NavItem {
  /** i18n key under `nav.` and test id suffix. */
  key:
    | 'dashboard'
    | 'organisations'
    | 'my_organisation'
    | 'stock'
    | 'users'
    | 'referrals'
    | 'requests'
    | 'allocation'
    | 'packing'
    | 'shipments'
    | 'deliveries'
    | 'incidents'
    | 'residents'
    | 'needs_summary'
    // Lines in use (issue 12).
    | 'lines'
    | 'topups'
    | 'line_incidents'
    // Results (issue 13).
    | 'results';
  href: string;
}

export function navItems(role: Role, organisationId: number): NavItem[] {
  switch (role) {
    case 'coordinator':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'results', href: '/results' },
        { key: 'requests', href: '/requests' },
        { key: 'allocation', href: '/allocation' },
        { key: 'packing', href: '/packing' },
        { key: 'shipments', href: '/shipments' },
        { key: 'incidents', href: '/incidents' },
        { key: 'residents', href: '/residents' },
        { key: 'lines', href: '/lines' },
        { key: 'topups', href: '/topups' },
        { key: 'line_incidents', href: '/line-incidents' },
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
        { key: 'users', href: '/users' },
      ];
    case 'funder':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'results', href: '/results' },
        { key: 'needs_summary', href: '/requests/summary' },
        { key: 'my_organisation', href: `/organisations/${organisationId}` },
        { key: 'stock', href: '/stock' },
      ];
    case 'structure':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'residents', href: '/residents' },
        { key: 'lines', href: '/lines' },
        { key: 'requests', href: '/requests' },
        { key: 'referrals', href: '/referrals' },
        { key: 'deliveries', href: '/shipments' },
        { key: 'incidents', href: '/incidents' },
        { key: 'my_organisation', href: `/organisations/${organisationId}` },
      ];
    case 'liaison':
      return [
        { key: 'requests', href: '/requests' },
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
      ];
    case 'operator':
      return [
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
      ];
    case 'association':
      return [
        { key: 'referrals', href: '/referrals' },
        { key: 'organisations', href: '/organisations' },
      ];
    case 'logistics':
      return [
        { key: 'packing', href: '/packing' },
        { key: 'shipments', href: '/shipments' },
        { key: 'organisations', href: '/organisations' },
      ];
  }
}

/**
 * The navigation item a path belongs to: its own link, else the link whose pages it is under
 * (`/requests/4` under `/requests`, a card under the stock), the longest such link winning.
 */
export function activeNavHref(items: readonly NavItem[], path: string): string | null {
  if (items.some((i) => i.href === path)) return path;
  let best: string | null = null;
  for (const { href } of items) {
    if (href === '/') continue;
    const under =
      path.startsWith(`${href}/`) ||
      (href === '/stock' && path.startsWith('/sims/')) ||
      (href === '/shipments' && path.startsWith('/deliveries/'));
    if (under && (best === null || href.length > best.length)) best = href;
  }
  return best;
}

/** Roles whose home is the dashboard; the others start on the organisations directory. */
export function hasDashboard(role: Role): boolean {
  return role === 'coordinator' || role === 'structure' || role === 'funder';
}

/**
 * Where the role lands after logging in, on its work: the dashboard, its referrals, the
 * requests to endorse (liaison), the parcels to prepare (logistics), the stock and the files to
 * exchange (operator).
 */
export function homePath(role: Role): string {
  if (hasDashboard(role)) return '/';
  if (role === 'association') return '/referrals';
  if (role === 'liaison') return '/requests';
  if (role === 'logistics') return '/packing';
  if (role === 'operator') return '/stock';
  return '/organisations';
}

/** Kinds of organisation this role may create (the server refuses the others). */
export function creatableKinds(role: Role): readonly Role[] {
  if (role === 'coordinator') return ROLES;
  if (role === 'liaison') return ['structure'];
  return [];
}

export function canEditOrganisation(role: Role, kind: Role): boolean {
  return creatableKinds(role).includes(kind);
}

export function canImportStructures(role: Role): boolean {
  return role === 'coordinator' || role === 'liaison';
}

/** Roles that list the users and the API tokens, disable users and make reset links. */
export function canManageUsers(role: Role): boolean {
  return role === 'coordinator';
}

/** Roles that see the stock counts (the funder's are masked below 5). */
export function canSeeStock(role: Role): boolean {
  return role === 'coordinator' || role === 'operator' || role === 'funder' || role === 'liaison';
}

/** Roles that list and open SIM cards one by one (the operator its own only). */
export function canSeeSims(role: Role): boolean {
  return role === 'coordinator' || role === 'operator';
}

/** Roles that open a card's page: the coordinator, the card's operator, the structure holding it. */
export function canOpenSims(role: Role): boolean {
  return role === 'coordinator' || role === 'operator' || role === 'structure';
}

/**
 * Roles that exchange files with the operators: the activation requests to download and the status
 * reports to upload (the operator for itself only).
 */
export function canExchangeWithOperators(role: Role): boolean {
  return role === 'coordinator' || role === 'operator';
}

/** Roles that import SIM batches (the operator for itself only). */
export function canImportSims(role: Role): boolean {
  return role === 'coordinator' || role === 'operator';
}

/** Roles that refer people in need to a structure (the associations). */
export function canRefer(role: Role): boolean {
  return role === 'association';
}

/** Roles that list referrals: the association its own, a structure those sent to it, the coordinator all. */
export function canSeeReferrals(role: Role): boolean {
  return role === 'association' || role === 'structure' || role === 'coordinator';
}

/** Roles that see a referral's note (the association that wrote it, the structure it is sent to). */
export function canSeeReferralNotes(role: Role): boolean {
  return role === 'association' || role === 'structure';
}

/** Roles that close an open referral (their own, or one sent to them). */
export function canCloseReferrals(role: Role): boolean {
  return role === 'association' || role === 'structure';
}

/** Roles that ask for cards: the structures, for themselves. */
export function canWriteRequests(role: Role): boolean {
  return role === 'structure';
}

/** Roles that list requests: a structure its own, the liaison those to endorse, the coordinator all. */
export function canSeeRequests(role: Role): boolean {
  return role === 'structure' || role === 'liaison' || role === 'coordinator';
}

/** Roles that preview and apply the allocation of the stock. */
export function canAllocate(role: Role): boolean {
  return role === 'coordinator';
}

/** Roles that read the counts of requests and referrals (the funder's are masked below 5). */
export function canSeeNeedsSummary(role: Role): boolean {
  return role === 'coordinator' || role === 'liaison' || role === 'funder';
}

/** Roles that list packing orders: the coordinator all, logistics its own, a structure those sent to it. */
export function canSeePacking(role: Role): boolean {
  return role === 'coordinator' || role === 'logistics' || role === 'structure';
}

/** Roles that make the packing orders from the applied allocation. */
export function canPreparePacking(role: Role): boolean {
  return role === 'coordinator';
}

/** Roles that work at the packing station: scan, close, replace a defective card. */
export function canPack(role: Role): boolean {
  return role === 'coordinator' || role === 'logistics';
}

/** Roles that list shipments: the coordinator all, logistics its own, a structure those carrying its parcels. */
export function canSeeShipments(role: Role): boolean {
  return role === 'coordinator' || role === 'logistics' || role === 'structure';
}

/** Roles that put closed parcels in a shipment and send it (or take it back). */
export function canShip(role: Role): boolean {
  return role === 'coordinator' || role === 'logistics';
}

/** Roles that declare a shipment lost on the way. */
export function canDeclareShipmentLost(role: Role): boolean {
  return role === 'coordinator';
}

/** Roles that open a parcel's delivery page: the structure it is sent to, the coordinator. */
export function canSeeDeliveries(role: Role): boolean {
  return role === 'coordinator' || role === 'structure';
}

/** Roles that confirm what arrived: the structure the parcel is sent to. */
export function canConfirmDelivery(role: Role): boolean {
  return role === 'structure';
}

/** Roles that list delivery incidents: the coordinator all, a structure its own. */
export function canSeeIncidents(role: Role): boolean {
  return role === 'coordinator' || role === 'structure';
}

/** Roles that decide on an incident: lost, found, set aside. */
export function canReviewIncidents(role: Role): boolean {
  return role === 'coordinator';
}

/**
 * Roles that list and open residents: a structure its own, the coordinator every one (without
 * first name or contact). An association only learns the status of those it referred, on its
 * referrals, not here.
 */
export function canSeeResidents(role: Role): boolean {
  return role === 'structure' || role === 'coordinator';
}

/** Roles that record residents, their consents, hand lines over, export and erase: the structure. */
export function canWriteResidents(role: Role): boolean {
  return role === 'structure';
}

// --- Lines in use (issue 12) -------------------------------------------------------------------

/** Roles that list lines in use, their top-ups and their incidents: a structure its own, the coordinator all. */
export function canSeeLines(role: Role): boolean {
  return role === 'structure' || role === 'coordinator';
}

/**
 * Roles that run the programme's top-ups: approve or refuse a structure's, set the budget and the
 * follow-up settings, top up every active line at once.
 */
export function canManageTopups(role: Role): boolean {
  return role === 'coordinator';
}

/** Roles that ask the operator to block a line declared lost, stolen or defective. */
export function canRequestLineBlock(role: Role): boolean {
  return role === 'coordinator';
}

// --- Results (issue 13) ----------------------------------------------------------------------------

/** Roles that read a programme's results, export them and share them by a link. */
export function canSeeResults(role: Role): boolean {
  return role === 'coordinator' || role === 'funder';
}

/** Roles that set a programme's budget, funders and IATI profile (the funder reads them). */
export function canEditBudget(role: Role): boolean {
  return role === 'coordinator';
}

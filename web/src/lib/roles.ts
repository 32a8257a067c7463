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
  key: 'dashboard' | 'organisations' | 'my_organisation' | 'stock' | 'users';
  href: string;
}

export function navItems(role: Role, organisationId: number): NavItem[] {
  switch (role) {
    case 'coordinator':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
        { key: 'users', href: '/users' },
      ];
    case 'funder':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'my_organisation', href: `/organisations/${organisationId}` },
        { key: 'stock', href: '/stock' },
      ];
    case 'structure':
      return [
        { key: 'dashboard', href: '/' },
        { key: 'my_organisation', href: `/organisations/${organisationId}` },
      ];
    case 'liaison':
    case 'operator':
      return [
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
      ];
    case 'logistics':
    case 'association':
      return [{ key: 'organisations', href: '/organisations' }];
  }
}

/** Roles whose home is the dashboard; the others start on the organisations directory. */
export function hasDashboard(role: Role): boolean {
  return role === 'coordinator' || role === 'structure' || role === 'funder';
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

import { describe, expect, it } from 'vitest';
import { ROLES } from './roles';
import {
  activeNavHref,
  canAllocate,
  canCloseReferrals,
  canConfirmDelivery,
  canDeclareShipmentLost,
  canEditOrganisation,
  canExchangeWithOperators,
  canImportSims,
  canImportStructures,
  canManageUsers,
  canOpenSims,
  canPack,
  canPreparePacking,
  canRefer,
  canReviewIncidents,
  canSeeDeliveries,
  canSeeIncidents,
  canSeeNeedsSummary,
  canSeePacking,
  canSeeReferralNotes,
  canSeeReferrals,
  canSeeRequests,
  canSeeResidents,
  canSeeShipments,
  canSeeSims,
  canSeeStock,
  canShip,
  canWriteRequests,
  canWriteResidents,
  canManageTopups,
  canRequestLineBlock,
  canSeeLines,
  creatableKinds,
  hasDashboard,
  homePath,
  navItems,
} from './roles';

describe('navItems', () => {
  it('gives the coordinator the dashboard, results, requests, allocation, packing, shipments, incidents, residents, lines, top-ups, line incidents, organisations, stock and users', () => {
    expect(navItems('coordinator', 1).map((i) => i.href)).toEqual([
      '/',
      '/results',
      '/requests',
      '/allocation',
      '/packing',
      '/shipments',
      '/incidents',
      '/residents',
      '/lines',
      '/topups',
      '/line-incidents',
      '/organisations',
      '/stock',
      '/users',
    ]);
  });

  it('gives the liaison its request queue, the directory and the stock', () => {
    expect(navItems('liaison', 9)).toEqual([
      { key: 'requests', href: '/requests' },
      { key: 'organisations', href: '/organisations' },
      { key: 'stock', href: '/stock' },
    ]);
  });

  it('gives the operator the directory and the stock', () => {
    expect(navItems('operator', 9)).toEqual([
      { key: 'organisations', href: '/organisations' },
      { key: 'stock', href: '/stock' },
    ]);
  });

  it('gives associations their referrals and the directory, logistics its packing orders and shipments first', () => {
    expect(navItems('association', 9)).toEqual([
      { key: 'referrals', href: '/referrals' },
      { key: 'organisations', href: '/organisations' },
    ]);
    expect(navItems('logistics', 9)).toEqual([
      { key: 'packing', href: '/packing' },
      { key: 'shipments', href: '/shipments' },
      { key: 'organisations', href: '/organisations' },
    ]);
  });

  it('shows packing to the coordinator and logistics only, for now', () => {
    for (const role of ROLES) {
      expect(navItems(role, 1).some((i) => i.key === 'packing'), role).toBe(role === 'coordinator' || role === 'logistics');
    }
  });

  it('shows shipments to the coordinator and logistics, and the same list as deliveries to structures', () => {
    for (const role of ROLES) {
      expect(navItems(role, 1).some((i) => i.key === 'shipments'), role).toBe(role === 'coordinator' || role === 'logistics');
      expect(navItems(role, 1).some((i) => i.key === 'deliveries'), role).toBe(role === 'structure');
      expect(navItems(role, 1).some((i) => i.key === 'incidents'), role).toBe(role === 'coordinator' || role === 'structure');
    }
    expect(navItems('structure', 12).find((i) => i.key === 'deliveries')?.href).toBe('/shipments');
  });

  it('gives structures their residents and lines first, then requests, the referrals received, deliveries, incidents and their own organisation page', () => {
    expect(navItems('structure', 12)).toEqual([
      { key: 'dashboard', href: '/' },
      { key: 'residents', href: '/residents' },
      { key: 'lines', href: '/lines' },
      { key: 'requests', href: '/requests' },
      { key: 'referrals', href: '/referrals' },
      { key: 'deliveries', href: '/shipments' },
      { key: 'incidents', href: '/incidents' },
      { key: 'my_organisation', href: '/organisations/12' },
    ]);
  });

  it('gives the funder the results, the needs summary and its own organisation page', () => {
    expect(navItems('funder', 2).map((i) => i.href)).toEqual(['/', '/results', '/requests/summary', '/organisations/2', '/stock']);
  });

  it('shows the users link to the coordinator only', () => {
    for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association'] as const) {
      expect(navItems(role, 1).some((i) => i.key === 'users')).toBe(false);
    }
  });

  it('shows the allocation to the coordinator only, referrals to associations and structures', () => {
    for (const role of ROLES) {
      expect(navItems(role, 1).some((i) => i.key === 'allocation'), role).toBe(role === 'coordinator');
      expect(navItems(role, 1).some((i) => i.key === 'referrals'), role).toBe(role === 'association' || role === 'structure');
    }
  });
});

describe('activeNavHref', () => {
  it('marks the link of the page itself', () => {
    expect(activeNavHref(navItems('coordinator', 1), '/')).toBe('/');
    expect(activeNavHref(navItems('coordinator', 1), '/allocation')).toBe('/allocation');
  });

  it('marks the list a page is under', () => {
    expect(activeNavHref(navItems('coordinator', 1), '/requests/4')).toBe('/requests');
    expect(activeNavHref(navItems('structure', 6), '/requests/new')).toBe('/requests');
    expect(activeNavHref(navItems('association', 9), '/referrals/12')).toBe('/referrals');
    expect(activeNavHref(navItems('coordinator', 1), '/organisations/5')).toBe('/organisations');
    expect(activeNavHref(navItems('coordinator', 1), '/sims/8933102000012000015')).toBe('/stock');
    expect(activeNavHref(navItems('coordinator', 1), '/stock/import')).toBe('/stock');
    expect(activeNavHref(navItems('logistics', 4), '/packing/1')).toBe('/packing');
    expect(activeNavHref(navItems('logistics', 4), '/shipments/3')).toBe('/shipments');
    expect(activeNavHref(navItems('coordinator', 1), '/shipments/3')).toBe('/shipments');
    expect(activeNavHref(navItems('structure', 6), '/residents/new')).toBe('/residents');
    expect(activeNavHref(navItems('structure', 6), '/residents/36')).toBe('/residents');
    expect(activeNavHref(navItems('coordinator', 1), '/residents/36')).toBe('/residents');
  });

  it('marks a structure\'s deliveries for a parcel\'s delivery page, the coordinator\'s shipments too', () => {
    expect(activeNavHref(navItems('structure', 6), '/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY')).toBe('/shipments');
    expect(activeNavHref(navItems('coordinator', 1), '/deliveries/tiHXpR9dfb7eqr-2T7aU8XRY')).toBe('/shipments');
    expect(activeNavHref(navItems('structure', 6), '/incidents')).toBe('/incidents');
  });

  it('prefers a link of its own, such as the own organisation or the funder summary', () => {
    expect(activeNavHref(navItems('structure', 6), '/organisations/6')).toBe('/organisations/6');
    expect(activeNavHref(navItems('funder', 2), '/requests/summary')).toBe('/requests/summary');
  });

  it('marks nothing for a page outside the navigation', () => {
    expect(activeNavHref(navItems('structure', 6), '/stock')).toBeNull();
    expect(activeNavHref(navItems('logistics', 3), '/')).toBeNull();
  });
});

describe('permissions', () => {
  it('shows the stock to the coordinator, operator, funder and liaison, and its link to them only', () => {
    for (const role of ['coordinator', 'operator', 'funder', 'liaison'] as const) {
      expect(canSeeStock(role), role).toBe(true);
      expect(navItems(role, 1).some((i) => i.key === 'stock'), role).toBe(true);
    }
    for (const role of ['structure', 'logistics', 'association'] as const) {
      expect(canSeeStock(role), role).toBe(false);
      expect(navItems(role, 1).some((i) => i.key === 'stock'), role).toBe(false);
    }
  });

  it('lets only the coordinator and the operator list cards and import batches', () => {
    expect(canSeeSims('coordinator')).toBe(true);
    expect(canSeeSims('operator')).toBe(true);
    expect(canSeeSims('funder')).toBe(false);
    expect(canSeeSims('liaison')).toBe(false);
    expect(canImportSims('operator')).toBe(true);
    expect(canImportSims('coordinator')).toBe(true);
    expect(canImportSims('liaison')).toBe(false);
    expect(canImportSims('structure')).toBe(false);
  });

  it('opens a card to the coordinator, the operator and a structure, but no stock to the structure', () => {
    for (const role of ['coordinator', 'operator', 'structure'] as const) expect(canOpenSims(role), role).toBe(true);
    for (const role of ['funder', 'liaison', 'logistics', 'association'] as const) expect(canOpenSims(role), role).toBe(false);
    expect(canSeeStock('structure')).toBe(false);
    expect(canSeeSims('structure')).toBe(false);
  });

  it('lets only the coordinator and the operator exchange files with the operators', () => {
    expect(canExchangeWithOperators('coordinator')).toBe(true);
    expect(canExchangeWithOperators('operator')).toBe(true);
    for (const role of ['funder', 'liaison', 'structure', 'logistics', 'association'] as const) {
      expect(canExchangeWithOperators(role), role).toBe(false);
    }
  });

  it('lets the coordinator create every kind and the liaison structures only', () => {
    expect(creatableKinds('coordinator')).toHaveLength(7);
    expect(creatableKinds('liaison')).toEqual(['structure']);
    expect(creatableKinds('structure')).toEqual([]);
    expect(canEditOrganisation('liaison', 'structure')).toBe(true);
    expect(canEditOrganisation('liaison', 'operator')).toBe(false);
    expect(canEditOrganisation('association', 'association')).toBe(false);
  });

  it('lets the coordinator and the liaison import structures', () => {
    expect(canImportStructures('coordinator')).toBe(true);
    expect(canImportStructures('liaison')).toBe(true);
    expect(canImportStructures('operator')).toBe(false);
  });

  it('lets the coordinator alone manage users and tokens', () => {
    expect(ROLES.filter(canManageUsers)).toEqual(['coordinator']);
  });

  it('starts the coordinator, funder and structures on the dashboard', () => {
    expect(hasDashboard('coordinator')).toBe(true);
    expect(hasDashboard('structure')).toBe(true);
    expect(hasDashboard('liaison')).toBe(false);
  });

  it('lands associations on their referrals, logistics on its parcels, the others on the directory', () => {
    expect(homePath('coordinator')).toBe('/');
    expect(homePath('funder')).toBe('/');
    expect(homePath('structure')).toBe('/');
    expect(homePath('association')).toBe('/referrals');
    expect(homePath('liaison')).toBe('/requests');
    expect(homePath('operator')).toBe('/stock');
    expect(homePath('logistics')).toBe('/packing');
  });
});

describe('needs permissions', () => {
  const only = (check: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(check);

  it('lets associations refer people and close referrals with structures', () => {
    expect(only(canRefer)).toEqual(['association']);
    expect(only(canCloseReferrals)).toEqual(['structure', 'association']);
  });

  it('lists referrals to associations, structures and the coordinator, notes to the first two only', () => {
    expect(only(canSeeReferrals)).toEqual(['coordinator', 'structure', 'association']);
    expect(only(canSeeReferralNotes)).toEqual(['structure', 'association']);
  });

  it('lets structures write requests, and the liaison and the coordinator list them too', () => {
    expect(only(canWriteRequests)).toEqual(['structure']);
    expect(only(canSeeRequests)).toEqual(['coordinator', 'liaison', 'structure']);
  });

  it('lets the coordinator allocate, and the funder read the summary with it and the liaison', () => {
    expect(only(canAllocate)).toEqual(['coordinator']);
    expect(only(canSeeNeedsSummary)).toEqual(['coordinator', 'funder', 'liaison']);
  });
});

describe('packing permissions', () => {
  const only = (check: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(check);

  it('lists parcels to the coordinator, logistics and structures', () => {
    expect(only(canSeePacking)).toEqual(['coordinator', 'logistics', 'structure']);
  });

  it('lets the coordinator prepare the orders, and logistics pack with it', () => {
    expect(only(canPreparePacking)).toEqual(['coordinator']);
    expect(only(canPack)).toEqual(['coordinator', 'logistics']);
  });
});

describe('shipping permissions', () => {
  const only = (check: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(check);

  it('lists shipments to the coordinator, logistics and structures; ships with logistics and the coordinator', () => {
    expect(only(canSeeShipments)).toEqual(['coordinator', 'logistics', 'structure']);
    expect(only(canShip)).toEqual(['coordinator', 'logistics']);
    expect(only(canDeclareShipmentLost)).toEqual(['coordinator']);
  });

  it('opens deliveries to the structure and the coordinator, and lets only the structure confirm', () => {
    expect(only(canSeeDeliveries)).toEqual(['coordinator', 'structure']);
    expect(only(canConfirmDelivery)).toEqual(['structure']);
  });

  it('lists incidents to the coordinator and structures, and lets only the coordinator decide', () => {
    expect(only(canSeeIncidents)).toEqual(['coordinator', 'structure']);
    expect(only(canReviewIncidents)).toEqual(['coordinator']);
  });
});

describe('resident permissions', () => {
  const only = (check: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(check);

  it('lists residents to the structure and the coordinator, and lets only the structure write', () => {
    expect(only(canSeeResidents)).toEqual(['coordinator', 'structure']);
    expect(only(canWriteResidents)).toEqual(['structure']);
  });

  it('shows the residents link to the structure and the coordinator only', () => {
    for (const role of ROLES) {
      expect(navItems(role, 1).some((i) => i.key === 'residents'), role).toBe(canSeeResidents(role));
    }
  });
});

describe('lines in use (issue 12)', () => {
  const only = (check: (role: (typeof ROLES)[number]) => boolean) => ROLES.filter(check);

  it('lists lines to the structure and the coordinator, and lets only the coordinator run top-ups and blocks', () => {
    expect(only(canSeeLines)).toEqual(['coordinator', 'structure']);
    expect(only(canManageTopups)).toEqual(['coordinator']);
    expect(only(canRequestLineBlock)).toEqual(['coordinator']);
  });

  it('links the lines to the coordinator and the structures; top-ups and line incidents to the coordinator only', () => {
    for (const role of ROLES) {
      const keys = navItems(role, 1).map((i) => i.key);
      expect(keys.includes('lines'), role).toBe(canSeeLines(role));
      expect(keys.includes('topups'), role).toBe(role === 'coordinator');
      expect(keys.includes('line_incidents'), role).toBe(role === 'coordinator');
    }
  });

  it('marks the lines link on a filtered lines page', () => {
    expect(activeNavHref(navItems('coordinator', 1), '/lines')).toBe('/lines');
    expect(activeNavHref(navItems('structure', 6), '/line-incidents')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  canEditOrganisation,
  canExchangeWithOperators,
  canImportSims,
  canImportStructures,
  canOpenSims,
  canSeeSims,
  canSeeStock,
  creatableKinds,
  hasDashboard,
  navItems,
} from './roles';

describe('navItems', () => {
  it('gives the coordinator the dashboard, organisations, stock and users', () => {
    expect(navItems('coordinator', 1).map((i) => i.href)).toEqual(['/', '/organisations', '/stock', '/users']);
  });

  it('gives the liaison and the operator the directory and the stock', () => {
    for (const role of ['liaison', 'operator'] as const) {
      expect(navItems(role, 9)).toEqual([
        { key: 'organisations', href: '/organisations' },
        { key: 'stock', href: '/stock' },
      ]);
    }
  });

  it('gives logistics and associations the directory only', () => {
    for (const role of ['logistics', 'association'] as const) {
      expect(navItems(role, 9)).toEqual([{ key: 'organisations', href: '/organisations' }]);
    }
  });

  it('gives structures and the funder their own organisation page', () => {
    expect(navItems('structure', 12)).toEqual([
      { key: 'dashboard', href: '/' },
      { key: 'my_organisation', href: '/organisations/12' },
    ]);
    expect(navItems('funder', 2).map((i) => i.href)).toEqual(['/', '/organisations/2', '/stock']);
  });

  it('shows the users link to the coordinator only', () => {
    for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association'] as const) {
      expect(navItems(role, 1).some((i) => i.key === 'users')).toBe(false);
    }
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

  it('starts the coordinator, funder and structures on the dashboard', () => {
    expect(hasDashboard('coordinator')).toBe(true);
    expect(hasDashboard('structure')).toBe(true);
    expect(hasDashboard('liaison')).toBe(false);
  });
});

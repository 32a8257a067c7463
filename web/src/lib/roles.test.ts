import { describe, expect, it } from 'vitest';
import { canEditOrganisation, canImportStructures, creatableKinds, hasDashboard, navItems } from './roles';

describe('navItems', () => {
  it('gives the coordinator the dashboard, organisations and users', () => {
    expect(navItems('coordinator', 1).map((i) => i.href)).toEqual(['/', '/organisations', '/users']);
  });

  it('gives the liaison and the partners the directory only', () => {
    for (const role of ['liaison', 'operator', 'logistics', 'association'] as const) {
      expect(navItems(role, 9)).toEqual([{ key: 'organisations', href: '/organisations' }]);
    }
  });

  it('gives structures and the funder their own organisation page', () => {
    expect(navItems('structure', 12)).toEqual([
      { key: 'dashboard', href: '/' },
      { key: 'my_organisation', href: '/organisations/12' },
    ]);
    expect(navItems('funder', 2).map((i) => i.href)).toEqual(['/', '/organisations/2']);
  });

  it('shows the users link to the coordinator only', () => {
    for (const role of ['funder', 'operator', 'logistics', 'liaison', 'structure', 'association'] as const) {
      expect(navItems(role, 1).some((i) => i.key === 'users')).toBe(false);
    }
  });
});

describe('permissions', () => {
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

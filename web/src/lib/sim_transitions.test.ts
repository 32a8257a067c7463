import { describe, expect, it } from 'vitest';
import { ROLES } from './roles';
import { SIM_STATES } from './sims';
import {
  ALLOWED_FROM,
  MANUAL_TRANSITIONS,
  availableTransitions,
  isManualTransition,
  roleMayApply,
  stateAllows,
} from './sim_transitions';

const coordinator = { role: 'coordinator', organisation_id: 1 } as const;
const operator = { role: 'operator', organisation_id: 3 } as const;
const structure = { role: 'structure', organisation_id: 6 } as const;

describe('MANUAL_TRANSITIONS', () => {
  it('lists every transition but receive, each with its starting states', () => {
    expect(MANUAL_TRANSITIONS).toHaveLength(17);
    expect(MANUAL_TRANSITIONS).not.toContain('receive');
    expect(Object.keys(ALLOWED_FROM).sort()).toEqual([...MANUAL_TRANSITIONS].sort());
    for (const states of Object.values(ALLOWED_FROM)) {
      expect(states.length).toBeGreaterThan(0);
      for (const s of states) expect(SIM_STATES).toContain(s);
    }
  });

  it('recognises manual transitions only', () => {
    expect(isManualTransition('hand_over')).toBe(true);
    expect(isManualTransition('receive')).toBe(false);
    expect(isManualTransition('fly')).toBe(false);
    expect(isManualTransition(undefined)).toBe(false);
  });

  it('knows which states each transition starts from', () => {
    expect(stateAllows('in_stock', 'declare_defective')).toBe(true);
    expect(stateAllows('in_stock', 'activate')).toBe(false);
    expect(stateAllows('expired', 'return')).toBe(true);
    expect(stateAllows('terminated', 'terminate')).toBe(false);
  });
});

describe('roleMayApply', () => {
  it('lets the coordinator apply anything but the chain steps and the handover', () => {
    for (const t of ['reserve', 'release', 'pack', 'unpack', 'ship', 'deliver', 'hand_over', 'take_back'] as const) {
      expect(roleMayApply('coordinator', t, false), t).toBe(false);
    }
    for (const t of ['activate', 'suspend', 'reactivate', 'expire', 'declare_lost',
      'declare_defective', 'return', 'restock', 'terminate'] as const) {
      expect(roleMayApply('coordinator', t, false), t).toBe(true);
    }
  });

  it('lets the operator apply its line events only', () => {
    const allowed = MANUAL_TRANSITIONS.filter((t) => roleMayApply('operator', t, false));
    expect(allowed).toEqual(['activate', 'suspend', 'reactivate', 'expire', 'terminate']);
  });

  it('lets a structure act on the cards it holds only', () => {
    expect(MANUAL_TRANSITIONS.filter((t) => roleMayApply('structure', t, true))).toEqual([
      'declare_lost',
      'declare_defective',
      'return',
    ]);
    expect(MANUAL_TRANSITIONS.filter((t) => roleMayApply('structure', t, false))).toEqual([]);
  });

  it('lets the other roles apply nothing', () => {
    for (const role of ROLES.filter((r) => !['coordinator', 'operator', 'structure'].includes(r))) {
      expect(MANUAL_TRANSITIONS.filter((t) => roleMayApply(role, t, true)), role).toEqual([]);
    }
  });
});

describe('availableTransitions', () => {
  it('offers the coordinator a stock card defect but no activation', () => {
    const list = availableTransitions(coordinator, { state: 'in_stock', holder_id: null });
    expect(list).toEqual(['declare_defective']);
    expect(list).not.toContain('reserve');
    expect(list).not.toContain('activate');
  });

  it('offers the coordinator the way back from a defective card', () => {
    expect(availableTransitions(coordinator, { state: 'defective', holder_id: null })).toEqual(['return', 'terminate']);
    expect(availableTransitions(coordinator, { state: 'returned', holder_id: null })).toEqual(['restock', 'terminate']);
  });

  it('offers the operator activation of a handed-over card, not taking it back', () => {
    expect(availableTransitions(operator, { state: 'handed_over', holder_id: 6 })).toEqual(['activate']);
    expect(availableTransitions(operator, { state: 'active', holder_id: 6 })).toEqual(['suspend', 'expire', 'terminate']);
    expect(availableTransitions(operator, { state: 'in_stock', holder_id: null })).toEqual([]);
  });

  it('offers the holding structure its own steps from the card state', () => {
    expect(availableTransitions(structure, { state: 'at_structure', holder_id: 6 })).toEqual([
      'declare_lost',
      'declare_defective',
      'return',
    ]);
    expect(availableTransitions(structure, { state: 'handed_over', holder_id: 6 })).toEqual([
      'declare_lost',
      'declare_defective',
      'return',
    ]);
    expect(availableTransitions(structure, { state: 'active', holder_id: 6 })).toEqual(['declare_defective']);
  });

  it('offers a structure nothing on a card another organisation holds', () => {
    expect(availableTransitions(structure, { state: 'at_structure', holder_id: 7 })).toEqual([]);
    expect(availableTransitions(structure, { state: 'at_structure', holder_id: null })).toEqual([]);
  });

  it('offers nothing on a terminated card', () => {
    for (const user of [coordinator, operator, structure]) {
      expect(availableTransitions(user, { state: 'terminated', holder_id: 6 })).toEqual([]);
    }
  });
});

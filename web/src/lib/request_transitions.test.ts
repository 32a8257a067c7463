import { describe, expect, it } from 'vitest';
import { REQUEST_STATES } from './needs';
import {
  REQUEST_ALLOWED_FROM,
  REQUEST_TRANSITIONS,
  availableRequestTransitions,
  isNegativeTransition,
  roleMayApplyToRequest,
  transitionInput,
} from './request_transitions';
import { ROLES } from './roles';

const structure = { role: 'structure', organisation_id: 6 } as const;
const liaison = { role: 'liaison', organisation_id: 4 } as const;
const coordinator = { role: 'coordinator', organisation_id: 1 } as const;
const own = (state: (typeof REQUEST_STATES)[number], allocated: number | null = null, reserved = 0) => ({
  state,
  structure_id: 6,
  allocated,
  reserved,
});

describe('REQUEST_TRANSITIONS', () => {
  it('lists the seven workflow transitions with their starting states', () => {
    expect(REQUEST_TRANSITIONS).toEqual(['submit', 'endorse', 'approve', 'approve_partially', 'reject', 'fulfil', 'cancel']);
    expect(Object.keys(REQUEST_ALLOWED_FROM).sort()).toEqual([...REQUEST_TRANSITIONS].sort());
    for (const states of Object.values(REQUEST_ALLOWED_FROM)) {
      for (const s of states) expect(REQUEST_STATES).toContain(s);
    }
  });

  it('ends nowhere from a closed request', () => {
    for (const closed of ['rejected', 'fulfilled', 'cancelled'] as const) {
      for (const t of REQUEST_TRANSITIONS) expect(REQUEST_ALLOWED_FROM[t], `${t} ${closed}`).not.toContain(closed);
    }
  });
});

describe('roleMayApplyToRequest', () => {
  it('gives each role its own steps', () => {
    const allowed = (role: (typeof ROLES)[number], ownRequest = true) =>
      REQUEST_TRANSITIONS.filter((t) => roleMayApplyToRequest(role, t, ownRequest));
    expect(allowed('structure')).toEqual(['submit', 'cancel']);
    expect(allowed('structure', false)).toEqual([]);
    expect(allowed('liaison')).toEqual(['endorse']);
    expect(allowed('coordinator')).toEqual(['approve', 'approve_partially', 'reject', 'fulfil', 'cancel']);
    for (const role of ['funder', 'operator', 'logistics', 'association'] as const) expect(allowed(role), role).toEqual([]);
  });
});

describe('availableRequestTransitions', () => {
  it('offers a structure to submit or cancel its draft, and to cancel until it is served', () => {
    expect(availableRequestTransitions(structure, own('draft'))).toEqual(['submit', 'cancel']);
    expect(availableRequestTransitions(structure, own('submitted'))).toEqual(['cancel']);
    expect(availableRequestTransitions(structure, own('approved', 12))).toEqual(['cancel']);
    expect(availableRequestTransitions(structure, own('fulfilled', 12))).toEqual([]);
  });

  it('offers a structure nothing on another structure request', () => {
    expect(availableRequestTransitions(structure, { ...own('draft'), structure_id: 7 })).toEqual([]);
  });

  it('offers the liaison to endorse submitted requests only', () => {
    expect(availableRequestTransitions(liaison, own('submitted'))).toEqual(['endorse']);
    expect(availableRequestTransitions(liaison, own('endorsed'))).toEqual([]);
    expect(availableRequestTransitions(liaison, own('draft'))).toEqual([]);
  });

  it('offers the coordinator the decisions on submitted and endorsed requests', () => {
    for (const state of ['submitted', 'endorsed'] as const) {
      expect(availableRequestTransitions(coordinator, own(state))).toEqual([
        'approve',
        'approve_partially',
        'reject',
        'cancel',
      ]);
    }
  });

  it('offers to fulfil only once cards are allocated and none is still reserved', () => {
    expect(availableRequestTransitions(coordinator, own('approved', 12, 12))).toEqual(['cancel']);
    expect(availableRequestTransitions(coordinator, { state: 'approved', structure_id: 6, allocated: 12 })).toEqual([
      'cancel',
    ]);
    expect(availableRequestTransitions(coordinator, own('approved'))).toEqual(['approve_partially', 'cancel']);
    expect(availableRequestTransitions(coordinator, own('approved', 0))).toEqual(['cancel']);
    expect(availableRequestTransitions(coordinator, own('approved', 12))).toEqual(['fulfil', 'cancel']);
    expect(availableRequestTransitions(coordinator, own('partially_approved', 25))).toEqual(['fulfil', 'cancel']);
    expect(availableRequestTransitions(coordinator, own('partially_approved'))).toEqual(['cancel']);
  });

  it('offers the coordinator nothing on a closed request', () => {
    for (const state of ['rejected', 'fulfilled', 'cancelled'] as const) {
      expect(availableRequestTransitions(coordinator, own(state, 3))).toEqual([]);
    }
  });
});

describe('transition inputs', () => {
  it('asks a reason to reject, a quantity to approve in part, a confirmation to cancel', () => {
    expect(transitionInput('reject')).toBe('reason_required');
    expect(transitionInput('approve_partially')).toBe('quantity_and_reason');
    expect(transitionInput('cancel')).toBe('confirm');
    for (const t of ['submit', 'endorse', 'approve', 'fulfil'] as const) expect(transitionInput(t)).toBe('none');
  });

  it('draws rejecting and cancelling as secondary', () => {
    expect(REQUEST_TRANSITIONS.filter(isNegativeTransition)).toEqual(['reject', 'cancel']);
  });
});

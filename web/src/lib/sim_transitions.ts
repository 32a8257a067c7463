// Which transitions a user may apply by hand to a SIM card, so that only those are offered. The
// server enforces the same rules (and answers 403 or 409 otherwise); this only decides what to show.
import type { Role } from './roles';
import { SIM_TRANSITIONS, type SimState, type SimTransition } from './sims';

/** Every transition but `receive`, which only a batch import makes. */
export type ManualTransition = Exclude<SimTransition, 'receive'>;

/** The states each transition may start from. */
export const ALLOWED_FROM: Readonly<Record<ManualTransition, readonly SimState[]>> = {
  reserve: ['in_stock'],
  release: ['reserved'],
  pack: ['reserved'],
  unpack: ['packed'],
  ship: ['packed'],
  deliver: ['in_transit'],
  hand_over: ['at_structure'],
  take_back: ['handed_over'],
  activate: ['handed_over'],
  suspend: ['active'],
  reactivate: ['suspended'],
  expire: ['active', 'suspended'],
  declare_lost: ['reserved', 'packed', 'in_transit', 'at_structure', 'handed_over'],
  declare_defective: ['in_stock', 'reserved', 'packed', 'at_structure', 'handed_over', 'active'],
  return: ['at_structure', 'handed_over', 'defective', 'expired'],
  restock: ['returned'],
  terminate: ['active', 'suspended', 'expired', 'lost', 'defective', 'returned'],
};

/** The transitions in lifecycle order, `receive` left out. */
export const MANUAL_TRANSITIONS: readonly ManualTransition[] = SIM_TRANSITIONS.filter(
  (t): t is ManualTransition => t !== 'receive',
);

/**
 * The chain's own steps: allocation, packing and shipping make them, and a handover to a resident
 * (with their consent, one line each) hands a card over or takes it back; never a person by hand.
 */
const CHAIN_STEPS: readonly ManualTransition[] = [
  'reserve', 'release', 'pack', 'unpack', 'ship', 'deliver', 'hand_over', 'take_back',
];
/** The line events of the operator, on its own cards. */
const OPERATOR_STEPS: readonly ManualTransition[] = ['activate', 'suspend', 'reactivate', 'expire', 'terminate'];
/** What the structure holding a card may do with it. */
const HOLDER_STEPS: readonly ManualTransition[] = ['declare_lost', 'declare_defective', 'return'];

export function isManualTransition(value: unknown): value is ManualTransition {
  return typeof value === 'string' && (MANUAL_TRANSITIONS as readonly string[]).includes(value);
}

/**
 * Whether the role may apply the transition at all, whatever the card's state. `holdsCard` says
 * whether the user's organisation holds the card (only the structure's rights depend on it; the
 * operator is only ever shown its own cards).
 */
export function roleMayApply(role: Role, transition: ManualTransition, holdsCard: boolean): boolean {
  switch (role) {
    case 'coordinator':
      return !CHAIN_STEPS.includes(transition);
    case 'operator':
      return OPERATOR_STEPS.includes(transition);
    case 'structure':
      return holdsCard && HOLDER_STEPS.includes(transition);
    default:
      return false;
  }
}

/** Whether the card's state allows the transition. */
export function stateAllows(state: SimState, transition: ManualTransition): boolean {
  return ALLOWED_FROM[transition].includes(state);
}

/**
 * The transitions this user may apply to this card now, in lifecycle order: allowed for the role
 * and from the card's state.
 */
export function availableTransitions(
  user: { role: Role; organisation_id: number },
  sim: { state: SimState; holder_id: number | null },
): ManualTransition[] {
  const holds = sim.holder_id !== null && sim.holder_id === user.organisation_id;
  return MANUAL_TRANSITIONS.filter((t) => stateAllows(sim.state, t) && roleMayApply(user.role, t, holds));
}

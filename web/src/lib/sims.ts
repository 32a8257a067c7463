// SIM cards in the UI: the states and transitions in lifecycle order (their labels live in the
// i18n catalogues under `sim_states.` and `sim_transitions.`), counts read in that order, the
// outcome of a batch import, and phone numbers written the French way.
import type { components } from './api-types';
import { asProblem, type Problem } from './problem';

export type SimState = components['schemas']['SimState'];
export type SimTransition = components['schemas']['SimTransition'];
export type StateCounts = components['schemas']['StateCounts'];
export type Batch = components['schemas']['Batch'];
export type Plan = components['schemas']['Plan'];
export type Sim = components['schemas']['Sim'];
export type SimDetail = components['schemas']['SimDetail'];
export type StockSummary = components['schemas']['StockSummary'];

export const SIM_STATES: readonly SimState[] = [
  'in_stock',
  'reserved',
  'packed',
  'in_transit',
  'at_structure',
  'handed_over',
  'active',
  'suspended',
  'expired',
  'lost',
  'defective',
  'returned',
  'terminated',
];

export const SIM_TRANSITIONS: readonly SimTransition[] = [
  'receive',
  'reserve',
  'release',
  'pack',
  'unpack',
  'ship',
  'deliver',
  'hand_over',
  'take_back',
  'activate',
  'suspend',
  'reactivate',
  'expire',
  'declare_lost',
  'declare_defective',
  'return',
  'restock',
  'terminate',
];

export function isSimState(value: unknown): value is SimState {
  return typeof value === 'string' && (SIM_STATES as readonly string[]).includes(value);
}

/** The i18n key naming a state; an unknown one (a newer server) falls back to its code. */
export function stateKey(state: string): string {
  return isSimState(state) ? `sim_states.${state}` : state;
}

/** The i18n key naming a transition; an unknown one falls back to its code. */
export function transitionKey(transition: string): string {
  return (SIM_TRANSITIONS as readonly string[]).includes(transition) ? `sim_transitions.${transition}` : transition;
}

/** Every state with its count, in lifecycle order (a missing state counts 0). */
export function stateEntries(
  counts: Partial<StateCounts> | null | undefined,
): { state: SimState; count: number | null | 'secret' }[] {
  // null: a count hidden from the reader (the funder's 1 to 4), never read as 0; 'secret': one
  // hidden so that no small one can be worked out.
  return SIM_STATES.map((state) => ({ state, count: counts?.[state] === null ? null : (counts?.[state] ?? 0) }));
}

/** What became of a batch import, from the HTTP status and the answer. */
export type ImportOutcome =
  | { kind: 'created'; batch: Batch }
  | { kind: 'already_imported'; batch: Batch }
  /** Lines of the file were refused (`import_failed`): nothing was stored. */
  | { kind: 'refused'; problem: Problem }
  /** The operator, plan or reference was refused (`validation_failed`). */
  | { kind: 'invalid'; problem: Problem }
  /** Any other refusal (403, 413, 415…), or an answer that is not a problem document. */
  | { kind: 'error'; problem: Problem | null };

export function importOutcome(status: number, data: Batch | undefined, error: unknown): ImportOutcome {
  if (data && status === 201) return { kind: 'created', batch: data };
  if (data && status === 200) return { kind: 'already_imported', batch: data };
  const problem = asProblem(error);
  if (problem?.code === 'import_failed') return { kind: 'refused', problem };
  if (problem?.code === 'validation_failed') return { kind: 'invalid', problem };
  return { kind: 'error', problem };
}

/**
 * "+33610000007" → "06 10 00 00 07"; other numbers are shown as given. A card that came without
 * its number (a vendor's file) has none until its activation: `none` stands for it.
 */
export function formatMsisdn(e164: string | null, none = '—'): string {
  if (!e164) return none;
  const french = /^\+33([1-9])(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
  if (!french) return e164;
  return `0${french[1]} ${french.slice(2).join(' ')}`;
}

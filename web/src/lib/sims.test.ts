import { describe, expect, it } from 'vitest';
import type { Batch } from './sims';
import {
  SIM_STATES,
  SIM_TRANSITIONS,
  formatMsisdn,
  importOutcome,
  isSimState,
  stateEntries,
  stateKey,
  transitionKey,
} from './sims';

const batch: Batch = {
  id: 2,
  operator: 'SFR',
  plan: 'CU-2020',
  reference: 't1',
  file_sha256: '16415597',
  quantity: 2,
  received_at: '2026-11-26T04:55:52Z',
  received_by: 'operator@demo.relais',
};

describe('states and transitions', () => {
  it('lists the thirteen states and eighteen transitions once each', () => {
    expect(SIM_STATES).toHaveLength(13);
    expect(new Set(SIM_STATES).size).toBe(13);
    expect(SIM_TRANSITIONS).toHaveLength(18);
    expect(new Set(SIM_TRANSITIONS).size).toBe(18);
    expect(SIM_STATES[0]).toBe('in_stock');
    expect(SIM_TRANSITIONS[0]).toBe('receive');
  });

  it('names known codes by their i18n key and unknown ones by their code', () => {
    expect(stateKey('at_structure')).toBe('sim_states.at_structure');
    expect(stateKey('on_the_moon')).toBe('on_the_moon');
    expect(transitionKey('hand_over')).toBe('sim_transitions.hand_over');
    expect(transitionKey('teleport')).toBe('teleport');
    expect(isSimState('lost')).toBe(true);
    expect(isSimState('')).toBe(false);
    expect(isSimState(null)).toBe(false);
  });
});

describe('stateEntries', () => {
  it('gives every state in lifecycle order, a missing one counting 0', () => {
    const entries = stateEntries({ in_stock: 2498, active: 2 });
    expect(entries.map((e) => e.state)).toEqual([...SIM_STATES]);
    expect(entries[0]).toEqual({ state: 'in_stock', count: 2498 });
    expect(entries.find((e) => e.state === 'active')?.count).toBe(2);
    expect(entries.find((e) => e.state === 'lost')?.count).toBe(0);
  });
  it('keeps a hidden count (null) apart from zero', () => {
    const entries = stateEntries({ in_stock: 2496, active: null });
    expect(entries.find((e) => e.state === 'active')?.count).toBe(null);
    expect(entries.find((e) => e.state === 'lost')?.count).toBe(0);
  });
});

describe('importOutcome', () => {
  it('tells a new batch (201) from a file imported before (200)', () => {
    expect(importOutcome(201, batch, undefined)).toEqual({ kind: 'created', batch });
    expect(importOutcome(200, batch, undefined)).toEqual({ kind: 'already_imported', batch });
  });

  it('tells refused lines from refused query fields and from other refusals', () => {
    const lines = {
      type: '/problems/import_failed',
      title: 'Unprocessable Content',
      status: 422,
      code: 'import_failed',
      errors: [{ line: 3, column: 'iccid', value: '8933101000000000015', reason: 'iccid_bad_check_digit' as const, message: 'x' }],
    };
    expect(importOutcome(422, undefined, lines)).toEqual({ kind: 'refused', problem: lines });
    const fields = { ...lines, code: 'validation_failed' };
    expect(importOutcome(422, undefined, fields)).toEqual({ kind: 'invalid', problem: fields });
    const tooLarge = { type: '/problems/body_too_large', title: 'Content Too Large', status: 413, code: 'body_too_large' };
    expect(importOutcome(413, undefined, tooLarge)).toEqual({ kind: 'error', problem: tooLarge });
    expect(importOutcome(502, undefined, undefined)).toEqual({ kind: 'error', problem: null });
  });
});

describe('formatMsisdn', () => {
  it('writes French numbers the national way and leaves others as given', () => {
    expect(formatMsisdn('+33610000007')).toBe('06 10 00 00 07');
    expect(formatMsisdn(null)).toBe('—');
    expect(formatMsisdn(null, 'à venir')).toBe('à venir');
    expect(formatMsisdn('+33712345678')).toBe('07 12 34 56 78');
    expect(formatMsisdn('+447700900123')).toBe('+447700900123');
    expect(formatMsisdn('+3361000000')).toBe('+3361000000');
  });
});

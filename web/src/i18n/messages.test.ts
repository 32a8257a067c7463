// The two message catalogues must stay in step, and every key the components use must exist.
import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';
import { ROLES, STRUCTURE_TYPES, navItems } from '../lib/roles';
import { SIM_STATES, SIM_TRANSITIONS } from '../lib/sims';
import { NEEDS, REFERRAL_STATUSES, REQUEST_EVENTS, REQUEST_STATES } from '../lib/needs';
import { REQUEST_TRANSITIONS } from '../lib/request_transitions';
import { PACKING_ORDER_STATES } from '../lib/packing';
import { SHIPMENT_STATES, SHIPMENT_TRANSITIONS } from '../lib/shipments';
import { INCIDENT_KINDS, INCIDENT_STATES, RESOLUTIONS } from '../lib/incidents';
import { CONSENT_METHODS, CONSENT_PURPOSES, CONSENT_STATUSES, RESIDENT_STATUSES, TAKE_BACK_REASONS } from '../lib/residents';
import { LINE_INCIDENT_KINDS, LINE_INCIDENT_STATUSES, REPLACEMENT_MODES, TODO_KINDS, TOPUP_REFUSALS, TOPUP_STATUSES } from '../lib/lines';
import { BUDGET_CATEGORIES, EXPORT_FORMATS, FUNNEL_STAGES, LEAD_TIMES, USES } from '../lib/results';
import { flatten } from './writing_rules';


const frKeys = flatten(fr);
const enKeys = flatten(en);

/** Keys exist either as such or as plural forms (`key_one`, `key_other`). */
function exists(messages: Map<string, string>, key: string): boolean {
  return messages.has(key) || (messages.has(`${key}_one`) && messages.has(`${key}_other`));
}

// The text of every component and module, read by Vite at test time.
const sources = import.meta.glob(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts', '!../lib/api-types.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('message catalogues', () => {
  it('have the same keys in French and English', () => {
    expect([...enKeys.keys()].sort()).toEqual([...frKeys.keys()].sort());
  });

  it('have no empty message', () => {
    for (const [key, value] of [...frKeys, ...enKeys]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of frKeys) {
      expect(variables(enKeys.get(key) ?? ''), key).toEqual(variables(value));
    }
  });

  it('contain every literal key used in the source', () => {
    const used = new Set<string>();
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'([a-z_.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) {
      expect(exists(frKeys, key), key).toBe(true);
    }
  });

  it('nest only keys that exist', () => {
    for (const [key, value] of [...frKeys, ...enKeys]) {
      for (const match of value.matchAll(/\$t\(([a-z_.]+)/g)) expect(exists(frKeys, match[1]) && exists(enKeys, match[1]), `${key}: ${match[1]}`).toBe(true);
    }
  });

  it('name every role, structure type and navigation entry', () => {
    for (const role of ROLES) {
      expect(frKeys.has(`roles.${role}`), role).toBe(true);
      for (const item of navItems(role, 1)) expect(frKeys.has(`nav.${item.key}`), item.key).toBe(true);
    }
    for (const type of STRUCTURE_TYPES) expect(frKeys.has(`structure_types.${type}`), type).toBe(true);
  });

  it('name every SIM state and transition, differently for each', () => {
    for (const [prefix, codes] of [
      ['sim_states', SIM_STATES],
      ['sim_transitions', SIM_TRANSITIONS],
    ] as const) {
      for (const messages of [frKeys, enKeys]) {
        const names = codes.map((code) => messages.get(`${prefix}.${code}`));
        for (const [i, name] of names.entries()) expect(name, `${prefix}.${codes[i]}`).toBeTruthy();
        expect(new Set(names).size, prefix).toBe(codes.length);
      }
    }
  });

  it('name every need, request state, transition and event and referral status, differently for each', () => {
    for (const [prefix, codes] of [
      ['needs', NEEDS],
      ['request_states', REQUEST_STATES],
      ['request_transitions', REQUEST_TRANSITIONS],
      ['request_events', REQUEST_EVENTS],
      ['referral_statuses', REFERRAL_STATUSES],
    ] as const) {
      for (const messages of [frKeys, enKeys]) {
        const names = codes.map((code) => messages.get(`${prefix}.${code}`));
        for (const [i, name] of names.entries()) expect(name, `${prefix}.${codes[i]}`).toBeTruthy();
        expect(new Set(names).size, prefix).toBe(codes.length);
      }
    }
  });

  it('name every packing order state differently, and the messages built from parts', () => {
    for (const messages of [frKeys, enKeys]) {
      const names = PACKING_ORDER_STATES.map((state) => messages.get(`packing_states.${state}`));
      for (const [i, name] of names.entries()) expect(name, PACKING_ORDER_STATES[i]).toBeTruthy();
      expect(new Set(names).size).toBe(PACKING_ORDER_STATES.length);
      for (const part of ['coordinator', 'logistics', 'structure']) expect(messages.has(`packing.intro_${part}`), part).toBe(true);
      for (const status of ['denied', 'failed', 'reader_failed']) expect(messages.has(`packing.camera_${status}`), status).toBe(true);
    }
  });

  it('name every shipment state, move and outcome, and every incident kind, state and decision', () => {
    for (const messages of [frKeys, enKeys]) {
      const names = SHIPMENT_STATES.map((state) => messages.get(`shipment_states.${state}`));
      for (const [i, name] of names.entries()) expect(name, SHIPMENT_STATES[i]).toBeTruthy();
      expect(new Set(names).size).toBe(SHIPMENT_STATES.length);
      for (const move of SHIPMENT_TRANSITIONS) {
        expect(messages.has(`shipment.transitions.${move}`), move).toBe(true);
        expect(messages.has(`shipment.done_${move}`), move).toBe(true);
      }
      for (const part of ['coordinator', 'logistics', 'structure']) expect(messages.has(`shipments.intro_${part}`), part).toBe(true);
      for (const part of ['delivered', 'other']) expect(messages.has(`shipment.closed_at_${part}`), part).toBe(true);
      for (const kind of INCIDENT_KINDS) expect(messages.has(`incidents.kinds.${kind}`), kind).toBe(true);
      for (const state of INCIDENT_STATES) expect(messages.has(`incidents.states.${state}`), state).toBe(true);
      for (const resolution of RESOLUTIONS) {
        for (const prefix of ['resolutions', 'actions']) expect(messages.has(`incidents.${prefix}.${resolution}`), resolution).toBe(true);
        for (const prefix of ['confirm', 'submit']) expect(messages.has(`incidents.${prefix}_${resolution}`), resolution).toBe(true);
      }
      for (const state of ['lost', 'returned']) expect(messages.has(`delivery.gone_${state}`), state).toBe(true);
    }
  });

  it('name every resident status, consent purpose, method and status and take-back reason, differently for each', () => {
    for (const [prefix, codes] of [
      ['resident_statuses', RESIDENT_STATUSES],
      ['consent_purposes', CONSENT_PURPOSES],
      ['consent_methods', CONSENT_METHODS],
      ['consent_statuses', CONSENT_STATUSES],
      ['take_back_reasons', TAKE_BACK_REASONS],
    ] as const) {
      for (const messages of [frKeys, enKeys]) {
        const names = codes.map((code) => messages.get(`${prefix}.${code}`));
        for (const [i, name] of names.entries()) expect(name, `${prefix}.${codes[i]}`).toBeTruthy();
        expect(new Set(names).size, prefix).toBe(codes.length);
      }
    }
    for (const messages of [frKeys, enKeys]) {
      for (const method of CONSENT_METHODS) expect(messages.has(`resident.method_hint_${method}`), method).toBe(true);
      for (const status of CONSENT_STATUSES.filter((s) => s !== 'given')) {
        expect(messages.has(`resident.consent_ended_${status}`), status).toBe(true);
      }
    }
  });

  it('name every to-do kind, top-up status, line incident kind and status and replacement mode, differently for each', () => {
    for (const [prefix, codes] of [
      ['topup_statuses', TOPUP_STATUSES],
      ['line_incident_kinds', LINE_INCIDENT_KINDS],
      ['line_incident_statuses', LINE_INCIDENT_STATUSES],
      ['replacement_modes', REPLACEMENT_MODES],
    ] as const) {
      for (const messages of [frKeys, enKeys]) {
        const names = codes.map((code) => messages.get(`${prefix}.${code}`));
        for (const [i, name] of names.entries()) expect(name, `${prefix}.${codes[i]}`).toBeTruthy();
        expect(new Set(names).size, prefix).toBe(codes.length);
      }
    }
    for (const messages of [frKeys, enKeys]) {
      for (const kind of TODO_KINDS) {
        for (const key of [`todo.count.${kind}`, `todo.hint.${kind}`]) expect(exists(messages, key), key).toBe(true);
        expect(messages.has(`todo.item.${kind}`), kind).toBe(true);
      }
      for (const mode of REPLACEMENT_MODES) expect(messages.has(`line.mode_hint_${mode}`), mode).toBe(true);
      for (const code of TOPUP_REFUSALS) expect(messages.has(`line.topup_refused.${code}`), code).toBe(true);
      for (const reason of LINE_INCIDENT_KINDS) expect(messages.has(`take_back_reasons.${reason}`), reason).toBe(true);
      for (const status of ['declared', 'block_requested', 'swap_requested']) expect(messages.has(`line.incident_next_${status}`), status).toBe(true);
    }
  });

  it('name every budget category, funnel stage, lead time, use and export of the results, differently for each', () => {
    for (const [prefix, codes] of [
      ['results.categories', BUDGET_CATEGORIES],
      ['results.stages', FUNNEL_STAGES],
      ['results.lead_times', LEAD_TIMES],
      ['results.uses', USES],
      ['results.link_states', ['active', 'expired', 'revoked']],
    ] as const) {
      for (const messages of [frKeys, enKeys]) {
        const names = codes.map((code) => messages.get(`${prefix}.${code}`));
        for (const [i, name] of names.entries()) expect(name, `${prefix}.${codes[i]}`).toBeTruthy();
        expect(new Set(names).size, prefix).toBe(codes.length);
      }
    }
    for (const messages of [frKeys, enKeys]) {
      for (const format of EXPORT_FORMATS) expect(messages.has(`results.export_${format}`), format).toBe(true);
      for (const unit of ['days', 'hours']) expect(exists(messages, `results.${unit}`), unit).toBe(true);
      for (const reason of ['not_amount', 'not_share', 'not_number']) expect(messages.has(`budget_page.${reason}`), reason).toBe(true);
    }
  });
});

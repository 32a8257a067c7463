import { describe, expect, it } from 'vitest';
import {
  incidentKindKey,
  incidentStateKey,
  isIncidentState,
  replaceIncident,
  resolutionKey,
  resolutionsFor,
  type Incident,
} from './incidents';

const incident: Incident = {
  id: 1,
  kind: 'missing_sim',
  iccid: '8933102000012000528',
  packing_order_id: 5,
  reference: 'CO-000005',
  structure_id: 20,
  structure_name: 'CADA Plaisance-du-Touch',
  state: 'open',
  resolution: null,
  note: '',
  created_by: 'demo',
  created_by_name: null,
  created_at: '2026-11-26T07:54:54Z',
  resolved_by: null,
  resolved_by_name: null,
  resolved_at: null,
};

describe('resolutionsFor', () => {
  it('offers lost or found for a missing card, set aside for an unexpected one', () => {
    expect(resolutionsFor(incident)).toEqual(['lost', 'found']);
    expect(resolutionsFor({ ...incident, kind: 'unexpected_sim' })).toEqual(['set_aside']);
  });

  it('offers only set aside for a missing card that moved since', () => {
    expect(resolutionsFor(incident, true)).toEqual(['set_aside']);
  });

  it('offers nothing once resolved', () => {
    expect(resolutionsFor({ ...incident, state: 'resolved' })).toEqual([]);
    expect(resolutionsFor({ ...incident, kind: 'unexpected_sim', state: 'resolved' })).toEqual([]);
  });
});

describe('incident labels', () => {
  it('names kinds, states and resolutions, an unknown code as such', () => {
    expect(incidentKindKey('missing_sim')).toBe('incidents.kinds.missing_sim');
    expect(incidentKindKey('unexpected_sim')).toBe('incidents.kinds.unexpected_sim');
    expect(incidentKindKey('stolen')).toBe('stolen');
    expect(incidentStateKey('open')).toBe('incidents.states.open');
    expect(incidentStateKey('closed')).toBe('closed');
    expect(isIncidentState('resolved')).toBe(true);
    expect(isIncidentState('')).toBe(false);
    expect(resolutionKey('set_aside')).toBe('incidents.resolutions.set_aside');
    expect(resolutionKey('burnt')).toBe('burnt');
  });
});

describe('replaceIncident', () => {
  it('puts the server\'s answer in place of the listed incident', () => {
    const other = { ...incident, id: 2 };
    const saved = { ...incident, state: 'resolved' as const, resolution: 'lost' };
    expect(replaceIncident([incident, other], saved)).toEqual([saved, other]);
    expect(replaceIncident([other], saved)).toEqual([other]);
  });
});

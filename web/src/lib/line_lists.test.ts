import { describe, expect, it } from 'vitest';
import {
  canAskBlock,
  dataUsed,
  isLineFilter,
  lineIncidentKindKey,
  lineIncidentNextKey,
  lineIncidentStatusKey,
  lineIncidentTone,
  linesPath,
  linesQuery,
  openFirst,
  parseLineSelection,
  pastItsEnd,
  todoCountKey,
  todoKindKey,
  todoLink,
  todoRows,
} from './line_lists';

describe('the lines filters in the address', () => {
  it('reads the filter and the structure', () => {
    expect(parseLineSelection('?filter=ending&structure_id=6')).toEqual({ filter: 'ending', structureId: 6 });
    expect(parseLineSelection('filter=not_active')).toEqual({ filter: 'not_active', structureId: null });
  });

  it('falls back to all lines of every structure on what it does not know', () => {
    expect(parseLineSelection('')).toEqual({ filter: 'all', structureId: null });
    expect(parseLineSelection('?filter=late&structure_id=0')).toEqual({ filter: 'all', structureId: null });
    expect(parseLineSelection('?structure_id=6x')).toEqual({ filter: 'all', structureId: null });
    expect(isLineFilter('ended')).toBe(true);
    expect(isLineFilter('active')).toBe(false);
  });

  it('writes the address without the defaults, and reads it back', () => {
    expect(linesPath({ filter: 'all', structureId: null })).toBe('/lines');
    expect(linesPath({ filter: 'ended', structureId: null })).toBe('/lines?filter=ended');
    expect(linesPath({ filter: 'all', structureId: 12 })).toBe('/lines?structure_id=12');
    const path = linesPath({ filter: 'not_active', structureId: 6 });
    expect(path).toBe('/lines?filter=not_active&structure_id=6');
    expect(parseLineSelection(path.slice('/lines'.length))).toEqual({ filter: 'not_active', structureId: 6 });
  });

  it('asks the API for the filter, the structure and the page', () => {
    expect(linesQuery({ filter: 'all', structureId: null }, { limit: 50 })).toEqual({ filter: 'all', limit: 50 });
    expect(linesQuery({ filter: 'ending', structureId: 6 }, { limit: 1, cursor: 'abc' })).toEqual({
      filter: 'ending',
      structure_id: 6,
      limit: 1,
      cursor: 'abc',
    });
    expect(linesQuery({ filter: 'ended', structureId: null }, { limit: 50, cursor: null })).toEqual({ filter: 'ended', limit: 50 });
  });
});

describe('dataUsed', () => {
  it('gives megabytes under a gigabyte, else gigabytes to a tenth', () => {
    expect(dataUsed(null)).toBeNull();
    expect(dataUsed(0)).toEqual({ value: 0, unit: 'mb' });
    expect(dataUsed(999)).toEqual({ value: 999, unit: 'mb' });
    expect(dataUsed(2140)).toEqual({ value: 2.1, unit: 'gb' });
    expect(dataUsed(2334)).toEqual({ value: 2.3, unit: 'gb' });
  });
});

describe('pastItsEnd', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it('flags an active or suspended line whose end has passed', () => {
    expect(pastItsEnd({ ends_at: '2026-11-24T12:05:32Z', state: 'active' }, now)).toBe(true);
    expect(pastItsEnd({ ends_at: '2026-11-24T12:05:32Z', state: 'suspended' }, now)).toBe(true);
  });
  it('leaves a line still running, or one the operator ended, as its state says', () => {
    expect(pastItsEnd({ ends_at: '2026-12-09T12:05:32Z', state: 'active' }, now)).toBe(false);
    expect(pastItsEnd({ ends_at: '2026-11-24T12:05:32Z', state: 'expired' }, now)).toBe(false);
    expect(pastItsEnd({ ends_at: 'soon', state: 'active' }, now)).toBe(false);
  });
});

describe('the to-do overview', () => {
  it('names and counts the known kinds, and shows an unknown one as its code', () => {
    expect(todoCountKey('activation_late')).toBe('lines_todo.counts.activation_late');
    expect(todoKindKey('follow_up_due')).toBe('lines_todo.kinds.follow_up_due');
    expect(todoCountKey('newer_kind')).toBe('newer_kind');
  });

  it('links late and ending lines to the lines page of the structure, incidents to theirs', () => {
    expect(todoLink('activation_late', 6)).toBe('/lines?filter=not_active&structure_id=6');
    expect(todoLink('line_ending', 6)).toBe('/lines?filter=ending&structure_id=6');
    expect(todoLink('incident_waiting', 6)).toBe('/line-incidents');
    expect(todoLink('follow_up_due', 6)).toBeNull();
  });

  it('puts the structures with most to do first, each kind in a fixed order, empty counts left out', () => {
    const rows = todoRows([
      { structure_id: 9, structure_name: 'HUDA Béziers', counts: { follow_up_due: 1 } },
      { structure_id: 6, structure_name: 'CADA Le Moule', counts: { activation_late: 4, follow_up_due: 2, incident_waiting: 2, line_ending: 1 } },
      { structure_id: 3, structure_name: 'CADA Arles', counts: { line_ending: 1, activation_late: 0 } },
      { structure_id: 4, structure_name: 'CPH Agen', counts: { activation_late: 0 } },
    ]);
    expect(rows.map((r) => [r.structureId, r.total])).toEqual([
      [6, 9],
      [3, 1],
      [9, 1],
    ]);
    expect(rows[0].counts).toEqual([
      { kind: 'incident_waiting', count: 2 },
      { kind: 'activation_late', count: 4 },
      { kind: 'line_ending', count: 1 },
      { kind: 'follow_up_due', count: 2 },
    ]);
    expect(rows[1].counts).toEqual([{ kind: 'line_ending', count: 1 }]);
  });
});

describe('line incidents', () => {
  it('names kinds and statuses, with what happens next', () => {
    expect(lineIncidentKindKey('stolen')).toBe('line_incidents_page.kinds.stolen');
    expect(lineIncidentStatusKey('swap_requested')).toBe('line_incidents_page.statuses.swap_requested');
    expect(lineIncidentNextKey('blocked')).toBe('line_incidents_page.next.blocked');
    expect(lineIncidentNextKey('blocked', 'structure')).toBe('line_incidents_page.next_structure.blocked');
    expect(lineIncidentNextKey('declared', 'coordinator')).toBe('line_incidents_page.next.declared');
    expect(lineIncidentStatusKey('unknown')).toBe('unknown');
    expect(lineIncidentNextKey('unknown')).toBeNull();
  });

  it('offers the block only on a declared line', () => {
    expect(canAskBlock({ status: 'declared' })).toBe(true);
    for (const status of ['block_requested', 'blocked', 'swap_requested', 'replaced'] as const) {
      expect(canAskBlock({ status }), status).toBe(false);
    }
    expect(lineIncidentTone('declared')).toBe('wrong');
    expect(lineIncidentTone('blocked')).toBe('waiting');
    expect(lineIncidentTone('replaced')).toBe('done');
  });

  it('lists those to block first, then the others open, then the replaced, newest first within', () => {
    const sorted = openFirst([
      { id: 1, status: 'replaced' as const },
      { id: 2, status: 'declared' as const },
      { id: 3, status: 'block_requested' as const },
      { id: 4, status: 'declared' as const },
      { id: 5, status: 'replaced' as const },
      { id: 6, status: 'swap_requested' as const },
    ]);
    expect(sorted.map((i) => i.id)).toEqual([4, 2, 6, 3, 5, 1]);
  });
});

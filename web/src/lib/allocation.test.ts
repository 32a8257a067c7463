import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_SORTS,
  SEARCH_MAX,
  defaultFilters,
  defaultOrder,
  isFiltered,
  isNarrowed,
  lineOutcome,
  linesQuery,
  orderKey,
  outcomeCount,
  requestsWithCards,
  searchText,
  sortKind,
} from './allocation';

describe('allocation list query', () => {
  it('sends the sort and page size alone when nothing is chosen', () => {
    expect(linesQuery(defaultFilters(), null, 50)).toEqual({ limit: 50, sort: 'score' });
  });

  it('sends each filter chosen, the trimmed search and the cursor', () => {
    const filters = {
      ...defaultFilters(),
      q: '  Saint-Leu ',
      department: '974',
      structure_type: 'CADA' as const,
      outcome: 'partly_served' as const,
    };
    expect(linesQuery(filters, 'abc', 50)).toEqual({
      limit: 50,
      sort: 'score',
      q: 'Saint-Leu',
      department: '974',
      structure_type: 'CADA',
      outcome: 'partly_served',
      cursor: 'abc',
    });
  });

  it('sends the order only when it is not the sort’s own', () => {
    expect(linesQuery({ ...defaultFilters(), sort: 'structure', order: 'asc' }, null, 20)).toEqual({ limit: 20, sort: 'structure' });
    expect(linesQuery({ ...defaultFilters(), sort: 'structure', order: 'desc' }, null, 20)).toEqual({
      limit: 20,
      sort: 'structure',
      order: 'desc',
    });
    expect(linesQuery({ ...defaultFilters(), sort: 'missing', order: 'asc' }, null, 20).order).toBe('asc');
    expect(linesQuery({ ...defaultFilters(), sort: 'missing', order: 'desc' }, null, 20).order).toBeUndefined();
  });

  it('cuts a search to what the server takes, by characters, not bytes', () => {
    expect(searchText('   ')).toBe('');
    expect(searchText('é'.repeat(150))).toBe('é'.repeat(SEARCH_MAX));
    expect(searchText(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });
});

describe('allocation sorts', () => {
  it('orders numbers largest first and the rest in ascending order, as the server does', () => {
    expect(ALLOCATION_SORTS.filter((s) => defaultOrder(s) === 'desc')).toEqual(['score', 'allocated', 'requested', 'missing']);
    expect(defaultOrder('request')).toBe('asc');
    expect(defaultOrder('submitted_at')).toBe('asc');
  });

  it('names the order by what is sorted', () => {
    expect(sortKind('department')).toBe('text');
    expect(sortKind('submitted_at')).toBe('date');
    expect(sortKind('request')).toBe('number');
    expect(orderKey('structure', 'desc')).toBe('allocation.orders.text_desc');
    expect(orderKey('submitted_at', 'asc')).toBe('allocation.orders.date_asc');
    expect(orderKey('score', 'desc')).toBe('allocation.orders.number_desc');
  });

  it('tells a list narrowed by a filter from one only sorted', () => {
    expect(isFiltered(defaultFilters())).toBe(false);
    expect(isNarrowed(defaultFilters())).toBe(false);
    const sorted = { ...defaultFilters(), sort: 'request' as const, order: 'asc' as const };
    expect([isFiltered(sorted), isNarrowed(sorted)]).toEqual([true, false]);
    const searched = { ...defaultFilters(), q: ' 6 ' };
    expect([isFiltered(searched), isNarrowed(searched)]).toEqual([true, true]);
    expect(isNarrowed({ ...defaultFilters(), q: '   ' })).toBe(false);
    expect(isNarrowed({ ...defaultFilters(), outcome: 'unserved' })).toBe(true);
  });
});

describe('allocation outcomes', () => {
  it('reads what a request gets as the server counts it', () => {
    expect(lineOutcome({ requested: 40, allocated: 40 })).toBe('served');
    expect(lineOutcome({ requested: 40, allocated: 39 })).toBe('partly_served');
    expect(lineOutcome({ requested: 40, allocated: 0 })).toBe('unserved');
  });

  it('counts the requests of a group that get cards', () => {
    const share = { requests: 10, requested: 100, allocated: 60, served: 4, partly_served: 3, unserved: 3 };
    expect(requestsWithCards(share)).toBe(7);
    expect(outcomeCount(share, 'unserved')).toBe(3);
    expect(outcomeCount(share, 'served')).toBe(4);
  });
});

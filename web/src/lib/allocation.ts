// The allocation preview in the UI: its summary (GET /allocation) and the search, filters and sort
// of its paged list of requests (GET /allocation/requests), as the API names them. Their labels
// live in the i18n catalogues under `allocation.`.
import type { components, operations } from './api-types';

export type Allocation = components['schemas']['Allocation'];
export type AllocationShare = components['schemas']['AllocationShare'];
export type AllocationDepartment = components['schemas']['AllocationDepartment'];
export type AllocationStructureType = components['schemas']['AllocationStructureType'];
export type AllocationLine = components['schemas']['AllocationLine'];
export type AllocationLinePage = components['schemas']['AllocationLinePage'];
export type AllocationOutcome = components['schemas']['AllocationOutcome'];
export type AllocationSort = components['schemas']['AllocationSort'];
export type StructureType = components['schemas']['StructureType'];
export type SortOrder = 'asc' | 'desc';
export type LinesQuery = NonNullable<operations['listAllocationRequests']['parameters']['query']>;

export const ALLOCATION_OUTCOMES: readonly AllocationOutcome[] = ['served', 'partly_served', 'unserved'];

export const ALLOCATION_SORTS: readonly AllocationSort[] = [
  'score',
  'allocated',
  'requested',
  'missing',
  'department',
  'structure',
  'submitted_at',
  'request',
];

/** The longest search the server takes, in characters. */
export const SEARCH_MAX = 100;

/** How a sort's values read: numbers, names and codes, or dates. */
export function sortKind(sort: AllocationSort): 'number' | 'text' | 'date' {
  if (sort === 'department' || sort === 'structure') return 'text';
  if (sort === 'submitted_at') return 'date';
  return 'number';
}

/** The order the server takes when none is sent: quantities and scores largest first. */
export function defaultOrder(sort: AllocationSort): SortOrder {
  return sort === 'score' || sort === 'allocated' || sort === 'requested' || sort === 'missing' ? 'desc' : 'asc';
}

/** The i18n key of an order's name for a sort, e.g. "From Z to A" for a name. */
export function orderKey(sort: AllocationSort, order: SortOrder): string {
  return `allocation.orders.${sortKind(sort)}_${order}`;
}

/** What the reader chose to see of the list. Empty strings stand for "all". */
export interface LineFilters {
  q: string;
  department: string;
  structure_type: StructureType | '';
  outcome: AllocationOutcome | '';
  sort: AllocationSort;
  order: SortOrder;
}

export function defaultFilters(): LineFilters {
  return { q: '', department: '', structure_type: '', outcome: '', sort: 'score', order: 'desc' };
}

/** Whether anything narrows or reorders the list. */
export function isFiltered(filters: LineFilters): boolean {
  const initial = defaultFilters();
  return (Object.keys(initial) as (keyof LineFilters)[]).some((key) => filters[key] !== initial[key]);
}

/** Whether anything narrows the list (the sort aside): then its total is a part of all requests. */
export function isNarrowed(filters: LineFilters): boolean {
  return searchText(filters.q) !== '' || filters.department !== '' || filters.structure_type !== '' || filters.outcome !== '';
}

/** The search as sent: without the spaces around it, and no longer than the server takes. */
export function searchText(q: string): string {
  return Array.from(q.trim()).slice(0, SEARCH_MAX).join('').trim();
}

/** The query of one page of the list: only what is chosen, the order only when not the default. */
export function linesQuery(filters: LineFilters, cursor: string | null, limit: number): LinesQuery {
  const query: LinesQuery = { limit, sort: filters.sort };
  const q = searchText(filters.q);
  if (q) query.q = q;
  if (filters.department) query.department = filters.department;
  if (filters.structure_type) query.structure_type = filters.structure_type;
  if (filters.outcome) query.outcome = filters.outcome;
  if (filters.order !== defaultOrder(filters.sort)) query.order = filters.order;
  if (cursor) query.cursor = cursor;
  return query;
}

/** What a request gets: all that was approved, a part, or nothing (as the server counts it). */
export function lineOutcome(line: Pick<AllocationLine, 'requested' | 'allocated'>): AllocationOutcome {
  if (line.allocated === 0) return 'unserved';
  return line.allocated < line.requested ? 'partly_served' : 'served';
}

/** How many requests of a group get at least one card. */
export function requestsWithCards(share: Pick<AllocationShare, 'served' | 'partly_served'>): number {
  return share.served + share.partly_served;
}

/** How many requests of a group an outcome counts. */
export function outcomeCount(share: AllocationShare, outcome: AllocationOutcome): number {
  return share[outcome];
}

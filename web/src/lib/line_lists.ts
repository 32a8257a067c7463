// Lines in use, as the coordinator and the structures follow them: the list's filters and their
// place in the address (`/lines?filter=ending&structure_id=6`), the to-do kinds and the line
// incidents' kinds and statuses (labels under `lines_page.`, `lines_todo.` and `line_incidents_page.`).
import type { components } from './api-types';

export type Line = components['schemas']['Line'];
export type LineIncident = components['schemas']['LineIncident'];
export type LineIncidentStatus = LineIncident['status'];
export type LineIncidentKind = LineIncident['kind'];
export type TodoList = components['schemas']['TodoList'];
export type TodoItem = components['schemas']['TodoItem'];
export type TodoKind = TodoItem['kind'];

/** The list's filters, in the order of the tabs: what needs following first, then all. */
export const LINE_FILTERS = ['not_active', 'ending', 'ended', 'all'] as const;
export type LineFilter = (typeof LINE_FILTERS)[number];

export function isLineFilter(value: unknown): value is LineFilter {
  return typeof value === 'string' && (LINE_FILTERS as readonly string[]).includes(value);
}

/** What the address of the lines page says: the filter (all by default) and the structure. */
export interface LineSelection {
  filter: LineFilter;
  structureId: number | null;
}

function positiveId(value: string | null): number | null {
  return value && /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : null;
}

/** `?filter=ending&structure_id=6` → the selection; an unknown filter or id is ignored. */
export function parseLineSelection(search: string): LineSelection {
  const params = new URLSearchParams(search);
  const filter = params.get('filter');
  return { filter: isLineFilter(filter) ? filter : 'all', structureId: positiveId(params.get('structure_id')) };
}

/** The lines page's address for a selection; the defaults are left out. */
export function linesPath(selection: LineSelection): string {
  const params = new URLSearchParams();
  if (selection.filter !== 'all') params.set('filter', selection.filter);
  if (selection.structureId !== null) params.set('structure_id', String(selection.structureId));
  const query = params.toString();
  return query ? `/lines?${query}` : '/lines';
}

/** The query of GET /api/v1/lines for a selection and a page. */
export function linesQuery(
  selection: LineSelection,
  page: { limit: number; cursor?: string | null },
): { filter: LineFilter; structure_id?: number; limit: number; cursor?: string } {
  return {
    filter: selection.filter,
    ...(selection.structureId !== null ? { structure_id: selection.structureId } : {}),
    limit: page.limit,
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/** The data a line used, as the operator last reported it: "1,2 Go" from 1 200 Mo, else in Mo. */
export function dataUsed(mb: number | null): { value: number; unit: 'mb' | 'gb' } | null {
  if (mb === null) return null;
  if (mb < 1000) return { value: mb, unit: 'mb' };
  return { value: Math.round(mb / 100) / 10, unit: 'gb' };
}

/**
 * A line past its end that the operator has not ended (its card still `active` or `suspended`):
 * the state alone would say it works.
 */
export function pastItsEnd(line: Pick<Line, 'ends_at' | 'state'>, now: Date): boolean {
  const end = new Date(line.ends_at);
  return !Number.isNaN(end.getTime()) && end.getTime() < now.getTime() && (line.state === 'active' || line.state === 'suspended');
}

// --- to-do lists ----------------------------------------------------------------------------

/** The kinds of to-do item, in the order the overview shows them. */
export const TODO_KINDS: readonly TodoKind[] = ['incident_waiting', 'activation_late', 'line_ending', 'follow_up_due'];

/** The i18n key counting a kind (`lines_todo.counts.activation_late_one`…); an unknown kind as such. */
export function todoCountKey(kind: string): string {
  return (TODO_KINDS as readonly string[]).includes(kind) ? `lines_todo.counts.${kind}` : kind;
}

/** The i18n key naming one item's kind. */
export function todoKindKey(kind: string): string {
  return (TODO_KINDS as readonly string[]).includes(kind) ? `lines_todo.kinds.${kind}` : kind;
}

/**
 * Where a structure's count of a kind leads: its late or ending lines on the lines page, its
 * incidents on the line incidents' page; the follow-ups, to the structure's items (null).
 */
export function todoLink(kind: string, structureId: number): string | null {
  if (kind === 'activation_late') return linesPath({ filter: 'not_active', structureId });
  if (kind === 'line_ending') return linesPath({ filter: 'ending', structureId });
  if (kind === 'incident_waiting') return '/line-incidents';
  return null;
}

export interface TodoRow {
  structureId: number;
  name: string;
  /** The kinds with at least one item, in TODO_KINDS order (unknown kinds after). */
  counts: { kind: string; count: number }[];
  total: number;
}

/** The coordinator's overview as rows: the structures with most to do first, then by name. */
export function todoRows(structures: TodoList['structures'], collator = new Intl.Collator('fr')): TodoRow[] {
  const order = (kind: string) => {
    const i = (TODO_KINDS as readonly string[]).indexOf(kind);
    return i < 0 ? TODO_KINDS.length : i;
  };
  return structures
    .map((s) => {
      const counts = Object.entries(s.counts)
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => ({ kind, count }))
        .sort((a, b) => order(a.kind) - order(b.kind) || a.kind.localeCompare(b.kind));
      return {
        structureId: s.structure_id,
        name: s.structure_name,
        counts,
        total: counts.reduce((sum, c) => sum + c.count, 0),
      };
    })
    .filter((row) => row.total > 0)
    .sort((a, b) => b.total - a.total || collator.compare(a.name, b.name));
}

// --- line incidents -------------------------------------------------------------------------

export const LINE_INCIDENT_KINDS: readonly LineIncidentKind[] = ['lost', 'stolen', 'defective'];
export const LINE_INCIDENT_STATUSES: readonly LineIncidentStatus[] = [
  'declared',
  'block_requested',
  'blocked',
  'swap_requested',
  'replaced',
];

export function isLineIncidentStatus(value: unknown): value is LineIncidentStatus {
  return typeof value === 'string' && (LINE_INCIDENT_STATUSES as readonly string[]).includes(value);
}

export function lineIncidentKindKey(kind: string): string {
  return (LINE_INCIDENT_KINDS as readonly string[]).includes(kind) ? `line_incidents_page.kinds.${kind}` : kind;
}

/** The status in a word (`line_incidents_page.statuses.…`). */
export function lineIncidentStatusKey(status: string): string {
  return isLineIncidentStatus(status) ? `line_incidents_page.statuses.${status}` : status;
}

/**
 * What happens next, in a sentence, as its reader acts on it: the coordinator asks the block, the
 * structure replaces the card (`line_incidents_page.next.…`, `…next_structure.…`).
 */
export function lineIncidentNextKey(status: string, reader: 'coordinator' | 'structure' = 'coordinator'): string | null {
  if (!isLineIncidentStatus(status)) return null;
  return `line_incidents_page.${reader === 'coordinator' ? 'next' : 'next_structure'}.${status}`;
}

/** The coordinator's part: asking the operator to block a declared line. */
export function canAskBlock(incident: Pick<LineIncident, 'status'>): boolean {
  return incident.status === 'declared';
}

/** The tone of a status badge: to act on, waiting for someone else, done. */
export function lineIncidentTone(status: string): 'wrong' | 'waiting' | 'done' {
  if (status === 'declared') return 'wrong';
  if (status === 'replaced') return 'done';
  return 'waiting';
}

/** Open incidents first, the coordinator's to act on (declared) at the top; newest first within. */
export function openFirst<T extends Pick<LineIncident, 'id' | 'status'>>(incidents: readonly T[]): T[] {
  const rank = (i: T) => (i.status === 'declared' ? 0 : i.status === 'replaced' ? 2 : 1);
  return [...incidents].sort((a, b) => rank(a) - rank(b) || b.id - a.id);
}

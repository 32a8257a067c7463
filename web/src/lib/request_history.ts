// A request's history as its page tells it: the request's own events, then what became of its
// cards, from the parcels that hold them (made, closed, shipped, delivered), in time order.
import type { components } from './api-types';

type RequestDetail = components['schemas']['RequestDetail'];
export type RequestEvent = RequestDetail['events'][number];
export type RequestParcel = RequestDetail['parcels'][number];

/** What happened to a parcel holding the request's cards. */
export type ParcelStep = 'made' | 'closed' | 'shipped' | 'delivered';

export type HistoryEntry =
  | { kind: 'event'; at: string; event: RequestEvent }
  | { kind: 'parcel'; at: string; step: ParcelStep; parcel: RequestParcel };

/**
 * Every step of every parcel that took place. A parcel still open when the request's cards were
 * allocated takes them in (one parcel per address): its cards were put in it after their
 * allocation, not when it was opened, so that step is told no earlier than `allocatedAt`.
 */
export function parcelSteps(parcels: readonly RequestParcel[], allocatedAt: string | null = null): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const parcel of parcels) {
    const made = allocatedAt && allocatedAt > parcel.created_at ? allocatedAt : parcel.created_at;
    const steps: [ParcelStep, string | null][] = [
      ['made', made],
      ['closed', parcel.packed_at],
      ['shipped', parcel.shipped_at],
      ['delivered', parcel.delivered_at],
    ];
    for (const [step, at] of steps) if (at) out.push({ kind: 'parcel', at, step, parcel });
  }
  return out;
}

/**
 * The request's events and its parcels' steps in time order. At the same instant: the request's
 * events, then the parcels' steps (cards are put in a parcel once allocated), then its
 * fulfilment (a delivery is what fulfils it, in the same transaction).
 */
export function requestHistory(events: readonly RequestEvent[], parcels: readonly RequestParcel[]): HistoryEntry[] {
  const allocated = events.find((e) => e.transition === 'allocate')?.at ?? null;
  const all: HistoryEntry[] = [
    ...events.map((event): HistoryEntry => ({ kind: 'event', at: event.at, event })),
    ...parcelSteps(parcels, allocated),
  ];
  const rank = (e: HistoryEntry) => (e.kind === 'parcel' ? 1 : e.event.transition === 'fulfil' ? 2 : 0);
  return all
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) =>
      a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : rank(a.entry) - rank(b.entry) || a.i - b.i,
    )
    .map(({ entry }) => entry);
}

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

/** Every step of every parcel that took place. */
export function parcelSteps(parcels: readonly RequestParcel[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const parcel of parcels) {
    const steps: [ParcelStep, string | null][] = [
      ['made', parcel.created_at],
      ['closed', parcel.packed_at],
      ['shipped', parcel.shipped_at],
      ['delivered', parcel.delivered_at],
    ];
    for (const [step, at] of steps) if (at) out.push({ kind: 'parcel', at, step, parcel });
  }
  return out;
}

/**
 * The request's events and its parcels' steps in time order. At the same instant a parcel's
 * step comes first: a delivery is what fulfils the request, in the same transaction.
 */
export function requestHistory(events: readonly RequestEvent[], parcels: readonly RequestParcel[]): HistoryEntry[] {
  const all: HistoryEntry[] = [
    ...parcelSteps(parcels),
    ...events.map((event): HistoryEntry => ({ kind: 'event', at: event.at, event })),
  ];
  return all
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.i - b.i))
    .map(({ entry }) => entry);
}

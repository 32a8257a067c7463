// Packing orders in the UI: their states (labels under `packing_states.` in the catalogues), the
// documents of a parcel, its progress, when it may be closed, and its cards once one is scanned.
import type { components } from './api-types';

export type PackingOrder = components['schemas']['PackingOrder'];
export type PackingOrderDetail = components['schemas']['PackingOrderDetail'];
export type PackingOrderState = components['schemas']['PackingOrderState'];
export type PackedCard = PackingOrderDetail['sims'][number];

/** Being packed, closed, then on its way with a shipment until delivered, lost or returned. */
export const PACKING_ORDER_STATES: readonly PackingOrderState[] = ['open', 'packed', 'shipped', 'delivered', 'lost', 'returned'];

export function isPackingOrderState(value: unknown): value is PackingOrderState {
  return typeof value === 'string' && (PACKING_ORDER_STATES as readonly string[]).includes(value);
}

/** The i18n key naming an order's state; an unknown one (a newer server) falls back to its code. */
export function packingStateKey(state: string): string {
  return isPackingOrderState(state) ? `packing_states.${state}` : state;
}

/**
 * The packing list (A4 PDF) to print and put in the parcel, in the reader's language (a link
 * the browser opens sends no Accept-Language of ours); the session cookie goes with it.
 */
export function packingListUrl(id: number, lang: string): string {
  return `/api/v1/packing-orders/${id}/packing-list.pdf?lang=${encodeURIComponent(lang)}`;
}

/** The A6 shipping label (PDF), in the reader's language. */
export function labelUrl(id: number, lang: string): string {
  return `/api/v1/packing-orders/${id}/label.pdf?lang=${encodeURIComponent(lang)}`;
}

/** The share of the parcel's cards scanned in, from 0 to 1 (0 for an empty parcel). */
export function packedRatio(order: Pick<PackingOrder, 'packed' | 'total'>): number {
  if (order.total <= 0) return 0;
  return Math.min(1, Math.max(0, order.packed / order.total));
}

/** An open parcel whose every card is scanned in may be closed (the server says the same). */
export function canClose(order: Pick<PackingOrder, 'state' | 'packed' | 'total'>): boolean {
  return order.state === 'open' && order.total > 0 && order.packed >= order.total;
}

/** The cards with the one just scanned in marked packed (the order's counts come from the server). */
export function markPacked(cards: readonly PackedCard[], iccid: string): PackedCard[] {
  return cards.map((card) => (card.iccid === iccid ? { ...card, state: 'packed' } : card));
}

/** The order's counts and state from a scan's answer, its cards kept. */
export function withOrder(detail: PackingOrderDetail, order: PackingOrder): PackingOrderDetail {
  return { ...detail, ...order, sims: detail.sims };
}

/** "97160 Le Moule": the parts of the address line that are there. */
export function placeLine(order: Pick<PackingOrder, 'postcode' | 'commune'>): string {
  return [order.postcode, order.commune].filter(Boolean).join(' ');
}

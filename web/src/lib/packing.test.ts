import { describe, expect, it } from 'vitest';
import {
  canClose,
  labelUrl,
  markPacked,
  packedRatio,
  packingListUrl,
  packingStateKey,
  placeLine,
  withOrder,
  type PackingOrder,
  type PackingOrderDetail,
} from './packing';

const order: PackingOrder = {
  id: 1,
  delivery_token: null,
  reference: 'CO-000001',
  state: 'open',
  structure_id: 6,
  structure_name: 'CADA Le Moule',
  address: '146 rue de la République',
  postcode: '97160',
  commune: 'Le Moule',
  department: '971',
  logistics_id: 4,
  logistics_name: 'ARES',
  leaflet_languages: ['fr'],
  total: 2,
  packed: 0,
  created_at: '2026-11-26T07:28:21Z',
  packed_at: null,
  shipment_id: null,
  delivered_at: null,
  updated_at: '2026-11-26T07:28:21Z',
};

const detail: PackingOrderDetail = {
  ...order,
  sims: [
    { iccid: '8933102000012000007', state: 'reserved' },
    { iccid: '8933102000012000015', state: 'reserved' },
  ],
};

describe('packing orders', () => {
  it('names the known states and leaves an unknown one as its code', () => {
    expect(packingStateKey('open')).toBe('packing_states.open');
    expect(packingStateKey('packed')).toBe('packing_states.packed');
    expect(packingStateKey('delivered')).toBe('packing_states.delivered');
    expect(packingStateKey('unpacked')).toBe('unpacked');
  });

  it('links the two documents of a parcel', () => {
    expect(packingListUrl(12, 'fr')).toBe('/api/v1/packing-orders/12/packing-list.pdf?lang=fr');
    expect(labelUrl(12, 'en')).toBe('/api/v1/packing-orders/12/label.pdf?lang=en');
  });

  it('measures the progress of a parcel', () => {
    expect(packedRatio({ packed: 0, total: 12 })).toBe(0);
    expect(packedRatio({ packed: 3, total: 12 })).toBe(0.25);
    expect(packedRatio({ packed: 12, total: 12 })).toBe(1);
    expect(packedRatio({ packed: 0, total: 0 })).toBe(0);
  });

  it('closes an open parcel only once every card is in', () => {
    expect(canClose({ state: 'open', packed: 11, total: 12 })).toBe(false);
    expect(canClose({ state: 'open', packed: 12, total: 12 })).toBe(true);
    expect(canClose({ state: 'packed', packed: 12, total: 12 })).toBe(false);
    expect(canClose({ state: 'open', packed: 0, total: 0 })).toBe(false);
  });

  it('marks the card scanned in, and no other', () => {
    const cards = markPacked(detail.sims, '8933102000012000015');
    expect(cards.map((c) => c.state)).toEqual(['reserved', 'packed']);
    expect(detail.sims[1].state).toBe('reserved');
    expect(markPacked(detail.sims, '8933102000012000999')).toEqual(detail.sims);
  });

  it('takes the counts of a scan answer and keeps the cards', () => {
    const next = withOrder(detail, { ...order, packed: 1 });
    expect(next.packed).toBe(1);
    expect(next.sims).toBe(detail.sims);
  });

  it('writes the postcode and commune that are there', () => {
    expect(placeLine(order)).toBe('97160 Le Moule');
    expect(placeLine({ postcode: null, commune: 'Le Moule' })).toBe('Le Moule');
    expect(placeLine({ postcode: null, commune: null })).toBe('');
  });
});

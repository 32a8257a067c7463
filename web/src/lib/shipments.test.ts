import { describe, expect, it } from 'vitest';
import { ROLES } from './roles';
import {
  SHIPMENT_STATES,
  isShipmentState,
  readyParcels,
  roleMayMoveShipment,
  shipmentActions,
  shipmentCards,
  shipmentInput,
  shipmentStateKey,
} from './shipments';

describe('shipment states', () => {
  it('knows the five states and names them under shipment_states', () => {
    expect(SHIPMENT_STATES).toEqual(['prepared', 'shipped', 'delivered', 'lost', 'returned']);
    expect(isShipmentState('shipped')).toBe(true);
    expect(isShipmentState('packed')).toBe(false);
    expect(shipmentStateKey('lost')).toBe('shipment_states.lost');
    expect(shipmentStateKey('teleported')).toBe('teleported');
  });
});

describe('shipmentActions', () => {
  it('offers shipping a prepared shipment to logistics and the coordinator', () => {
    expect(shipmentActions('logistics', 'prepared')).toEqual(['ship']);
    expect(shipmentActions('coordinator', 'prepared')).toEqual(['ship']);
  });

  it('offers the return of a shipped one to both, the loss to the coordinator only', () => {
    expect(shipmentActions('coordinator', 'shipped')).toEqual(['return', 'declare_lost']);
    expect(shipmentActions('logistics', 'shipped')).toEqual(['return']);
  });

  it('offers nothing once the shipment is over', () => {
    for (const state of ['delivered', 'lost', 'returned', 'unknown']) {
      for (const role of ROLES) expect(shipmentActions(role, state), `${role} ${state}`).toEqual([]);
    }
  });

  it('offers nothing to the structure and the other roles', () => {
    for (const role of ['structure', 'funder', 'operator', 'liaison', 'association'] as const) {
      for (const state of SHIPMENT_STATES) expect(shipmentActions(role, state), `${role} ${state}`).toEqual([]);
      expect(roleMayMoveShipment(role, 'ship')).toBe(false);
    }
  });

  it('asks a reason for a return, a reason and a confirmation for a loss, nothing to ship', () => {
    expect(shipmentInput('ship')).toBe('none');
    expect(shipmentInput('return')).toBe('reason');
    expect(shipmentInput('declare_lost')).toBe('reason_and_confirm');
  });
});

describe('readyParcels', () => {
  it('keeps the closed parcels that are in no shipment yet', () => {
    const orders = [
      { id: 1, state: 'packed', shipment_id: null },
      { id: 2, state: 'open', shipment_id: null },
      { id: 3, state: 'packed', shipment_id: 2 },
      { id: 4, state: 'shipped', shipment_id: 3 },
      { id: 5, state: 'packed', shipment_id: null },
    ];
    expect(readyParcels(orders).map((o) => o.id)).toEqual([1, 5]);
    expect(readyParcels([])).toEqual([]);
  });
});

describe('shipmentCards', () => {
  it('adds up the cards of its parcels', () => {
    expect(shipmentCards({ parcels: [] })).toBe(0);
    const parcel = {
      id: 1,
      reference: 'CO-000001',
      state: 'shipped' as const,
      structure_id: 6,
      structure_name: 'A',
      delivery_token: 't',
      delivered_at: null,
    };
    expect(shipmentCards({ parcels: [{ ...parcel, total: 12 }, { ...parcel, id: 2, total: 3 }] })).toBe(15);
  });
});

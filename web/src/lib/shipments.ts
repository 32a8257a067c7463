// Shipments in the UI: their states (labels under `shipment_states.` in the catalogues), which of
// their moves a role is offered in a state, what each move asks for first, and the closed parcels
// that may leave in a new shipment.
import type { components, paths } from './api-types';
import type { Role } from './roles';

export type Carrier = components['schemas']['Carrier'];
export type Shipment = components['schemas']['Shipment'];
export type ShipmentState = components['schemas']['ShipmentState'];
export type ShipmentParcel = components['schemas']['ShipmentParcel'];

/** The body of POST /shipments/{id}/transitions. */
export type ShipmentTransitionBody = NonNullable<
  paths['/api/v1/shipments/{id}/transitions']['post']['requestBody']
>['content']['application/json'];

export type ShipmentTransition = ShipmentTransitionBody['transition'];

/** The most a reason for a move may hold (the server's limit). */
export const REASON_MAX = 500;

/** Prepared, then on its way until delivered (every parcel confirmed), lost or returned. */
export const SHIPMENT_STATES: readonly ShipmentState[] = ['prepared', 'shipped', 'delivered', 'lost', 'returned'];

/** The moves in the order their buttons are shown. */
export const SHIPMENT_TRANSITIONS: readonly ShipmentTransition[] = ['ship', 'return', 'declare_lost'];

export function isShipmentState(value: unknown): value is ShipmentState {
  return typeof value === 'string' && (SHIPMENT_STATES as readonly string[]).includes(value);
}

/** The i18n key naming a shipment's state; an unknown one (a newer server) falls back to its code. */
export function shipmentStateKey(state: string): string {
  return isShipmentState(state) ? `shipment_states.${state}` : state;
}

/** The state each move starts from (the server's lifecycle). */
const FROM: Readonly<Record<ShipmentTransition, ShipmentState>> = {
  ship: 'prepared',
  return: 'shipped',
  declare_lost: 'shipped',
};

/** Whether the role may make the move at all: logistics ships and takes back, only the coordinator declares a loss. */
export function roleMayMoveShipment(role: Role, transition: ShipmentTransition): boolean {
  if (transition === 'declare_lost') return role === 'coordinator';
  return role === 'coordinator' || role === 'logistics';
}

/** The moves this role is offered for a shipment in this state, in button order. */
export function shipmentActions(role: Role, state: string): ShipmentTransition[] {
  return SHIPMENT_TRANSITIONS.filter((t) => FROM[t] === state && roleMayMoveShipment(role, t));
}

/**
 * What a move asks for before it is sent: shipping goes at once; a return takes a reason; a loss
 * takes a reason and is confirmed, since every card of the shipment is then lost.
 */
export type ShipmentInput = 'none' | 'reason' | 'reason_and_confirm';

export function shipmentInput(transition: ShipmentTransition): ShipmentInput {
  if (transition === 'ship') return 'none';
  if (transition === 'return') return 'reason';
  return 'reason_and_confirm';
}

/** The closed parcels not in a shipment yet: those a new shipment may take. */
export function readyParcels<T extends { state: string; shipment_id: number | null }>(orders: readonly T[]): T[] {
  return orders.filter((o) => o.state === 'packed' && o.shipment_id === null);
}

/** The cards a shipment carries, over its parcels (those the user sees). */
export function shipmentCards(shipment: Pick<Shipment, 'parcels'>): number {
  return shipment.parcels.reduce((sum, p) => sum + p.total, 0);
}

// What the colour of a state badge says, one answer for every kind of thing that has a state:
// done (it is over, nothing is left to do), waiting (it is on its way, or someone has to act),
// or wrong (lost, returned, refused, an incident still open).
import type { IncidentState } from './incidents';
import type { ReferralStatus, RequestState } from './needs';
import type { PackingOrderState } from './packing';
import type { ConsentStatus, ResidentStatus } from './residents';
import type { ShipmentState } from './shipments';

export type Tone = 'done' | 'waiting' | 'wrong';
export type BadgeKind = 'request' | 'referral' | 'packing' | 'shipment' | 'incident' | 'resident' | 'consent';

const REQUEST: Record<RequestState, Tone> = {
  draft: 'waiting',
  submitted: 'waiting',
  endorsed: 'waiting',
  approved: 'waiting',
  partially_approved: 'waiting',
  fulfilled: 'done',
  cancelled: 'done',
  rejected: 'wrong',
};

const REFERRAL: Record<ReferralStatus, Tone> = {
  open: 'waiting',
  included: 'waiting',
  served: 'done',
  closed: 'done',
};

// A parcel and its shipment read alike: ready, on its way, then delivered, lost or returned.
const PACKING: Record<PackingOrderState, Tone> = {
  open: 'waiting',
  packed: 'waiting',
  shipped: 'waiting',
  delivered: 'done',
  lost: 'wrong',
  returned: 'wrong',
};

const SHIPMENT: Record<ShipmentState, Tone> = {
  prepared: 'waiting',
  shipped: 'waiting',
  delivered: 'done',
  lost: 'wrong',
  returned: 'wrong',
};

const INCIDENT: Record<IncidentState, Tone> = {
  open: 'wrong',
  resolved: 'done',
};

// A resident waits for the structure until a line is handed over; once erased nothing is left
// to do with them.
const RESIDENT: Record<ResidentStatus, Tone> = {
  needs_consent: 'waiting',
  waiting_line: 'waiting',
  has_line: 'done',
  erased: 'done',
};

// A consent in force, or one the person took back (or that ran out): the line may no longer rest on it.
const CONSENT: Record<ConsentStatus, Tone> = {
  given: 'done',
  withdrawn: 'wrong',
  expired: 'wrong',
};

const TONES: Record<BadgeKind, Record<string, Tone>> = {
  request: REQUEST,
  referral: REFERRAL,
  packing: PACKING,
  shipment: SHIPMENT,
  incident: INCIDENT,
  resident: RESIDENT,
  consent: CONSENT,
};

/** The tone of a state; a state this app does not know yet (a newer server) is waiting. */
export function stateTone(kind: BadgeKind, state: string): Tone {
  return Object.hasOwn(TONES[kind], state) ? TONES[kind][state] : 'waiting';
}

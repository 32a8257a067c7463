import { describe, expect, it } from 'vitest';
import { stateTone, type BadgeKind } from './state_tone';
import { INCIDENT_STATES } from './incidents';
import { REFERRAL_STATUSES, REQUEST_STATES } from './needs';
import { PACKING_ORDER_STATES } from './packing';
import { CONSENT_STATUSES, RESIDENT_STATUSES } from './residents';
import { SHIPMENT_STATES } from './shipments';

describe('stateTone', () => {
  it('says done, waiting or wrong for every state of every kind', () => {
    const all: [BadgeKind, readonly string[]][] = [
      ['request', REQUEST_STATES],
      ['referral', REFERRAL_STATUSES],
      ['packing', PACKING_ORDER_STATES],
      ['shipment', SHIPMENT_STATES],
      ['incident', INCIDENT_STATES],
      ['resident', RESIDENT_STATUSES],
      ['consent', CONSENT_STATUSES],
    ];
    const tones = all.map(([kind, states]) => [kind, states.map((s) => `${s}:${stateTone(kind, s)}`).join(' ')]);
    expect(Object.fromEntries(tones)).toEqual({
      request:
        'draft:waiting submitted:waiting endorsed:waiting approved:waiting partially_approved:waiting rejected:wrong fulfilled:done cancelled:done',
      referral: 'open:waiting included:waiting served:done closed:done',
      packing: 'open:waiting packed:waiting shipped:waiting delivered:done lost:wrong returned:wrong',
      shipment: 'prepared:waiting shipped:waiting delivered:done lost:wrong returned:wrong',
      incident: 'open:wrong resolved:done',
      resident: 'needs_consent:waiting waiting_line:waiting has_line:done erased:done',
      consent: 'given:done withdrawn:wrong expired:wrong',
    });
  });

  it('gives a parcel and its shipment the same tone for the same moment', () => {
    for (const state of ['shipped', 'delivered', 'lost', 'returned']) expect(stateTone('packing', state), state).toBe(stateTone('shipment', state));
    expect(stateTone('packing', 'packed')).toBe(stateTone('shipment', 'prepared'));
  });

  it('leaves a state it does not know waiting', () => {
    expect(stateTone('shipment', 'held_at_customs')).toBe('waiting');
    expect(stateTone('request', 'toString')).toBe('waiting');
    expect(stateTone('resident', 'moved_out')).toBe('waiting');
  });
});

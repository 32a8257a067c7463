import { describe, expect, it } from 'vitest';
import { parcelSteps, requestHistory, type RequestEvent, type RequestParcel } from './request_history';

const event = (at: string, transition: string): RequestEvent =>
  ({ at, transition, from: 'approved', to: 'approved', actor: 'coordinator@demo.relais', reason: '' }) as RequestEvent;
const parcel: RequestParcel = {
  id: 2,
  reference: 'CO-000002',
  state: 'delivered',
  cards: 20,
  created_at: '2020-04-20T09:00:00Z',
  packed_at: '2020-04-21T09:00:00Z',
  shipped_at: '2020-04-22T09:00:00Z',
  delivered_at: '2020-04-24T09:00:00Z',
};

describe('requestHistory', () => {
  it('gives each step a parcel took, none that it did not', () => {
    expect(parcelSteps([parcel]).map((e) => (e.kind === 'parcel' ? e.step : ''))).toEqual([
      'made',
      'closed',
      'shipped',
      'delivered',
    ]);
    const open = { ...parcel, state: 'open' as const, packed_at: null, shipped_at: null, delivered_at: null };
    expect(parcelSteps([open]).map((e) => (e.kind === 'parcel' ? e.step : ''))).toEqual(['made']);
  });

  it('tells a parcel opened before the allocation as taking the cards at their allocation', () => {
    const opened = { ...parcel, created_at: '2020-04-01T09:00:00Z' };
    const history = requestHistory([event('2020-04-19T09:00:00Z', 'allocate')], [opened]);
    expect(history.map((e) => [e.kind === 'event' ? e.event.transition : e.step, e.at])).toEqual([
      ['allocate', '2020-04-19T09:00:00Z'],
      ['made', '2020-04-19T09:00:00Z'],
      ['closed', '2020-04-21T09:00:00Z'],
      ['shipped', '2020-04-22T09:00:00Z'],
      ['delivered', '2020-04-24T09:00:00Z'],
    ]);
  });

  it('puts the parcel steps between the request events, in time order', () => {
    const history = requestHistory(
      [event('2020-04-19T09:00:00Z', 'allocate'), event('2020-04-24T09:00:00Z', 'fulfil')],
      [parcel],
    );
    expect(history.map((e) => (e.kind === 'event' ? e.event.transition : e.step))).toEqual([
      'allocate',
      'made',
      'closed',
      'shipped',
      'delivered',
      'fulfil',
    ]);
  });
});

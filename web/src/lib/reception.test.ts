import { describe, expect, it } from 'vitest';
import { addReceived, canonicalIccid, checkReception, incidentsByKind, receivedCount, removeReceived, sentCards } from './reception';

// Demo cards 0, 1 and 2 (check digit included).
const A = '8933102000012000007';
const B = '8933102000012000015';
const C = '8933102000012000023';

describe('canonicalIccid', () => {
  it('reads an ICCID as the server does: the filler and the scanner\'s extras dropped', () => {
    expect(canonicalIccid(A)).toBe(A);
    expect(canonicalIccid(`${A}F`)).toBe(A);
    expect(canonicalIccid(` ${A}f\r`)).toBe(A);
    expect(canonicalIccid('8933-1020-0001-2000-007')).toBe(A);
  });

  it('accepts 20 digits', () => {
    expect(canonicalIccid('89331020000120000152')).toBe('89331020000120000152');
    expect(canonicalIccid('89331020000120000151')).toBeNull(); // bad check digit
  });

  it('refuses what cannot be an ICCID', () => {
    expect(canonicalIccid('')).toBeNull();
    expect(canonicalIccid('hello')).toBeNull();
    expect(canonicalIccid('8933102000012000008')).toBeNull(); // bad check digit
    expect(canonicalIccid('7933102000012000007')).toBeNull(); // not 89
    expect(canonicalIccid('893310200001200000')).toBeNull(); // 18 digits
    expect(canonicalIccid('893310200001200000700')).toBeNull(); // 21 digits
  });
});

describe('addReceived', () => {
  it('adds a card at the end', () => {
    const first = addReceived([], A);
    expect(first).toEqual({ outcome: 'added', iccid: A, list: [A] });
    expect(addReceived(first.list, `${B}F`)).toEqual({ outcome: 'added', iccid: B, list: [A, B] });
  });

  it('counts a card scanned twice once, with or without its filler', () => {
    expect(addReceived([A, B], A)).toEqual({ outcome: 'duplicate', iccid: A, list: [A, B] });
    expect(addReceived([A, B], `${A}F`)).toEqual({ outcome: 'duplicate', iccid: A, list: [A, B] });
  });

  it('refuses a code that is no ICCID, and ignores an empty one', () => {
    expect(addReceived([A], 'hello')).toEqual({ outcome: 'invalid', scanned: 'hello', list: [A] });
    expect(addReceived([A], '  \r')).toEqual({ outcome: 'empty', list: [A] });
  });

  it('leaves the list it is given alone', () => {
    const list = [A];
    addReceived(list, B);
    expect(list).toEqual([A]);
  });
});

describe('removeReceived', () => {
  it('takes one card out, the others kept in order', () => {
    expect(removeReceived([A, B, C], B)).toEqual([A, C]);
    expect(removeReceived([A], C)).toEqual([A]);
  });
});

describe('checkReception', () => {
  it('tells the cards sent from the others, and those not scanned yet', () => {
    expect(checkReception([A, C], [A, B])).toEqual({ expected: [A], unexpected: [C], missing: [B] });
    expect(checkReception([], [A])).toEqual({ expected: [], unexpected: [], missing: [A] });
    expect(checkReception([B, A], [A, B])).toEqual({ expected: [B, A], unexpected: [], missing: [] });
  });
});

describe('sentCards, incidentsByKind and receivedCount', () => {
  it('confirms the cards still on their way only', () => {
    expect(
      sentCards([
        { iccid: A, state: 'in_transit' },
        { iccid: B, state: 'defective' },
        { iccid: C, state: 'in_transit' },
      ]),
    ).toEqual([A, C]);
  });

  it('counts the cards that arrived, less the missing ones; unexpected ones do not count', () => {
    const incidents = [{ kind: 'missing_sim' }, { kind: 'unexpected_sim' }, { kind: 'missing_sim' }];
    expect(incidentsByKind(incidents).missing).toHaveLength(2);
    expect(incidentsByKind(incidents).unexpected).toHaveLength(1);
    expect(receivedCount(12, incidents)).toBe(10);
    expect(receivedCount(12, [])).toBe(12);
    expect(receivedCount(1, incidents)).toBe(0);
  });
});

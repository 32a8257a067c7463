// The reception of a parcel by its structure: the list of cards scanned on arrival, built on the
// phone before it is sent in one go. A scan is read as the server does (a 19- or 20-digit ICCID
// starting with 89 with a good check digit, the F filler dropped), a card scanned twice counts
// once, and the list says which scanned cards were sent and which sent cards are still missing.
import { normaliseScan } from './scan';

/** The ICCID as the server keeps it, or null when the code cannot be one. */
export function canonicalIccid(raw: string): string | null {
  const code = normaliseScan(raw).replace(/[fF]$/, '');
  if (!/^89[0-9]{17,18}$/.test(code)) return null;
  return luhnValid(code) ? code : null;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What became of one scan. */
export type ReceivedScan =
  | { outcome: 'added'; iccid: string; list: string[] }
  | { outcome: 'duplicate'; iccid: string; list: string[] }
  | { outcome: 'invalid'; scanned: string; list: string[] }
  | { outcome: 'empty'; list: string[] };

/** The list with the scanned card added at the end, unless it is no ICCID or already there. */
export function addReceived(list: readonly string[], raw: string): ReceivedScan {
  const scanned = normaliseScan(raw);
  if (!scanned) return { outcome: 'empty', list: [...list] };
  const iccid = canonicalIccid(scanned);
  if (!iccid) return { outcome: 'invalid', scanned, list: [...list] };
  if (list.includes(iccid)) return { outcome: 'duplicate', iccid, list: [...list] };
  return { outcome: 'added', iccid, list: [...list, iccid] };
}

/** The list without that card. */
export function removeReceived(list: readonly string[], iccid: string): string[] {
  return list.filter((i) => i !== iccid);
}

/** The scanned cards against those sent: which were sent, which were not, which are not scanned yet. */
export interface ReceptionCheck {
  expected: string[];
  unexpected: string[];
  missing: string[];
}

export function checkReception(scanned: readonly string[], sent: readonly string[]): ReceptionCheck {
  const sentSet = new Set(sent);
  const scannedSet = new Set(scanned);
  return {
    expected: scanned.filter((i) => sentSet.has(i)),
    unexpected: scanned.filter((i) => !sentSet.has(i)),
    missing: sent.filter((i) => !scannedSet.has(i)),
  };
}

/** The parcel's cards still on their way: those the structure confirms (the count it is offered). */
export function sentCards(cards: readonly { iccid: string; state: string }[]): string[] {
  return cards.filter((c) => c.state === 'in_transit').map((c) => c.iccid);
}

/** The incidents a delivery opened, split by kind. */
export function incidentsByKind<T extends { kind: string }>(incidents: readonly T[]): { missing: T[]; unexpected: T[] } {
  return {
    missing: incidents.filter((i) => i.kind === 'missing_sim'),
    unexpected: incidents.filter((i) => i.kind === 'unexpected_sim'),
  };
}

/** The cards that arrived: those of the parcel, less the missing ones. */
export function receivedCount(total: number, incidents: readonly { kind: string }[]): number {
  return Math.max(0, total - incidentsByKind(incidents).missing.length);
}

// The packing station's pure rules: what is sent for a scanned or typed code, what the station
// signals for the server's answer, the log of the last scans, and the camera's repeated reads.
import { asProblem } from './problem';

/**
 * The code as sent to the server: without what a USB scanner or a person may add around or
 * inside it (spaces, tabs, a carriage return or a group separator, dashes), the ICCID's trailing
 * `f` filler in capitals. The filler itself is kept: the server accepts it. Anything else is left
 * as typed, for the server to judge and name in its message.
 */
export function normaliseScan(raw: string): string {
  return raw.replace(/[\s\u0000-\u001f\u007f-]+/g, '').replace(/^([0-9]+)f$/, '$1F');
}

/** What the station shows and plays: green and a high beep, or red and a low double buzz. */
export type ScanSignal = 'ok' | 'wrong';

/** The scan outcome codes of the API; any other code (a newer server, a refusal) is wrong. */
export const WRONG_SCAN_CODES = [
  'scan_invalid',
  'scan_unknown',
  'scan_other_order',
  'scan_already_packed',
  'scan_wrong_state',
  'order_not_open',
] as const;

/** The outcome of one scan as the station shows it. */
export interface ScanFeedback {
  signal: ScanSignal;
  /** `packed`, a problem code (`scan_unknown`…), or `network` when the server did not answer. */
  outcome: string;
  /** The code as sent. */
  scanned: string;
  /** The card packed (the server's ICCID, without filler), when packed. */
  iccid: string | null;
  message: string;
}

/** The server's answer to a scan, as openapi-fetch gives it. */
export interface ScanAnswer {
  data?: { iccid: string; outcome: string };
  error?: unknown;
}

/**
 * The feedback for the server's answer to a scan: packed is the only good outcome; every
 * refusal (409 with its code, 422, 403…) is a wrong scan with the server's localised message.
 */
export function scanFeedback(
  scanned: string,
  answer: ScanAnswer,
  texts: { packed: (iccid: string) => string; fallback: string },
): ScanFeedback {
  if (answer.data?.outcome === 'packed') {
    const iccid = answer.data.iccid;
    return { signal: 'ok', outcome: 'packed', scanned, iccid, message: texts.packed(iccid) };
  }
  const problem = asProblem(answer.error);
  return {
    signal: 'wrong',
    outcome: problem?.code ?? 'error',
    scanned,
    iccid: null,
    message: problem?.detail || problem?.title || texts.fallback,
  };
}

/** The feedback when the server did not answer at all. */
export function networkFeedback(scanned: string, message: string): ScanFeedback {
  return { signal: 'wrong', outcome: 'network', scanned, iccid: null, message };
}

/** One line of the last scans, newest first. */
export interface ScanLogEntry extends ScanFeedback {
  /** Increasing number of the scan on this page, a key for the list. */
  seq: number;
  at: Date;
}

export const SCAN_LOG_SIZE = 50;

/** The log with the new entry first, the oldest ones beyond `size` dropped. */
export function addToLog(log: readonly ScanLogEntry[], entry: ScanLogEntry, size = SCAN_LOG_SIZE): ScanLogEntry[] {
  return [entry, ...log].slice(0, Math.max(0, size));
}

/**
 * The camera reads the same barcode several times a second while it stays in view: a code is
 * let through when it differs from the last one, or when the last one has not been seen for
 * `windowMs` (every read of the same code pushes that moment on, so that a card left under the
 * camera is not scanned again and again).
 */
export class RepeatFilter {
  readonly windowMs: number;
  #last: string | null = null;
  #seenAt = 0;

  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
  }

  accept(code: string, now: number): boolean {
    const repeat = code === this.#last && now - this.#seenAt < this.windowMs;
    this.#last = code;
    this.#seenAt = now;
    return !repeat;
  }

  /** Forgets the last code, e.g. when the camera is turned off. */
  reset(): void {
    this.#last = null;
    this.#seenAt = 0;
  }
}

/**
 * The code a camera frame gives the station: the first Code 128 read with some text, normalised
 * as a typed one; null when the frame shows none.
 */
export function codeFromDetections(detections: readonly { rawValue: string; format: string }[]): string | null {
  for (const detection of detections) {
    if (detection.format !== 'code_128') continue;
    const code = normaliseScan(detection.rawValue);
    if (code) return code;
  }
  return null;
}

import { describe, expect, it } from 'vitest';
import { addToLog, codeFromDetections, normaliseScan, networkFeedback, RepeatFilter, scanFeedback, type ScanLogEntry } from './scan';

const texts = { packed: (iccid: string) => `${iccid} packed`, fallback: 'Error.' };

describe('normaliseScan', () => {
  it('keeps an ICCID as it is', () => {
    expect(normaliseScan('8933102000012000007')).toBe('8933102000012000007');
  });

  it('drops what a USB scanner adds around the code', () => {
    expect(normaliseScan('  8933102000012000007\r\n')).toBe('8933102000012000007');
    expect(normaliseScan('\t8933102000012000007\u001d')).toBe('8933102000012000007');
  });

  it('joins an ICCID typed in groups', () => {
    expect(normaliseScan('8933 1020 0001 2000 007')).toBe('8933102000012000007');
    expect(normaliseScan('8933-1020-0001-2000-007')).toBe('8933102000012000007');
  });

  it('keeps the F filler for the server, in capitals', () => {
    expect(normaliseScan('8933102000012000007f')).toBe('8933102000012000007F');
    expect(normaliseScan('8933102000012000007F ')).toBe('8933102000012000007F');
  });

  it('leaves something else for the server to refuse, and nothing as nothing', () => {
    expect(normaliseScan(' hello ')).toBe('hello');
    expect(normaliseScan('8933x')).toBe('8933x');
    expect(normaliseScan(' \r\n ')).toBe('');
  });
});

describe('scanFeedback', () => {
  it('is good when the card is packed, with the ICCID as the server reads it', () => {
    const feedback = scanFeedback('8933102000012000007F', { data: { iccid: '8933102000012000007', outcome: 'packed' } }, texts);
    expect(feedback).toEqual({
      signal: 'ok',
      outcome: 'packed',
      scanned: '8933102000012000007F',
      iccid: '8933102000012000007',
      message: '8933102000012000007 packed',
    });
  });

  it('is wrong for each refusal, with the server message and code', () => {
    for (const code of ['scan_invalid', 'scan_unknown', 'scan_other_order', 'scan_already_packed', 'scan_wrong_state', 'order_not_open']) {
      const error = { type: `/problems/${code}`, title: 'Conflict', status: 409, code, detail: `message of ${code}` };
      const feedback = scanFeedback('X', { error }, texts);
      expect(feedback.signal, code).toBe('wrong');
      expect(feedback.outcome).toBe(code);
      expect(feedback.message).toBe(`message of ${code}`);
      expect(feedback.iccid).toBeNull();
    }
  });

  it('is wrong for any other answer, with the title or the fallback', () => {
    expect(scanFeedback('X', { error: { status: 403, code: 'forbidden', title: 'Forbidden' } }, texts)).toMatchObject({
      signal: 'wrong',
      outcome: 'forbidden',
      message: 'Forbidden',
    });
    expect(scanFeedback('X', { error: undefined }, texts)).toMatchObject({ signal: 'wrong', outcome: 'error', message: 'Error.' });
    // An answer that is not a packing is not taken for one.
    expect(scanFeedback('X', { data: { iccid: 'X', outcome: 'other' } }, texts).signal).toBe('wrong');
  });

  it('is wrong when the server did not answer', () => {
    expect(networkFeedback('X', 'No answer.')).toEqual({
      signal: 'wrong',
      outcome: 'network',
      scanned: 'X',
      iccid: null,
      message: 'No answer.',
    });
  });
});

describe('addToLog', () => {
  const entry = (seq: number): ScanLogEntry => ({ ...networkFeedback(String(seq), ''), seq, at: new Date(0) });

  it('puts the newest scan first and keeps the last ones only', () => {
    let log: ScanLogEntry[] = [];
    for (let seq = 1; seq <= 5; seq++) log = addToLog(log, entry(seq), 3);
    expect(log.map((e) => e.seq)).toEqual([5, 4, 3]);
  });

  it('does not change the log it is given', () => {
    const log = [entry(1)];
    expect(addToLog(log, entry(2)).map((e) => e.seq)).toEqual([2, 1]);
    expect(log.map((e) => e.seq)).toEqual([1]);
  });
});

describe('RepeatFilter', () => {
  it('lets a new code through and holds back the same code read again within 2 s', () => {
    const filter = new RepeatFilter();
    expect(filter.accept('A', 0)).toBe(true);
    expect(filter.accept('A', 250)).toBe(false);
    expect(filter.accept('A', 500)).toBe(false);
    expect(filter.accept('B', 750)).toBe(true);
    expect(filter.accept('A', 1000)).toBe(true);
  });

  it('holds a code back as long as the camera keeps reading it', () => {
    const filter = new RepeatFilter(2000);
    expect(filter.accept('A', 0)).toBe(true);
    for (let now = 250; now <= 5000; now += 250) expect(filter.accept('A', now), String(now)).toBe(false);
  });

  it('lets the same code through again once it was out of sight for 2 s', () => {
    const filter = new RepeatFilter(2000);
    expect(filter.accept('A', 0)).toBe(true);
    expect(filter.accept('A', 1999)).toBe(false);
    expect(filter.accept('A', 3999)).toBe(true);
  });

  it('forgets the last code on reset', () => {
    const filter = new RepeatFilter();
    expect(filter.accept('A', 0)).toBe(true);
    filter.reset();
    expect(filter.accept('A', 100)).toBe(true);
  });
});

describe('codeFromDetections', () => {
  it('takes the first Code 128 with some text, normalised', () => {
    expect(
      codeFromDetections([
        { format: 'qr_code', rawValue: 'https://relais.example/deliveries/x' },
        { format: 'code_128', rawValue: ' ' },
        { format: 'code_128', rawValue: '8933102000012000007f' },
        { format: 'code_128', rawValue: '8933102000012000015' },
      ]),
    ).toBe('8933102000012000007F');
  });

  it('gives nothing for a frame without a card barcode', () => {
    expect(codeFromDetections([])).toBeNull();
    expect(codeFromDetections([{ format: 'ean_13', rawValue: '3700000000000' }])).toBeNull();
  });
});

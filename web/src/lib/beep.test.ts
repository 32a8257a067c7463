import { describe, expect, it } from 'vitest';
import { playSignal, signalLength, signalTones, unlockAudio } from './beep';

describe('signalTones', () => {
  it('beeps once, short and high, for a card packed', () => {
    const tones = signalTones('ok');
    expect(tones).toHaveLength(1);
    expect(tones[0].frequency).toBeGreaterThanOrEqual(1000);
    expect(tones[0].duration).toBeLessThanOrEqual(0.2);
  });

  it('buzzes twice, low, for a wrong scan, with a gap between', () => {
    const [first, second] = signalTones('wrong');
    expect(signalTones('wrong')).toHaveLength(2);
    for (const tone of [first, second]) {
      expect(tone.frequency).toBeLessThan(400);
      expect(tone.wave).not.toBe('sine');
    }
    expect(second.start).toBeGreaterThan(first.start + first.duration);
  });

  it('keeps each signal under half a second, so that scans can follow each other', () => {
    expect(signalLength('ok')).toBeLessThan(0.5);
    expect(signalLength('wrong')).toBeLessThan(0.5);
    expect(signalLength('wrong')).toBeGreaterThan(signalLength('ok'));
  });
});

describe('playSignal', () => {
  it('is silent, without failing, where there is no Web Audio', () => {
    expect(() => {
      unlockAudio();
      playSignal('ok');
      playSignal('wrong');
    }).not.toThrow();
  });
});

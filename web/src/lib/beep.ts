// The station's sounds, made with the Web Audio API (no audio file): a short high beep for a card
// packed, a low double buzz for a wrong scan, loud enough to hear without looking at the screen.
import type { ScanSignal } from './scan';

/** One tone: when it starts after the signal (seconds), how long it lasts, its pitch and timbre. */
export interface Tone {
  start: number;
  duration: number;
  frequency: number;
  wave: 'sine' | 'square' | 'sawtooth' | 'triangle';
}

/** The tones of a signal. */
export function signalTones(signal: ScanSignal): Tone[] {
  if (signal === 'ok') return [{ start: 0, duration: 0.12, frequency: 1760, wave: 'sine' }];
  return [
    { start: 0, duration: 0.16, frequency: 150, wave: 'square' },
    { start: 0.22, duration: 0.16, frequency: 150, wave: 'square' },
  ];
}

/** How long a signal sounds, in seconds. */
export function signalLength(signal: ScanSignal): number {
  return Math.max(...signalTones(signal).map((tone) => tone.start + tone.duration));
}

type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Class = (globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }).AudioContext
    ?? (globalThis as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
  if (!Class) return null;
  try {
    context = new Class();
  } catch {
    return null;
  }
  return context;
}

/**
 * Makes sound possible: browsers let a page play only after a person's gesture, so the station
 * calls this from a click or a key press (the scanner's Enter is one).
 */
export function unlockAudio(): void {
  const ctx = audioContext();
  if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => {});
}

/** Plays a signal; silent where the browser has no Web Audio. */
export function playSignal(signal: ScanSignal): void {
  const ctx = audioContext();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  const now = ctx.currentTime + 0.01;
  for (const tone of signalTones(signal)) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = tone.wave;
    oscillator.frequency.value = tone.frequency;
    const start = now + tone.start;
    const end = start + tone.duration;
    // A short ramp in and out, so that the tone does not click.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(signal === 'ok' ? 0.35 : 0.25, start + 0.01);
    gain.gain.setValueAtTime(signal === 'ok' ? 0.35 : 0.25, end - 0.02);
    gain.gain.linearRampToValueAtTime(0, end);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start);
    oscillator.stop(end + 0.01);
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once, with the last arguments, after a quiet delay', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 300);
    search('c');
    search('ca');
    vi.advanceTimersByTime(299);
    search('cad');
    vi.advanceTimersByTime(299);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['cad']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['cad']);
  });

  it('flushes what waits at once, and nothing when nothing waits', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 300);
    search('altemed');
    search.flush();
    expect(calls).toEqual(['altemed']);
    vi.advanceTimersByTime(1000);
    search.flush();
    expect(calls).toEqual(['altemed']);
  });

  it('drops what waits when cancelled', () => {
    const calls: string[] = [];
    const search = debounce((text: string) => calls.push(text), 300);
    search('x');
    search.cancel();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
  });
});

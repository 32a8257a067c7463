// A call put off until the input has been quiet for a while, e.g. a search run once typing pauses.

export interface Debounced<A extends unknown[]> {
  /** Calls `fn` with these arguments once nothing else has been called for the delay. */
  (...args: A): void;
  /** Calls at once what is waiting, if anything. */
  flush(): void;
  /** Drops what is waiting. */
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | null = null;

  const run = () => {
    clearTimeout(timer);
    timer = undefined;
    const args = pending;
    pending = null;
    if (args) fn(...args);
  };

  const debounced = (...args: A) => {
    pending = args;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };
  debounced.flush = run;
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = null;
  };
  return debounced;
}

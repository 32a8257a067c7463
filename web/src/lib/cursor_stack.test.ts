import { describe, expect, it } from 'vitest';
import { firstPage, hasPrevious, nextPage, pageNumber, previousPage } from './cursor_stack';

describe('cursor stack', () => {
  it('starts on page 1 without a cursor', () => {
    const stack = firstPage();
    expect(stack.current).toBeNull();
    expect(pageNumber(stack)).toBe(1);
    expect(hasPrevious(stack)).toBe(false);
  });

  it('goes forward with the next cursor and back to the exact previous cursors', () => {
    let stack = firstPage();
    stack = nextPage(stack, 'c2');
    stack = nextPage(stack, 'c3');
    expect(stack.current).toBe('c3');
    expect(pageNumber(stack)).toBe(3);

    stack = previousPage(stack);
    expect(stack.current).toBe('c2');
    expect(pageNumber(stack)).toBe(2);

    stack = previousPage(stack);
    expect(stack.current).toBeNull();
    expect(pageNumber(stack)).toBe(1);
    expect(hasPrevious(stack)).toBe(false);
  });

  it('stays on the last page when there is no next cursor', () => {
    const stack = nextPage(firstPage(), 'c2');
    expect(nextPage(stack, null)).toBe(stack);
  });

  it('stays on the first page when going back from it', () => {
    const stack = firstPage();
    expect(previousPage(stack)).toBe(stack);
  });

  it('does not change the stack it was given', () => {
    const one = nextPage(firstPage(), 'c2');
    const two = nextPage(one, 'c3');
    previousPage(two);
    expect(one).toEqual({ previous: [null], current: 'c2' });
    expect(two).toEqual({ previous: [null, 'c2'], current: 'c3' });
  });
});

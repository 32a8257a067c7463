// Page navigation over cursor-paginated lists: the API only gives the next cursor, so the cursors
// of the pages already seen are kept on a stack to go back.

export interface CursorStack {
  /** Cursors of the previous pages, the first page's being null. */
  readonly previous: readonly (string | null)[];
  /** Cursor of the page shown; null for the first page. */
  readonly current: string | null;
}

export function firstPage(): CursorStack {
  return { previous: [], current: null };
}

export function nextPage(stack: CursorStack, nextCursor: string | null): CursorStack {
  if (nextCursor === null) return stack;
  return { previous: [...stack.previous, stack.current], current: nextCursor };
}

export function previousPage(stack: CursorStack): CursorStack {
  if (stack.previous.length === 0) return stack;
  return { previous: stack.previous.slice(0, -1), current: stack.previous[stack.previous.length - 1] };
}

export function pageNumber(stack: CursorStack): number {
  return stack.previous.length + 1;
}

export function hasPrevious(stack: CursorStack): boolean {
  return stack.previous.length > 0;
}

// One cursor-paginated list from the API, a page at a time: the page shown, its total and the
// cursors to move with (lib/cursor_stack.ts). Only the answer to the latest request is kept, so
// that a slow answer to an older filter or page never replaces a newer one.
import { firstPage, hasPrevious, nextPage, pageNumber, previousPage, type CursorStack } from './cursor_stack';
import { asProblem, type Problem } from './problem';

/** A page as the API lists it. */
export interface ListPage<T> {
  items: T[];
  total: number;
  next_cursor: string | null;
}

/** Requests the page at `cursor` (null: the first page), e.g. with `api.GET`. */
export type PageFetcher<T> = (cursor: string | null) => Promise<{ data?: ListPage<T>; error?: unknown }>;

export class PagedList<T> {
  /** The cursors of the pages seen and of the page shown. */
  cursors = $state<CursorStack>(firstPage());
  items = $state<T[]>([]);
  /** The number of items over all pages; null until a page is loaded. */
  total = $state<number | null>(null);
  nextCursor = $state<string | null>(null);
  loading = $state(true);
  /** The server's problem with the last request. */
  problem = $state<Problem | null>(null);
  /** The last request got no answer (network error). */
  failed = $state(false);

  readonly #fetch: PageFetcher<T>;
  #requestId = 0;

  constructor(fetch: PageFetcher<T>) {
    this.#fetch = fetch;
  }

  get page(): number {
    return pageNumber(this.cursors);
  }

  get hasPrevious(): boolean {
    return hasPrevious(this.cursors);
  }

  get hasNext(): boolean {
    return this.nextCursor !== null;
  }

  /**
   * Loads the page at the current cursor. The cursor is read, and the fetcher called, at once:
   * inside an `$effect`, the list reloads whenever the page or what the fetcher reads changes.
   */
  load(): Promise<void> {
    const id = ++this.#requestId;
    const request = this.#fetch(this.cursors.current);
    this.loading = true;
    return request.then(
      ({ data, error }) => {
        if (id !== this.#requestId) return;
        this.loading = false;
        this.failed = false;
        this.problem = asProblem(error);
        this.items = data?.items ?? [];
        this.total = data?.total ?? null;
        this.nextCursor = data?.next_cursor ?? null;
      },
      () => {
        if (id !== this.#requestId) return;
        this.loading = false;
        this.failed = true;
      },
    );
  }

  /** Back to the first page, e.g. when the filters change. */
  restart(): void {
    this.cursors = firstPage();
  }

  next(): void {
    this.cursors = nextPage(this.cursors, this.nextCursor);
  }

  previous(): void {
    this.cursors = previousPage(this.cursors);
  }
}

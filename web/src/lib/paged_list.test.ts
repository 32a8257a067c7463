import { describe, expect, it } from 'vitest';
import { PagedList, type ListPage } from './paged_list.svelte';
import type { Problem } from './problem';

type Answer = { data?: ListPage<string>; error?: unknown };

/** A fetcher whose answers the test gives, one request at a time, in any order. */
function controlledFetcher() {
  const requests: { cursor: string | null; resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (cursor: string | null) =>
    new Promise<Answer>((resolve, reject) => requests.push({ cursor, resolve, reject }));
  return { fetch, requests };
}

function page(items: string[], next: string | null, total = 120): Answer {
  return { data: { items, total, next_cursor: next } };
}

const forbidden: Problem = {
  type: '/problems/forbidden',
  title: 'Forbidden',
  status: 403,
  code: 'forbidden',
  detail: 'Accès refusé.',
};

describe('PagedList', () => {
  it('loads the first page without a cursor and shows it', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    expect(list.loading).toBe(true);
    expect(list.total).toBeNull();

    const done = list.load();
    expect(requests.map((r) => r.cursor)).toEqual([null]);
    requests[0].resolve(page(['a', 'b'], 'c2'));
    await done;

    expect(list.loading).toBe(false);
    expect(list.items).toEqual(['a', 'b']);
    expect(list.total).toBe(120);
    expect(list.nextCursor).toBe('c2');
    expect(list.page).toBe(1);
    expect(list.hasPrevious).toBe(false);
    expect(list.hasNext).toBe(true);
    expect(list.problem).toBeNull();
    expect(list.failed).toBe(false);
  });

  it('goes to the next page with its cursor and back with the previous ones', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const show = async (answer: Answer) => {
      const done = list.load();
      requests[requests.length - 1].resolve(answer);
      await done;
    };

    await show(page(['a'], 'c2'));
    list.next();
    await show(page(['b'], 'c3'));
    list.next();
    await show(page(['c'], null));
    expect(list.page).toBe(3);
    expect(list.hasPrevious).toBe(true);
    expect(list.hasNext).toBe(false);

    list.previous();
    await show(page(['b'], 'c3'));
    expect(list.page).toBe(2);
    list.previous();
    await show(page(['a'], 'c2'));

    expect(requests.map((r) => r.cursor)).toEqual([null, 'c2', 'c3', 'c2', null]);
    expect(list.page).toBe(1);
    expect(list.hasPrevious).toBe(false);
    expect(list.items).toEqual(['a']);
  });

  it('stays put on the last page and on the first', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const done = list.load();
    requests[0].resolve(page(['a'], null));
    await done;

    const cursors = list.cursors;
    list.next();
    list.previous();
    expect(list.cursors).toBe(cursors);
    expect(list.page).toBe(1);
  });

  it('restarts on the first page', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const done = list.load();
    requests[0].resolve(page(['a'], 'c2'));
    await done;
    list.next();
    expect(list.page).toBe(2);

    list.restart();
    expect(list.page).toBe(1);
    expect(list.cursors.current).toBeNull();
  });

  it('ignores the answer to a request that a newer one replaced', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const older = list.load();
    const newer = list.load();

    requests[1].resolve(page(['new'], null, 1));
    await newer;
    requests[0].resolve(page(['old'], 'c2', 99));
    await older;

    expect(list.items).toEqual(['new']);
    expect(list.total).toBe(1);
    expect(list.nextCursor).toBeNull();
    expect(list.loading).toBe(false);
  });

  it('stays loading while only an older request has answered', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const older = list.load();
    void list.load();

    requests[0].resolve(page(['old'], 'c2'));
    await older;

    expect(list.loading).toBe(true);
    expect(list.items).toEqual([]);
  });

  it("keeps the server's problem and shows no items", async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const done = list.load();
    requests[0].resolve({ error: forbidden });
    await done;

    expect(list.problem).toEqual(forbidden);
    expect(list.failed).toBe(false);
    expect(list.loading).toBe(false);
    expect(list.items).toEqual([]);
    expect(list.total).toBeNull();
    expect(list.hasNext).toBe(false);
  });

  it('marks a network failure, and clears it with the next answer', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const failing = list.load();
    requests[0].reject(new TypeError('Failed to fetch'));
    await failing;

    expect(list.failed).toBe(true);
    expect(list.loading).toBe(false);

    const retry = list.load();
    requests[1].resolve(page(['a'], null));
    await retry;
    expect(list.failed).toBe(false);
    expect(list.items).toEqual(['a']);
  });

  it('ignores the failure of a request that a newer one replaced', async () => {
    const { fetch, requests } = controlledFetcher();
    const list = new PagedList(fetch);
    const older = list.load();
    const newer = list.load();

    requests[1].resolve(page(['a'], null));
    await newer;
    requests[0].reject(new TypeError('Failed to fetch'));
    await older;

    expect(list.failed).toBe(false);
    expect(list.items).toEqual(['a']);
  });
});

// A small router on the history API: the current path as reactive state, navigation, and
// interception of clicks on same-origin links so that they do not reload the page.
import { matchRoute, type Route } from './routes';

const state = $state({ path: window.location.pathname, search: window.location.search });

export function currentRoute(): Route {
  return matchRoute(state.path);
}

export function currentPath(): string {
  return state.path;
}

/** The query string, e.g. `?kind=structure`, or ''. */
export function currentSearch(): string {
  return state.search;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else if (path !== window.location.pathname + window.location.search) {
    window.history.pushState(null, '', path);
  }
  state.path = window.location.pathname;
  state.search = window.location.search;
  window.scrollTo(0, 0);
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    state.path = window.location.pathname;
    state.search = window.location.search;
  });
  document.addEventListener('click', onClick);
}

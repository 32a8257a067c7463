// The logged-in session, shared by the shell and the pages, and the login/logout actions.
import { api, setCsrfToken, type Session } from './api';
import type { Problem } from './problem';

export const session = $state<{ current: Session | null; loaded: boolean }>({
  current: null,
  loaded: false,
});

function set(current: Session | null): void {
  session.current = current;
  session.loaded = true;
  setCsrfToken(current?.csrf_token ?? null);
}

/** Loads the session from the cookie; null when not logged in. */
export async function loadSession(): Promise<Session | null> {
  try {
    const { data } = await api.GET('/api/v1/session');
    set(data ?? null);
  } catch {
    set(null);
  }
  return session.current;
}

// The server's problem detail already says how long to wait after too many attempts.
export type LoginOutcome = { ok: true } | { ok: false; problem: Problem | null };

export async function login(email: string, password: string): Promise<LoginOutcome> {
  const { data, error } = await api.POST('/api/v1/session', { body: { email, password } });
  if (data) {
    set(data);
    return { ok: true };
  }
  return { ok: false, problem: (error as Problem | undefined) ?? null };
}

export async function logout(): Promise<void> {
  try {
    await api.DELETE('/api/v1/session');
  } finally {
    forget();
  }
}

/** Drops the session locally (after a logout or when the server says it is gone). */
export function forget(): void {
  set(null);
}

// Shared steps of the browser tests.
import { expect, request as playwrightRequest, type APIResponse, type Page } from '@playwright/test';

export const PASSWORD = 'relais-demo';

export const users = {
  coordinator: 'coordinator@demo.relais',
  structure: 'structure@demo.relais',
  liaison: 'liaison@demo.relais',
  operator: 'operator@demo.relais',
  association: 'association@demo.relais',
  logistics: 'logistics@demo.relais',
  // Failed logins use this account: the server throttles an account after five failures.
  funder: 'funder@demo.relais',
} as const;

/** Logs in through the login form and waits for the shell. */
export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user')).toBeAttached();
}

/** Runs an action that reloads the directory and waits for the new page of results. */
export async function reloadDirectory(page: Page, action: () => Promise<unknown>): Promise<void> {
  const listed = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/v1/organisations' && r.request().method() === 'GET',
  );
  await action();
  await listed;
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** The total shown above the directory table, once loaded. */
export async function directoryTotal(page: Page): Promise<number> {
  const total = page.getByTestId('organisations-total');
  await expect(total).toHaveAttribute('data-total', /^\d+$/);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  return Number(await total.getAttribute('data-total'));
}

export async function openDirectory(page: Page): Promise<number> {
  await reloadDirectory(page, () => page.goto('/organisations'));
  return directoryTotal(page);
}

/** Appends the Luhn check digit, as the last digit of an ICCID. */
export function withLuhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits + ((10 - (sum % 10)) % 10);
}

/** The demo structure of structure@demo.relais: 98 places, 5 cards held and not handed over. */
export const DEMO_STRUCTURE = { id: 6, name: 'CADA Croix-Rouge française Le Moule', department: '971' } as const;

/** A session on the API alone (no browser), to set up data a test then looks at in the browser. */
export interface ApiSession {
  get(path: string): Promise<APIResponse>;
  post(path: string, data: unknown): Promise<APIResponse>;
  dispose(): Promise<void>;
}

export async function apiSession(baseURL: string, email: string, password = PASSWORD): Promise<ApiSession> {
  const context = await playwrightRequest.newContext({ baseURL });
  const login = await context.post('/api/v1/session', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  return {
    get: (path) => context.get(path),
    post: (path, data) => context.post(path, { data, headers: { 'X-CSRF-Token': csrf } }),
    dispose: () => context.dispose(),
  };
}

/** Creates a draft request of the demo structure through the API and submits it; returns its id. */
export async function submittedRequest(baseURL: string, quantity: number, comment: string): Promise<number> {
  const structure = await apiSession(baseURL, users.structure);
  try {
    const created = await structure.post('/api/v1/requests', {
      programme: 'CU-2020',
      quantity,
      needs: { keep_in_touch: 1 },
      leaflet_languages: ['fr'],
      comment,
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const submitted = await structure.post(`/api/v1/requests/${id}/transitions`, { transition: 'submit' });
    expect(submitted.status(), await submitted.text()).toBe(200);
    return id;
  } finally {
    await structure.dispose();
  }
}

/** The id at the end of the page's URL, e.g. /requests/12 → 12. */
export function idFromUrl(page: Page): number {
  const match = /\/(\d+)(?:\?.*)?$/.exec(page.url());
  expect(match, page.url()).toBeTruthy();
  return Number(match![1]);
}

/** The ICCID of demo card `n` (cards 0 to 2499 of the demo batch). */
export function demoIccid(n: number): string {
  return withLuhn('89331020' + String(1200000 + n).padStart(10, '0'));
}

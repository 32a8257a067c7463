// Shared steps of the browser tests.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, request as playwrightRequest, type APIResponse, type LaunchOptions, type Page } from '@playwright/test';
import config from '../playwright.config';

export const PASSWORD = 'relais-demo';

/**
 * The config's launch options with Chromium's fake camera (a test pattern) and no permission
 * prompt, so that a camera can be turned on headless. Playwright runs the files whose worker
 * options differ after all the others: the files that share these run last, in name order.
 */
export const cameraTestLaunchOptions: LaunchOptions = {
  ...config.use?.launchOptions,
  args: [...(config.use?.launchOptions?.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
};

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
  /** A write with a plain body (a CSV file) of the given type. */
  postText(path: string, body: string, contentType: string): Promise<APIResponse>;
  delete(path: string): Promise<APIResponse>;
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
    postText: (path, body, contentType) =>
      context.post(path, { data: body, headers: { 'X-CSRF-Token': csrf, 'Content-Type': contentType } }),
    delete: (path) => context.delete(path, { headers: { 'X-CSRF-Token': csrf } }),
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

/**
 * The address the QR code of a parcel's packing list opens, read as a phone would: the PDF's first
 * page drawn as an image (pdftoppm) and its QR code decoded (zbarimg). Only the path is kept: the
 * code carries the server's public address.
 */
export async function deliveryPathFromPackingList(session: ApiSession, orderId: number): Promise<string> {
  const response = await session.get(`/api/v1/packing-orders/${orderId}/packing-list.pdf`);
  expect(response.status(), 'packing list').toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'relais-qr-'));
  try {
    writeFileSync(join(dir, 'list.pdf'), await response.body());
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', join(dir, 'list.pdf'), join(dir, 'page')], {
      stdio: 'ignore',
    });
    const text = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, 'page.png')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const codes = text.trim().split('\n');
    expect(codes, 'one QR code on the packing list').toHaveLength(1);
    const path = new URL(codes[0]).pathname;
    expect(path).toMatch(/^\/deliveries\/[A-Za-z0-9_-]+$/);
    return path;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type OrderWithCards = { id: number; state: string; structure_id: number; total: number; sims: { iccid: string; state: string }[] };

/** A packing order with its cards, read through the API. */
export async function packingOrder(session: ApiSession, id: number): Promise<OrderWithCards> {
  const response = await session.get(`/api/v1/packing-orders/${id}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as OrderWithCards;
}

/** Packs an open parcel through the API (every reserved card scanned in, then closed). */
export async function packThroughApi(session: ApiSession, id: number): Promise<void> {
  const order = await packingOrder(session, id);
  if (order.state !== 'open') return;
  for (const card of order.sims.filter((s) => s.state === 'reserved')) {
    const scanned = await session.post(`/api/v1/packing-orders/${id}/scans`, { iccid: card.iccid });
    expect(scanned.status(), await scanned.text()).toBe(200);
  }
  const closed = await session.post(`/api/v1/packing-orders/${id}/close`, undefined);
  expect(closed.status(), await closed.text()).toBe(200);
}

/** An ICCID of the stock, in no parcel: for a scan that must be refused. */
export async function stockIccid(session: ApiSession): Promise<string> {
  const page = (await (await session.get('/api/v1/sims?state=in_stock&limit=1')).json()) as { items: { iccid: string }[] };
  expect(page.items.length, 'a card in stock').toBe(1);
  return page.items[0].iccid;
}

/**
 * The serious and critical violations axe-core finds on the page as it is now (WCAG 2.2 A and
 * AA rules, target sizes included), one line each: the rule and the elements.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag, which the app's Content-Security-Policy refuses.
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

// Shared steps of the browser tests.
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'relais-demo';

export const users = {
  coordinator: 'coordinator@demo.relais',
  structure: 'structure@demo.relais',
  liaison: 'liaison@demo.relais',
  operator: 'operator@demo.relais',
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

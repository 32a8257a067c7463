// Switching the UI language changes the labels, is remembered, and localises server messages.
import { expect, test } from '@playwright/test';
import { login, users } from './helpers';

test('language switch changes the labels and is remembered', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-submit')).toHaveText('Se connecter');
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await login(page, users.coordinator);
  await expect(page.getByTestId('nav-users')).toHaveText('Users');
  await expect(page.getByTestId('nav-dashboard')).toHaveText('Dashboard');
  await expect(page.getByTestId('logout')).toHaveText('Sign out');

  await page.reload();
  await expect(page.getByTestId('nav-users')).toHaveText('Users');

  await page.getByTestId('language-switch').selectOption('fr');
  await expect(page.getByTestId('nav-users')).toHaveText('Utilisateurs');
  await expect(page.getByTestId('logout')).toHaveText('Se déconnecter');
});

test('server messages follow the chosen language', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) sent.push(r.headers()['accept-language'] ?? '');
  });

  await page.goto('/login');
  await page.getByTestId('login-email').fill(users.funder);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  const french = await page.getByTestId('login-error').innerText();

  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).not.toHaveText(french);
  expect(sent).toContain('fr');
  expect(sent.at(-1)).toBe('en');
});

test('logout returns to the login page', async ({ page }) => {
  await login(page, users.coordinator);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/organisations');
  await expect(page).toHaveURL(/\/login\?next=%2Forganisations$/);
});

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

test('the packing list and the label open in the chosen language', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('language-switch').selectOption('en');
  await login(page, users.coordinator);
  await page.goto('/packing');
  const row = page.locator('[data-testid="packing-order-row"][data-order="1"]');
  for (const [testid, name, file] of [
    ['packing-order-list-pdf', 'Packing list', 'CO-000001-packing-list.pdf'],
    ['packing-order-label-pdf', 'Label', 'CO-000001-label.pdf'],
  ]) {
    const link = row.getByTestId(testid);
    await expect(link).toHaveText(name);
    await expect(link).toHaveAttribute('href', /\?lang=en$/);
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.status(), testid).toBe(200);
    expect(response.headers()['content-disposition']).toBe(`inline; filename="${file}"`);
  }
  await page.getByTestId('language-switch').selectOption('fr');
  await expect(row.getByTestId('packing-order-list-pdf')).toHaveText('Bordereau');
  await expect(row.getByTestId('packing-order-list-pdf')).toHaveAttribute('href', /\?lang=fr$/);
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

// A structure sees only its own organisation and no user list.
import { expect, test } from '@playwright/test';
import { directoryTotal, login, openDirectory, PASSWORD, users } from './helpers';

test('structure sees only its own organisation', async ({ page }) => {
  await login(page, users.structure);

  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page.getByTestId('nav-my_organisation')).toBeVisible();
  await expect(page.getByTestId('current-user-role')).toHaveText("Structure d'hébergement");
  const own = await page.getByTestId('current-user-organisation').innerText();

  await openDirectory(page);
  expect(await directoryTotal(page)).toBe(1);
  await expect(page.getByTestId('organisation-row')).toHaveCount(1);
  await expect(page.getByTestId('organisation-row').locator('td').first()).toHaveText(own);
  await expect(page.getByTestId('organisation-new')).toHaveCount(0);
  await expect(page.getByTestId('organisation-import')).toHaveCount(0);

  await page.getByTestId('nav-my_organisation').click();
  await expect(page.getByTestId('organisation-name')).toHaveText(own);
  await expect(page.getByTestId('organisation-edit')).toHaveCount(0);

  await page.goto('/users');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  await expect(page.getByTestId('user-row')).toHaveCount(0);
});

test('coordinator sees the user list', async ({ page }) => {
  await login(page, users.coordinator);
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByTestId('user-row').filter({ hasText: users.structure })).toHaveCount(1);
  expect(Number(await page.getByTestId('users-total').getAttribute('data-total'))).toBeGreaterThanOrEqual(7);
});

test('without a session the app goes to the login page, which leads back after logging in', async ({ page }) => {
  await page.goto('/organisations');
  await expect(page).toHaveURL(/\/login\?next=%2Forganisations$/);
  await expect(page.getByTestId('login-form')).toBeVisible();
  await page.getByTestId('login-email').fill(users.coordinator);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/organisations$/);
  await expect(page.getByTestId('nav-organisations')).toHaveAttribute('aria-current', 'page');
});

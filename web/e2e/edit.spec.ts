// Editing an organisation: the liaison may change structures, and the change is saved (PATCH).
import { expect, test } from '@playwright/test';
import { login, openDirectory, reloadDirectory, users } from './helpers';

test('liaison edits the capacity of a structure', async ({ page }) => {
  await login(page, users.liaison);
  // The liaison lands on its work, the requests to endorse; the directory is one tap away.
  await expect(page).toHaveURL(/\/requests$/);
  await expect(page.getByTestId('nav-dashboard')).toHaveCount(0);
  await expect(page.getByTestId('nav-organisations')).toBeVisible();

  await openDirectory(page);
  await reloadDirectory(page, () => page.getByTestId('filter-kind').selectOption('structure'));
  await page.getByTestId('organisation-row').first().getByRole('link').click();
  await page.getByTestId('organisation-edit').click();
  await expect(page.getByTestId('field-kind')).toBeDisabled();

  await page.getByTestId('field-capacity').fill('0');
  await page.getByTestId('organisation-submit').click();
  await expect(page.getByTestId('error-capacity')).toBeVisible();

  await page.getByTestId('field-capacity').fill('77');
  await page.getByTestId('organisation-submit').click();
  await expect(page.getByTestId('organisation-saved')).toBeVisible();
  await expect(page.getByTestId('organisation-details')).toContainText('77');

  await page.reload();
  await expect(page.getByTestId('organisation-details')).toContainText('77');
});

test('liaison cannot edit a partner that is not a structure', async ({ page }) => {
  await login(page, users.liaison);
  await openDirectory(page);
  await reloadDirectory(page, () => page.getByTestId('filter-kind').selectOption('operator'));
  await page.getByTestId('organisation-row').first().getByRole('link').click();
  await expect(page.getByTestId('organisation-name')).toBeVisible();
  await expect(page.getByTestId('organisation-edit')).toHaveCount(0);
});

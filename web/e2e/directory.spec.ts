// The coordinator's view of the organisations directory: navigation, total, filters, pages.
import { expect, test } from '@playwright/test';
import { directoryTotal, login, openDirectory, reloadDirectory, users } from './helpers';

test('coordinator sees the full directory and can filter it', async ({ page }) => {
  await login(page, users.coordinator);

  await expect(page.getByTestId('nav-dashboard')).toHaveText('Tableau de bord');
  await expect(page.getByTestId('nav-organisations')).toHaveText('Organisations');
  await expect(page.getByTestId('nav-users')).toHaveText('Utilisateurs');
  await expect(page.getByTestId('current-user-role')).toHaveText('Coordination');

  await reloadDirectory(page, () => page.getByTestId('nav-organisations').click());
  await expect(page).toHaveURL(/\/organisations$/);
  const all = await directoryTotal(page);
  expect(all).toBeGreaterThan(100);
  await expect(page.getByTestId('organisation-row')).toHaveCount(50);

  // Pages: next shows other organisations, previous comes back to the first ones.
  const firstName = await page.getByTestId('organisation-row').first().locator('td').first().innerText();
  await reloadDirectory(page, () => page.getByTestId('page-next').click());
  await expect(page.getByTestId('page-number')).toHaveText('Page 2');
  await expect(page.getByTestId('organisation-row').first().locator('td').first()).not.toHaveText(firstName);
  await reloadDirectory(page, () => page.getByTestId('page-previous').click());
  await expect(page.getByTestId('page-number')).toHaveText('Page 1');
  await expect(page.getByTestId('organisation-row').first().locator('td').first()).toHaveText(firstName);

  // Kind filter: only structures, fewer than everything.
  await reloadDirectory(page, () => page.getByTestId('filter-kind').selectOption('structure'));
  const structures = await directoryTotal(page);
  expect(structures).toBeGreaterThan(100);
  expect(structures).toBeLessThan(all);
  const kinds = await page.getByTestId('organisation-row').locator('td:nth-child(2)').allInnerTexts();
  expect(new Set(kinds)).toEqual(new Set(["Structure d'hébergement"]));

  // Department filter: take the department of the first structure listed.
  const departmentCell = await page.getByTestId('organisation-row').first().locator('td:nth-child(6)').innerText();
  const code = /\(([0-9AB]{2,3})\)$/.exec(departmentCell)?.[1];
  expect(code, departmentCell).toBeTruthy();
  await reloadDirectory(page, () => page.getByTestId('filter-department').selectOption(code!));
  const inDepartment = await directoryTotal(page);
  expect(inDepartment).toBeGreaterThan(0);
  expect(inDepartment).toBeLessThan(structures);
  await expect(page.getByTestId('organisation-row')).toHaveCount(Math.min(inDepartment, 50));
  for (const text of await page.getByTestId('organisation-row').locator('td:nth-child(6)').allInnerTexts()) {
    expect(text).toContain(`(${code})`);
  }

  // Free text: the name of a listed structure finds it.
  const name = await page.getByTestId('organisation-row').first().locator('td').first().innerText();
  await page.getByTestId('filter-q').fill(name);
  await reloadDirectory(page, () => page.getByTestId('filter-submit').click());
  await expect(page.getByTestId('organisation-row').first().locator('td').first()).toHaveText(name);

  // Clearing the filters gives the full total back.
  await reloadDirectory(page, () => page.getByTestId('filter-reset').click());
  expect(await directoryTotal(page)).toBe(all);
});

test('an organisation page opens from the directory', async ({ page }) => {
  await login(page, users.coordinator);
  await openDirectory(page);
  const link = page.getByTestId('organisation-row').first().getByRole('link');
  const name = await link.innerText();
  await link.click();
  await expect(page).toHaveURL(/\/organisations\/\d+$/);
  await expect(page.getByTestId('organisation-name')).toHaveText(name);
  await expect(page.getByTestId('organisation-edit')).toBeVisible();
});

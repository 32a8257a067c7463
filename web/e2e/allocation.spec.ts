// The coordinator's allocation preview on the fresh demo (this file runs first): each waiting
// request with what it would get and why, the summary per department, the confirmation asked
// before anything is reserved, and a preview gone stale. Nothing is applied here: the one test
// that applies an allocation is workflow.spec.ts, which runs last.
import { expect, test } from '@playwright/test';
import { login, users } from './helpers';

test('coordinator previews the allocation with its explanations and department summary', async ({ page }) => {
  await login(page, users.coordinator);
  await page.getByTestId('nav-allocation').click();
  await expect(page).toHaveURL(/\/allocation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Répartition du stock');

  await expect(page.getByTestId('allocation-stock')).toHaveAttribute('data-count', '2388');
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');
  await expect(page.getByTestId('allocation-served')).toHaveAttribute('data-count', '2');

  // Request 6 (approved 40) and request 7 (approved 25 of 50 by hand) wait for cards.
  const lines = page.getByTestId('allocation-line');
  await expect(lines).toHaveCount(2);
  const six = page.locator('[data-testid="allocation-line"][data-request="6"]');
  await expect(six).toHaveAttribute('data-allocated', '40');
  await expect(six).toContainText('CADA ALTEMED Saint-Leu');
  await expect(six).toContainText('La Réunion (974)');
  await expect(six.getByTestId('allocation-explanation')).toHaveText(/^40 carte\(s\) attribuée\(s\), toute la demande/);
  const seven = page.locator('[data-testid="allocation-line"][data-request="7"]');
  await expect(seven).toHaveAttribute('data-allocated', '25');
  await expect(seven.getByTestId('allocation-explanation')).toContainText('25 carte(s)');

  const departments = page.getByTestId('allocation-department');
  await expect(departments).toHaveCount(2);
  const reunion = page.locator('[data-testid="allocation-department"][data-department="974"]');
  await expect(reunion.locator('td')).toHaveText(['La Réunion (974)', '183', '1', '40', '40']);
  const indre = page.locator('[data-testid="allocation-department"][data-department="37"]');
  await expect(indre.locator('td')).toHaveText(['Indre-et-Loire (37)', '81', '1', '25', '25']);

  // Each line opens its request.
  await six.getByRole('link', { name: '6' }).click();
  await expect(page).toHaveURL(/\/requests\/6$/);
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
});

test('applying asks for a confirmation naming the cards to reserve; cancelling reserves nothing', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');

  const dialog = page.getByTestId('allocation-confirm');
  await expect(dialog).toBeHidden();
  await page.getByTestId('allocation-apply').click();
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('allocation-confirm-text')).toHaveText('65 cartes vont être réservées pour 2 demande(s).');
  await page.getByTestId('allocation-confirm-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('allocation-applied')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
});

test('a stale preview is refused with the server message and read again', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');

  // As if the stock had changed since the preview: the apply carries an older fingerprint.
  await page.route('**/api/v1/allocation', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    return route.continue({ postData: JSON.stringify({ fingerprint: 'an-older-preview' }) });
  });
  await page.getByTestId('allocation-apply').click();
  const reread = page.waitForRequest((r) => r.url().endsWith('/api/v1/allocation') && r.method() === 'GET');
  await page.getByTestId('allocation-confirm-submit').click();
  await reread;

  const problem = page.getByTestId('allocation-problem');
  await expect(problem).toHaveAttribute('data-code', 'allocation_changed');
  await expect(problem).toContainText("L'allocation a changé depuis l'aperçu");
  await expect(problem).toContainText("L'aperçu ci-dessous a été recalculé.");
  await expect(page.getByTestId('allocation-confirm')).toBeHidden();
  await expect(page.getByTestId('allocation-applied')).toHaveCount(0);
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
});

test('the allocation is the coordinator’s only', async ({ page }) => {
  await login(page, users.liaison);
  await expect(page.getByTestId('nav-allocation')).toHaveCount(0);
  await page.goto('/allocation');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('allocation-lines')).toHaveCount(0);
});

test('coordinator changes a priority weight: the preview scores with it; a weight out of range is refused by field', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  const seven = page.locator('[data-testid="allocation-line"][data-request="7"]');
  // Request 7: 25 approved, 12 people with children (share 0.48), 20 keeping in touch (0.8).
  await expect(seven.getByTestId('allocation-score')).toHaveText('1.56');
  await page.getByTestId('allocation-weights').locator('summary').click();
  const children = page.getByTestId('field-children');
  await expect(children).toHaveValue('0.5');
  await children.fill('11');
  await page.getByTestId('weights-save').click();
  await expect(page.locator('#error-children')).toContainText('10');
  await expect(seven.getByTestId('allocation-score')).toHaveText('1.56');

  await children.fill('2');
  await page.getByTestId('weights-save').click();
  await expect(page.getByTestId('weights-saved')).toBeVisible();
  await expect(seven.getByTestId('allocation-score')).toHaveText('2.28');

  // Back to the default, for the files that follow.
  await children.fill('0.5');
  await page.getByTestId('weights-save').click();
  await expect(seven.getByTestId('allocation-score')).toHaveText('1.56');
});

// The coordinator's allocation preview on the fresh demo (this file runs first): the summary (cards,
// requests served in full, in part or not at all, per department and per type of structure), the
// requests one by one with what they get and why (searched, filtered, sorted, paged), the
// confirmation asked before anything is reserved, a preview gone stale under the list or under the
// apply, and axe's verdict on a desktop and a phone. Nothing is applied here: the one test that
// applies an allocation is workflow.spec.ts, which runs last.
import { expect, test, type Page } from '@playwright/test';
import { login, seriousAxeViolations, users } from './helpers';

const line = (page: Page, request: number) => page.locator(`[data-testid="allocation-line"][data-request="${request}"]`);

/** Waits for the list to show these requests, in this order. */
async function expectListed(page: Page, requests: number[]): Promise<void> {
  const rows = page.getByTestId('allocation-line');
  await expect
    .poll(() => rows.evaluateAll((all) => all.map((r) => Number(r.getAttribute('data-request')))))
    .toEqual(requests);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

test('coordinator previews the allocation: the summary, then each request with its explanation', async ({ page }) => {
  await login(page, users.coordinator);
  await page.getByTestId('nav-allocation').click();
  await expect(page).toHaveURL(/\/allocation$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Répartition du stock');

  await expect(page.getByTestId('allocation-stock')).toHaveAttribute('data-count', '2386');
  await expect(page.getByTestId('allocation-stock')).toContainText('2\u202f386');
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');
  await expect(page.getByTestId('allocation-total')).toContainText('sur 65 approuvées');
  await expect(page.getByTestId('allocation-requests')).toHaveText('2 demandes attendent des cartes');
  await expect(page.getByTestId('allocation-served')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('allocation-served')).toContainText('servies en entier');
  await expect(page.getByTestId('allocation-partly-served')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('allocation-partly-served')).toContainText('servie en partie');
  await expect(page.getByTestId('allocation-unserved')).toHaveAttribute('data-count', '0');

  // Per department: places, requests, cards approved and allocated, served, in part, without a card.
  const departments = page.getByTestId('allocation-department');
  await expect(departments).toHaveCount(2);
  const reunion = page.locator('[data-testid="allocation-department"][data-key="974"]');
  await expect(reunion.locator('th')).toHaveText('La Réunion (974)');
  await expect(reunion.locator('td')).toHaveText(['183', '1', '40', '40', '1', '0', '0']);
  const indre = page.locator('[data-testid="allocation-department"][data-key="37"]');
  await expect(indre.locator('td')).toHaveText(['81', '1', '25', '25', '1', '0', '0']);
  // Per type of structure: both requests come from a CADA.
  const cada = page.locator('[data-testid="allocation-type"][data-key="CADA"]');
  await expect(cada.locator('th')).toHaveText('CADA');
  await expect(cada.locator('td')).toHaveText(['2', '65', '65', '2', '0', '0']);

  // Request 6 (approved 40) and request 7 (approved 25 of 50 by hand) wait for cards.
  await expect(page.getByTestId('allocation-lines-total')).toHaveText('2 demandes');
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
  const six = line(page, 6);
  await expect(six).toHaveAttribute('data-allocated', '40');
  await expect(six).toHaveAttribute('data-outcome', 'served');
  await expect(six).toContainText('CADA ALTEMED Saint-Leu');
  await expect(six).toContainText('La Réunion (974)');
  await expect(six).toContainText('40 → 40');
  await expect(six.getByTestId('allocation-outcome')).toHaveText('Servie');
  await expect(six.getByTestId('allocation-explanation')).toHaveText(/^40 cartes attribuées, toute la demande/);
  const seven = line(page, 7);
  await expect(seven).toHaveAttribute('data-allocated', '25');
  await expect(seven.getByTestId('allocation-explanation')).toContainText('25 cartes');
  // Highest priority first: request 7 (1.56) before request 6 (1.36).
  await expectListed(page, [7, 6]);

  // Each line opens its request.
  await six.getByRole('link', { name: 'n° 6' }).click();
  await expect(page).toHaveURL(/\/requests\/6$/);
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
});

test('the requests are searched by name or number, filtered and sorted', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);

  // A fragment of the structure's name in any case and without its accents, typed: the search
  // runs once typing pauses.
  const search = page.getByTestId('lines-q');
  await search.pressSequentially('altémed', { delay: 20 });
  await expect(page.getByTestId('allocation-lines-total')).toHaveText('1 demande sur 2');
  await expectListed(page, [6]);
  // A request number, exactly; Enter searches at once.
  await search.fill('7');
  await search.press('Enter');
  await expect(page.getByTestId('allocation-lines-total')).toHaveText('1 demande sur 2');
  await expectListed(page, [7]);
  await search.fill('zzz');
  await search.press('Enter');
  await expect(page.getByTestId('allocation-lines-empty')).toHaveText('Aucune demande ne correspond à cette recherche.');

  await page.getByTestId('lines-reset').click();
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('allocation-lines-total')).toHaveText('2 demandes');

  // The department's filter offers the departments of the preview, by name.
  const department = page.getByTestId('lines-department');
  await expect(department.locator('option')).toHaveText(['Tous', 'Indre-et-Loire (37)', 'La Réunion (974)']);
  await department.selectOption('37');
  await expectListed(page, [7]);
  await page.getByTestId('lines-outcome').selectOption('unserved');
  await expect(page.getByTestId('allocation-lines-empty')).toBeVisible();
  await page.getByTestId('lines-reset').click();
  await page.getByTestId('lines-type').selectOption('CADA');
  await expect(page.getByTestId('allocation-lines-total')).toHaveText('2 demandes sur 2');
  await expectListed(page, [7, 6]);

  // By request number: ascending first, then the other way.
  await page.getByTestId('lines-sort').selectOption('request');
  await expect(page.getByTestId('lines-order')).toHaveValue('asc');
  await expect(page.getByTestId('lines-order').locator('option:checked')).toHaveText('Croissant');
  await expectListed(page, [6, 7]);
  await page.getByTestId('lines-order').selectOption('desc');
  await expectListed(page, [7, 6]);
  await page.getByTestId('lines-sort').selectOption('structure');
  await expect(page.getByTestId('lines-order').locator('option:checked')).toHaveText('De A à Z');
  await expectListed(page, [6, 7]);
});

test('a page from an older preview: the summary is read again and the list starts over', async ({ page }) => {
  await login(page, users.coordinator);
  // As if the list had more pages and the preview changed before the next one was asked for.
  await page.route((url) => url.pathname === '/api/v1/allocation/requests', async (route) => {
    const url = new URL(route.request().url());
    if (url.searchParams.has('cursor')) {
      return route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/allocation_changed', title: 'Conflict', status: 409, code: 'allocation_changed' }),
      });
    }
    const response = await route.fetch();
    const body = await response.json();
    return route.fulfill({ response, json: { ...body, next_cursor: 'a-cursor-of-an-older-preview' } });
  });
  await page.goto('/allocation');
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
  await expect(page.getByTestId('allocation-lines-restarted')).toHaveCount(0);

  const reread = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/allocation' && r.method() === 'GET');
  await page.getByTestId('page-next').click();
  await reread;
  await expect(page.getByTestId('allocation-lines-restarted')).toContainText('la liste reprend à la première page');
  await expect(page.getByTestId('page-number')).toHaveText('Page 1');
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
  await expect(page.getByTestId('allocation-lines-problem')).toHaveCount(0);
});

test('applying asks for a confirmation naming the cards to reserve; cancelling reserves nothing', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  await expect(page.getByTestId('allocation-total')).toHaveAttribute('data-count', '65');

  const dialog = page.getByTestId('allocation-confirm');
  await expect(dialog).toBeHidden();
  await page.getByTestId('allocation-apply').click();
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('allocation-confirm-text')).toHaveText('65 cartes vont être réservées pour 2 demandes.');
  await expect(page.getByTestId('allocation-confirm-unserved')).toHaveCount(0);
  // The first button, focused, is the one that reserves nothing.
  await expect(page.getByTestId('allocation-confirm-cancel')).toBeFocused();
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
  await expect(problem).toContainText('L\'aperçu ci-dessous a été recalculé.');
  await expect(page.getByTestId('allocation-confirm')).toBeHidden();
  await expect(page.getByTestId('allocation-applied')).toHaveCount(0);
  await expect(page.getByTestId('allocation-line')).toHaveCount(2);
});

test('the allocation is the coordinator’s only', async ({ page }) => {
  await login(page, users.liaison);
  await expect(page.getByTestId('nav-allocation')).toHaveCount(0);
  await page.goto('/allocation');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('allocation-lines-table')).toHaveCount(0);
});

test('coordinator changes a priority weight: the preview scores with it; a weight out of range is refused by field', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/allocation');
  const seven = line(page, 7);
  // Request 7: 25 approved, 12 people with children (share 0.48), 20 keeping in touch (0.8).
  await expect(seven.getByTestId('allocation-score')).toHaveText('1,56');
  await page.getByTestId('allocation-weights').locator('summary').click();
  const children = page.getByTestId('field-children');
  await expect(children).toHaveValue('0.5');
  await children.fill('11');
  await page.getByTestId('weights-save').click();
  await expect(page.locator('#error-children')).toContainText('10');
  await expect(seven.getByTestId('allocation-score')).toHaveText('1,56');

  await children.fill('2');
  await page.getByTestId('weights-save').click();
  await expect(page.getByTestId('weights-saved')).toBeVisible();
  await expect(seven.getByTestId('allocation-score')).toHaveText('2,28');

  // Back to the default, for the files that follow.
  await children.fill('0.5');
  await page.getByTestId('weights-save').click();
  await expect(seven.getByTestId('allocation-score')).toHaveText('1,56');
});

for (const size of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 800 },
]) {
  test(`the allocation page passes axe with no serious violation, and fits a ${size.name}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await login(page, users.coordinator);
    await page.goto('/allocation');
    await expect(page.getByTestId('allocation-line')).toHaveCount(2);
    await page.getByTestId('allocation-weights').locator('summary').click();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);

    // Nothing scrolls sideways, even on a 360-pixel phone.
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]);

    expect(await seriousAxeViolations(page), 'the page').toEqual([]);
    await page.getByTestId('allocation-apply').click();
    await expect(page.getByTestId('allocation-confirm')).toBeVisible();
    expect(await seriousAxeViolations(page), 'the confirmation').toEqual([]);
    await page.getByTestId('allocation-confirm-cancel').click();
  });
}

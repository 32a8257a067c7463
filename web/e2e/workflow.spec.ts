// From a person in need to cards reserved for them, through every role's screen: the association
// refers a person to the demo structure, the structure asks for cards for that referral and
// submits, the liaison endorses, the coordinator approves, previews the allocation and applies it.
// This is the only test that applies an allocation (cards move from in stock to reserved), so it
// lives in the file that runs last.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO_STRUCTURE, idFromUrl, login, users } from './helpers';

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

test('a referral becomes a request, is endorsed, approved and served by the allocation', async ({ browser }) => {
  test.setTimeout(90_000);

  // 1. The association refers a person (one adult, one child) to the demo structure.
  const association = await as(browser, users.association);
  await association.getByTestId('referral-new').click();
  await association.getByTestId('structure-search').fill('Le Moule');
  await association.locator(`[data-testid="structure-option"][data-structure="${DEMO_STRUCTURE.id}"]`).check();
  await association.getByTestId('field-adults').fill('1');
  await association.getByTestId('field-children').fill('1');
  await association.getByTestId('languages-fa').check();
  await association.getByTestId('needs-keep_in_touch').check();
  await association.getByTestId('needs-schooling').check();
  await association.getByTestId('field-note').fill('Disponible le mardi.');
  await association.getByTestId('referral-submit').click();
  await expect(association.getByTestId('referral-created')).toBeVisible();
  const pseudonym = await association.getByTestId('referral-pseudonym').innerText();
  const referralId = idFromUrl(association);
  await expect(association.getByTestId('referral-status')).toHaveAttribute('data-state', 'open');

  // 2. The structure asks for 3 cards for that referral, then submits.
  const structure = await as(browser, users.structure);
  await structure.getByTestId('nav-requests').click();
  await structure.getByTestId('request-new').click();
  const referral = structure.locator(`[data-testid="referral-choice"][data-pseudonym="${pseudonym}"]`);
  await referral.check();
  await expect(structure.getByTestId('need-keep_in_touch')).toHaveValue('2');
  await expect(structure.getByTestId('need-schooling')).toHaveValue('2');
  await expect(structure.getByTestId('leaflet_languages-fa')).toBeChecked();
  await structure.getByTestId('field-quantity').fill('3');
  await structure.getByTestId('request-save').click();
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'draft');
  const requestId = idFromUrl(structure);
  await structure.getByTestId('transition-submit').click();
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'submitted');
  await expect(structure.locator(`[data-testid="request-referral"][data-pseudonym="${pseudonym}"]`)).toBeVisible();

  // 3. The liaison endorses it from its queue.
  const liaison = await as(browser, users.liaison);
  await liaison.getByTestId('nav-requests').click();
  const queued = liaison.locator(`[data-testid="request-row"][data-request="${requestId}"]`);
  await expect(queued).toContainText(DEMO_STRUCTURE.name);
  await queued.getByTestId('request-endorse').click();
  await queued.getByTestId('request-endorse-confirm-yes').click();
  await expect(liaison.getByTestId('request-endorsed')).toHaveText(`Demande n° ${requestId} appuyée.`);

  // 4. The coordinator finds it among the requests to decide and approves it.
  const coordinator = await as(browser, users.coordinator);
  // Its home counts the requests to decide and leads to them.
  await coordinator.getByTestId('nav-dashboard').click();
  await expect(coordinator.getByTestId('dashboard-to-decide')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  await expect(coordinator.getByTestId('dashboard-to-decide')).toContainText(/attend(ent)? votre décision/);
  await coordinator.getByTestId('dashboard-decide').click();
  const toDecide = coordinator.locator(`[data-testid="request-row"][data-request="${requestId}"]`);
  await expect(toDecide).toHaveAttribute('data-state', 'endorsed');
  await toDecide.getByTestId('request-link').click();
  await coordinator.getByTestId('transition-approve').click();
  await expect(coordinator.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
  // The next step is offered: the allocation.
  await expect(coordinator.getByTestId('request-go-allocation')).toHaveAttribute('href', '/allocation');

  // 5. The allocation preview serves it, and explains why.
  await coordinator.goto('/stock');
  const inStock = coordinator.getByTestId('state-counts').first().getByTestId('state-count-in_stock');
  await expect(inStock).toHaveAttribute('data-count', /^\d+$/);
  const inStockBefore = Number(await inStock.getAttribute('data-count'));
  await coordinator.getByTestId('nav-allocation').click();
  const line = coordinator.locator(`[data-testid="allocation-line"][data-request="${requestId}"]`);
  await expect(line).toContainText(DEMO_STRUCTURE.name);
  await expect(line).toHaveAttribute('data-allocated', '3');
  await expect(line.getByTestId('allocation-explanation')).toContainText('3 cartes attribuées');
  await expect(coordinator.locator('[data-testid="allocation-department"][data-key="971"]')).toBeVisible();
  const total = Number(await coordinator.getByTestId('allocation-total').getAttribute('data-count'));
  expect(total).toBeGreaterThanOrEqual(3);

  // 6. Applied after a confirmation naming the cards reserved.
  await coordinator.getByTestId('allocation-apply').click();
  await expect(coordinator.getByTestId('allocation-confirm-text')).toContainText(`${total} cartes vont être réservées`);
  await coordinator.getByTestId('allocation-confirm-submit').click();
  const applied = coordinator.getByTestId('allocation-applied');
  await expect(applied).toHaveAttribute('data-applied', 'true');
  await expect(applied).toHaveAttribute('data-allocated', String(total));
  await expect(applied).toContainText(`Répartition appliquée\u202f: ${total} cartes réservées.`);
  // The summary of what was applied: the demo structure's department got the 3 cards at least.
  const guadeloupe = coordinator.locator(
    '[data-testid="allocation-applied-departments"] [data-testid="allocation-department"][data-key="971"]',
  );
  await expect(guadeloupe.getByTestId('share-allocated')).toHaveAttribute('data-count', /^([3-9]|\d\d+)$/);
  await expect(coordinator.getByTestId('allocation-go-packing')).toHaveAttribute('href', '/packing');

  // Everything approved is served: a new preview has nothing left to share, and the stock went down.
  await coordinator.getByTestId('allocation-new-preview').click();
  await expect(coordinator.getByTestId('allocation-empty')).toBeVisible();
  await coordinator.goto('/stock');
  await expect(inStock).toHaveAttribute('data-count', String(inStockBefore - total));

  // 7. The request shows its cards; the referral is included in it.
  await structure.goto(`/requests/${requestId}`);
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', /^(approved|partially_approved)$/);
  await expect(structure.getByTestId('request-allocated')).toHaveAttribute('data-allocated', '3');
  await expect(structure.getByTestId('request-allocated')).toHaveText('3 (dont 3 encore réservées)');
  const allocated = structure.getByTestId('request-event').last();
  await expect(allocated).toHaveAttribute('data-transition', 'allocate');
  await expect(allocated.getByTestId('event-reason')).toHaveText('Cartes attribuées\u202f: 3 sur 3 approuvées');

  await association.goto(`/referrals/${referralId}`);
  await expect(association.getByTestId('referral-status')).toHaveAttribute('data-state', 'included');
  await expect(association.getByTestId('referral-status')).toHaveText('Incluse dans une demande');
  await expect(association.getByTestId('referral-request')).toHaveText(`Demande n° ${requestId}`);

  for (const page of [association, structure, liaison, coordinator]) await page.context().close();
});

// Requests for cards: a structure writes one on a phone (over its capacity first), edits the draft,
// submits and cancels it; the liaison endorses from its queue; the coordinator approves, approves
// in part, rejects (a reason is required) and sees that a request is fulfilled only once
// delivered; the funder reads
// the masked summary. No allocation is applied here, and no card moves.
import { expect, test } from '@playwright/test';
import { login, submittedRequest, users } from './helpers';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('a structure writes a request: over capacity, then a draft it edits, submits and cancels', async ({ page }) => {
    await login(page, users.structure);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-requests').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes demandes de cartes');
    await page.getByTestId('request-new').click();
    await expect(page).toHaveURL(/\/requests\/new$/);
    await expect(page.getByTestId('field-programme')).toHaveValue('CU-2020');

    // Ticking a referral carries its people into the needs and its language into the leaflets.
    const family = page.locator('label', { hasText: 'Préfère un rendez-vous avec interprète.' });
    await expect(family).toContainText('2 adultes, 3 enfants');
    await family.getByTestId('referral-choice').check();
    await expect(page.getByTestId('need-schooling')).toHaveValue('5');
    await expect(page.getByTestId('need-administrative')).toHaveValue('5');
    await expect(page.getByTestId('need-keep_in_touch')).toHaveValue('0');
    await expect(page.getByTestId('leaflet_languages-ps')).toBeChecked();
    await page.getByTestId('leaflet_languages-fr').check();

    // Beyond its capacity: 98 places, 5 cards held and not handed over, 12 reserved for its
    // approved request 2.
    await page.getByTestId('field-quantity').fill('82');
    await page.getByTestId('request-save').click();
    const error = page.getByTestId('error-quantity');
    await expect(error).toHaveText(
      'Au-delà de la capacité de la structure (98)\u202f: une fois ôtées les cartes détenues et pas encore remises (5) ' +
        "et celles en route ou demandées par d'autres demandes en attente (12), il en reste au plus 81.",
    );
    await expect(page.getByTestId('field-quantity')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('field-quantity')).toHaveAttribute('aria-describedby', 'error-quantity');
    // Right under the quantity, within the phone's width.
    const input = (await page.getByTestId('field-quantity').boundingBox())!;
    const message = (await error.boundingBox())!;
    expect(message.y).toBeGreaterThan(input.y);
    expect(message.y - (input.y + input.height)).toBeLessThan(30);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Big enough to touch.
    const tile = (await page.getByTestId('choice-leaflet_languages-ar').boundingBox())!;
    expect(tile.height).toBeGreaterThanOrEqual(40);
    expect(tile.width).toBeGreaterThan(140);

    await page.getByTestId('field-quantity').fill('5');
    await page.getByTestId('field-comment').fill('Famille arrivée cette semaine.');
    await page.getByTestId('request-save').click();
    await expect(page).toHaveURL(/\/requests\/\d+\?saved=1$/);
    await expect(page.getByTestId('request-saved')).toBeVisible();
    await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'draft');
    await expect(page.getByTestId('request-quantity')).toHaveText('5');
    await expect(page.getByTestId('request-needs').locator('li[data-need="schooling"]')).toContainText('5');
    await expect(page.getByTestId('request-languages')).toHaveText('français, pachto');
    await expect(page.getByTestId('request-referral')).toHaveCount(1);
    await expect(page.getByTestId('request-referral').getByTestId('referral-status')).toHaveAttribute('data-state', 'included');

    // The draft is edited with every field sent again.
    await page.getByTestId('request-edit').click();
    await expect(page.getByTestId('field-quantity')).toHaveValue('5');
    await expect(page.getByTestId('referral-choice').first()).toBeChecked();
    await page.getByTestId('field-quantity').fill('6');
    await page.getByTestId('request-save').click();
    await expect(page.getByTestId('request-quantity')).toHaveText('6');
    await expect(page.getByTestId('request-referral')).toHaveCount(1);

    // Submitted, then cancelled after a confirmation; its referral is open again.
    await page.getByTestId('transition-submit').click();
    await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'submitted');
    await expect(page.getByTestId('request-done')).toHaveText("C'est fait\u202f: la demande est maintenant «\u202fSoumise\u202f».");
    await expect(page.getByTestId('request-edit')).toHaveCount(0);
    await page.getByTestId('transition-cancel').click();
    await expect(page.getByTestId('transition-form')).toContainText('les cartes réservées pour elle retournent au stock');
    await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'submitted');
    await page.getByTestId('transition-confirm').click();
    await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('request-referrals-none')).toBeVisible();
    await expect(page.getByTestId('request-actions')).toHaveCount(0);
    const events = await page.getByTestId('request-event').evaluateAll((e) => e.map((x) => x.getAttribute('data-transition')));
    expect(events).toEqual(['create', 'submit', 'cancel']);
  });
});

test('the liaison endorses a submitted request from its queue', async ({ page }) => {
  await login(page, users.liaison);
  await page.getByTestId('nav-requests').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demandes à appuyer');
  await expect(page.getByTestId('filter-state')).toHaveValue('submitted');
  const four = page.locator('[data-testid="request-row"][data-request="4"]');
  await expect(four).toHaveAttribute('data-state', 'submitted');
  // One tap only asks, stating the consequence; "Annuler" leaves the request as it was.
  await four.getByTestId('request-endorse').click();
  await expect(four.getByTestId('request-endorse-confirm')).toContainText('Appuyer la demande n° 4');
  await expect(four.getByTestId('request-endorse-confirm')).toContainText("l'appui ne se retire pas");
  await four.getByTestId('request-endorse-confirm-no').click();
  await expect(four).toHaveAttribute('data-state', 'submitted');
  await expect(page.getByTestId('request-endorsed')).toHaveCount(0);
  await four.getByTestId('request-endorse').click();
  await four.getByTestId('request-endorse-confirm-yes').click();
  await expect(page.getByTestId('request-endorsed')).toHaveText('Demande n° 4 appuyée.');
  await expect(four).toHaveCount(0);

  await page.getByTestId('filter-state').selectOption('endorsed');
  await expect(page.locator('[data-testid="request-row"][data-request="4"]')).toHaveAttribute('data-state', 'endorsed');
  await expect(page.locator('[data-testid="request-row"][data-request="5"]')).toHaveAttribute('data-state', 'endorsed');
  await expect(page.getByTestId('request-endorse')).toHaveCount(0);

  // The liaison decides nothing more.
  await page.locator('[data-testid="request-row"][data-request="5"]').getByTestId('request-link').click();
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'endorsed');
  await expect(page.getByTestId('request-actions')).toHaveCount(0);
  // It learns how many referrals are behind a request, not what they say.
  await page.goto('/requests/4');
  await expect(page.getByTestId('request-referrals-hidden')).toHaveText(
    '2 orientations sont rattachées à cette demande\u202f; leur contenu ne vous est pas visible.',
  );
  await expect(page.getByTestId('request-referral')).toHaveCount(0);
});

test('the coordinator approves an endorsed request from its queue', async ({ page }) => {
  await login(page, users.coordinator);
  await page.getByTestId('nav-requests').click();
  await expect(page.getByTestId('filter-state')).toHaveValue('to_decide');
  const five = page.locator('[data-testid="request-row"][data-request="5"]');
  await expect(five).toHaveAttribute('data-state', 'endorsed');
  await expect(page.locator('[data-testid="request-row"][data-state="approved"]')).toHaveCount(0);
  await five.getByTestId('request-link').click();

  await expect(page).toHaveURL(/\/requests\/5$/);
  await expect(page.getByTestId('request-structure')).toHaveText('HUDA Forum réfugiés Saint-Laurent-du-Maroni');
  await expect(page.getByTestId('transition-fulfil')).toHaveCount(0);
  await page.getByTestId('transition-approve').click();
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
  await expect(page.getByTestId('request-approved')).toHaveText('30');
  await expect(page.getByTestId('request-allocated')).toHaveText('Pas encore attribuées');
  // Approved and not yet allocated: no fulfilment, but a partial approval or a cancellation.
  await expect(page.getByTestId('transition-approve')).toHaveCount(0);
  await expect(page.getByTestId('transition-fulfil')).toHaveCount(0);
  await expect(page.getByTestId('transition-approve_partially')).toBeVisible();
  await expect(page.getByTestId('request-event').last()).toHaveAttribute('data-transition', 'approve');
});

test('the coordinator cannot reject without a reason, then rejects with one', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/requests/4');
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', /^(submitted|endorsed)$/);
  const before = await page.getByTestId('request-state').getAttribute('data-state');

  await page.getByTestId('transition-reject').click();
  await page.getByTestId('field-reason').fill('   ');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('error-reason')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('field-reason')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('transition-problem')).toHaveAttribute('data-code', 'validation_failed');
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', before!);

  await page.getByTestId('field-reason').fill('Structure déjà équipée cet été.');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'rejected');
  await expect(page.getByTestId('request-decision-reason')).toHaveText('Structure déjà équipée cet été.');
  await expect(page.getByTestId('request-actions')).toHaveCount(0);
  const last = page.getByTestId('request-event').last();
  await expect(last).toHaveAttribute('data-transition', 'reject');
  await expect(last).toContainText('Refus');
  await expect(last.getByTestId('event-reason')).toHaveText('Structure déjà équipée cet été.');
});

test('the coordinator approves part of a request, fewer cards than asked', async ({ page, baseURL }) => {
  const id = await submittedRequest(baseURL!, 4, 'Demande de test : approbation partielle.');
  await login(page, users.coordinator);
  await page.goto('/requests');
  await page.locator(`[data-testid="request-row"][data-request="${id}"]`).getByTestId('request-link').click();
  await expect(page.getByTestId('request-quantity')).toHaveText('4');

  await page.getByTestId('transition-approve_partially').click();
  await expect(page.getByTestId('transition-form')).toContainText('moins que les 4 demandées');
  await page.getByTestId('field-quantity').fill('4');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('error-quantity')).toHaveText('La valeur doit être comprise entre 1 et 3.');

  await page.getByTestId('field-quantity').fill('2');
  await page.getByTestId('field-reason').fill('Le reste à la prochaine livraison.');
  await expect(page.getByTestId('transition-confirm')).toHaveText('Approuver 2 cartes');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'partially_approved');
  await expect(page.getByTestId('request-state')).toHaveText('Approuvée en partie');
  await expect(page.getByTestId('request-approved')).toHaveText('2');
  await expect(page.getByTestId('request-decision-reason')).toHaveText('Le reste à la prochaine livraison.');
});

test('a request is fulfilled only once its cards are delivered', async ({ page }) => {
  await login(page, users.coordinator);
  // Approved, not allocated yet: nothing to fulfil.
  await page.goto('/requests/6');
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
  await expect(page.getByTestId('transition-fulfil')).toHaveCount(0);

  // Allocated, its 12 cards still reserved (not packed nor delivered): still nothing to fulfil.
  await page.goto('/requests/2');
  await expect(page.getByTestId('request-allocated')).toHaveText('12 (dont 12 encore réservées)');
  await expect(page.getByTestId('request-event').last()).toContainText('Cartes attribuées\u202f: 12 sur 12 approuvées');
  await expect(page.getByTestId('transition-fulfil')).toHaveCount(0);

  // The demo's request 3 went the whole way: its cards delivered, it is served.
  await page.goto('/requests/3');
  await expect(page.getByTestId('request-state')).toHaveAttribute('data-state', 'fulfilled');
  await expect(page.getByTestId('request-state')).toHaveText('Servie');
  await expect(page.getByTestId('request-actions')).toHaveCount(0);
});

test('the funder reads the needs summary, small counts masked, and no request', async ({ page }) => {
  await login(page, users.funder);
  await page.getByTestId('nav-needs_summary').click();
  await expect(page).toHaveURL(/\/requests\/summary$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Synthèse des besoins');
  await expect(page.getByTestId('summary-masked-note')).toBeVisible();
  await expect(page.getByTestId('summary-cards-allocated')).toHaveAttribute('data-count', /^\d+$/);
  expect(Number(await page.getByTestId('summary-cards-allocated').getAttribute('data-count'))).toBeGreaterThanOrEqual(32);

  // Each state holds a few requests: masked, and so are their cards (they would tell one
  // structure's request apart).
  const masked = page.locator('[data-testid="summary-requests-count"][data-masked="true"]');
  expect(await masked.count()).toBeGreaterThan(0);
  await expect(masked.first()).toHaveText('< 5');
  const cancelled = page.locator('[data-testid="summary-state"][data-state="cancelled"]');
  await expect(cancelled.getByTestId('summary-cards-count')).toHaveText('masqué');
  await expect(page.getByTestId('summary-status')).toHaveCount(4);

  await expect(page.getByTestId('nav-requests')).toHaveCount(0);
  await page.goto('/requests');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

// Referrals: the association refers a person (refused fields shown one by one, the warning
// against sensitive data always in sight), reads the pseudonym Relais issues, lists and closes its
// referrals; the structure reads those sent to it with their notes.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_STRUCTURE, login, users } from './helpers';

const PSEUDONYM = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

async function chooseDemoStructure(page: Page) {
  await page.getByTestId('structure-search').fill('Le Moule');
  const option = page.locator(`[data-testid="structure-option"][data-structure="${DEMO_STRUCTURE.id}"]`);
  await option.check();
  await expect(option).toBeChecked();
}

test('the association lands on its referrals and filters them by status', async ({ page }) => {
  await login(page, users.association);
  await expect(page).toHaveURL(/\/referrals$/);
  await expect(page.getByTestId('nav-referrals')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes orientations');
  await expect(page.getByTestId('referrals-total')).toHaveAttribute('data-total', /^\d+$/);
  expect(Number(await page.getByTestId('referrals-total').getAttribute('data-total'))).toBeGreaterThanOrEqual(12);
  await expect(page.getByTestId('referral-row').first().getByTestId('referral-link')).toHaveText(PSEUDONYM);

  await page.getByTestId('filter-status').selectOption('served');
  await expect(page.getByTestId('referrals-total')).toHaveAttribute('data-total', '2');
  await expect(page.getByTestId('referral-row')).toHaveCount(2);
  for (const status of await page.getByTestId('referral-status').allInnerTexts()) expect(status).toBe('Servie');
});

test('the association refers a person: refused fields, then the pseudonym, then closing it', async ({ page }) => {
  await login(page, users.association);
  await page.getByTestId('referral-new').click();
  await expect(page).toHaveURL(/\/referrals\/new$/);

  // The warning against sensitive data is in sight, next to the note.
  const warning = page.getByTestId('note-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Aucune donnée sensible.');
  await expect(warning).toContainText('ni nationalité');

  // Nothing chosen and no adult: the server's refusals go under their fields.
  await page.getByTestId('field-adults').fill('0');
  await page.getByTestId('referral-submit').click();
  await expect(page.getByTestId('form-problem')).toHaveText('4 champs invalides.');
  await expect(page.getByTestId('error-structure_id')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('error-adults')).toHaveText('La valeur doit être comprise entre 1 et 20.');
  await expect(page.getByTestId('field-adults')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-languages')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('error-needs')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('error-children')).toHaveCount(0);

  await chooseDemoStructure(page);
  await page.getByTestId('field-adults').fill('2');
  await page.getByTestId('field-children').fill('1');
  await expect(page.getByTestId('choice-languages-ar')).toHaveText('arabe — العربية');
  await page.getByTestId('languages-ar').check();
  await page.getByTestId('languages-fr').check();
  await expect(page.getByTestId('needs-job_search')).toBeVisible();
  await page.getByTestId('needs-job_search').check();
  await page.getByTestId('needs-schooling').check();
  await page.getByTestId('field-note').fill('Joignable en fin de journée.');
  await page.getByTestId('referral-submit').click();

  await expect(page).toHaveURL(/\/referrals\/\d+\?created=1$/);
  await expect(page.getByTestId('referral-created')).toContainText('Notez ce pseudonyme');
  const pseudonym = await page.getByTestId('referral-pseudonym').innerText();
  expect(pseudonym).toMatch(PSEUDONYM);
  await expect(page.getByTestId('referral-status')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('referral-structure')).toHaveText(DEMO_STRUCTURE.name);
  await expect(page.getByTestId('referral-people')).toHaveText('2 adultes, 1 enfant');
  await expect(page.getByTestId('referral-languages')).toHaveText('français, arabe');
  await expect(page.getByTestId('referral-needs')).toHaveText("Recherche d'emploi, Scolarité");
  await expect(page.getByTestId('referral-note')).toHaveText('Joignable en fin de journée.');

  // Listed first, open.
  await page.getByTestId('referral-back').click();
  const row = page.locator(`[data-testid="referral-row"][data-pseudonym="${pseudonym}"]`);
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row.getByTestId('referral-note')).toHaveText('Joignable en fin de journée.');

  // Closing asks first.
  await row.getByTestId('referral-link').click();
  await expect(page.getByTestId('referral-created')).toHaveCount(0);
  await page.getByTestId('referral-close').click();
  await page.getByTestId('referral-close-confirm').click();
  await expect(page.getByTestId('referral-closed')).toBeVisible();
  await expect(page.getByTestId('referral-status')).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('referral-status')).toHaveText('Close');
  await expect(page.getByTestId('referral-close')).toHaveCount(0);
});

test('the structure reads the referrals sent to it, with their notes, and refers nobody', async ({ page }) => {
  await login(page, users.structure);
  await page.getByTestId('nav-referrals').click();
  await expect(page).toHaveURL(/\/referrals$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orientations reçues');
  await expect(page.getByTestId('referral-new')).toHaveCount(0);
  await expect(page.getByTestId('referral-note').filter({ hasText: 'Préfère un rendez-vous avec interprète.' })).toHaveCount(1);

  await page.getByTestId('filter-status').selectOption('open');
  await expect(page.getByTestId('referral-row').first()).toBeVisible();
  for (const status of await page.getByTestId('referral-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) {
    expect(status).toBe('open');
  }

  await page.goto('/referrals/new');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

test('referral labels follow the UI language', async ({ page }) => {
  await login(page, users.association);
  await page.goto('/referrals/new');
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Refer a person');
  await expect(page.getByTestId('choice-languages-ar')).toHaveText('Arabic — العربية');
  await expect(page.getByTestId('choice-needs-keep_in_touch')).toHaveText('Keeping in touch with family');
  await expect(page.getByTestId('note-warning')).toContainText('No sensitive data.');
  await page.getByTestId('language-switch').selectOption('fr');
});

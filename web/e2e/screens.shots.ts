// Screenshots of the main screens on a desktop and a phone, for a person to look at.
// Run with `npm run shots`; images go to $SHOTS_DIR (default test-results/shots).
import { expect, test, type Page } from '@playwright/test';
import { login, openDirectory, users } from './helpers';

const DIR = process.env.SHOTS_DIR ?? 'test-results/shots';

const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Logs in as another user, whatever the session was. */
async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await login(page, email);
}

async function shot(page: Page, size: string, name: string, fullPage = true) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.screenshot({ path: `${DIR}/${size}-${name}.png`, fullPage });
}

for (const size of sizes) {
  test(`screens on ${size.name}`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });

    await page.goto('/login');
    await page.getByTestId('login-email').fill(users.funder);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toBeVisible();
    await shot(page, size.name, '01-login-error');

    await login(page, users.coordinator);
    await shot(page, size.name, '02-dashboard');

    await openDirectory(page);
    await shot(page, size.name, '03-directory', false);

    if (size.name === 'phone') {
      await page.getByTestId('menu-toggle').click();
      await shot(page, size.name, '04-menu-open', false);
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('organisations-table').scrollIntoViewIfNeeded();
      await page.getByTestId('organisations-table').locator('..').evaluate((box) => box.scrollBy(400, 0));
      await shot(page, size.name, '04-table-scrolled', false);
    }

    await page.goto('/organisations/new');
    await page.getByTestId('field-name').fill('CAES Exemple');
    await page.getByTestId('field-capacity').fill('0');
    await page.getByTestId('field-postcode').fill('7500');
    await page.getByTestId('organisation-submit').click();
    await expect(page.getByTestId('form-problem')).toBeVisible();
    await shot(page, size.name, '05-form-errors');

    await page.goto('/organisations/import');
    await page.getByTestId('import-text').fill(
      [
        'nom;type;capacite;adresse;code_postal;commune;departement',
        'CADA Exemple;CADA;40;1 rue de la Gare;69001;Lyon;69',
        'HUDA Exemple;HUDA;25;2 avenue Foch;20000;Ajaccio;20',
        'CPH Exemple;XYZ;abc;3 rue Haute;1300;Marseille;13',
      ].join('\n'),
    );
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-errors')).toBeVisible();
    await shot(page, size.name, '06-import-errors');

    const id = (await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))).user.organisation_id;
    await page.goto(`/organisations/${id}`);
    await shot(page, size.name, '07-organisation');

    await page.goto('/users');
    await shot(page, size.name, '08-users');

    await page.goto('/stock');
    await expect(page.getByTestId('stock-total')).toBeVisible();
    await expect(page.getByTestId('sims-total')).toHaveAttribute('data-total', /^\d+$/);
    await shot(page, size.name, '10-stock');

    await page.goto('/stock/import');
    await page.getByTestId('field-operator').selectOption('SFR');
    await page.getByTestId('field-reference').fill('BL-2020-042');
    await page.getByTestId('import-text').fill(
      [
        'iccid;msisdn;imsi;puk',
        '8933101000000000010;0612345678;208101234567890;12345678',
        '8933101000000000015;0712345678;208151234567891;1234',
        '8933102000012000007;06 10 00 00 00;208101234567892;87654321',
      ].join('\n'),
    );
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-errors')).toBeVisible();
    await shot(page, size.name, '11-sim-import-errors');

    await page.goto('/sims/8933102000012000320');
    await expect(page.getByTestId('sim-timeline')).toBeVisible();
    await page.getByTestId('sim-puk-toggle').click();
    await page.getByTestId('field-transition').selectOption('declare_defective');
    await page.getByTestId('field-reason').fill('Puce illisible au test de réception');
    await shot(page, size.name, '12-sim');

    await page.goto('/stock/status-report');
    await page.getByTestId('field-operator').selectOption('SFR');
    await page.getByTestId('import-text').fill(
      [
        'iccid;status;date;data_used_mb',
        '8933109999999999995;activated;2020-04-21;0',
        '8933102000012024916;activated;2020-13-02;beaucoup',
      ].join('\n'),
    );
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-errors')).toBeVisible();
    await shot(page, size.name, '13-status-report-errors');

    // Needs, requests and the allocation (nothing is applied: the phone run comes after).
    await page.goto('/requests');
    await expect(page.getByTestId('request-row').first()).toBeVisible();
    await shot(page, size.name, '20-requests-queue');

    await page.goto('/requests/4');
    await page.getByTestId('transition-reject').click();
    await page.getByTestId('transition-confirm').click();
    await expect(page.getByTestId('error-reason')).toBeVisible();
    await shot(page, size.name, '21-request-reject-reason');

    await page.goto('/allocation');
    await expect(page.getByTestId('allocation-lines-table')).toBeVisible();
    await shot(page, size.name, '22-allocation');
    await page.getByTestId('allocation-apply').click();
    await expect(page.getByTestId('allocation-confirm')).toBeVisible();
    await shot(page, size.name, '23-allocation-confirm', false);
    await page.getByTestId('allocation-confirm-cancel').click();

    await switchTo(page, users.association);
    await expect(page.getByTestId('referral-row').first()).toBeVisible();
    await shot(page, size.name, '24-referrals');
    await page.goto('/referrals/new');
    await expect(page.getByTestId('structure-option').first()).toBeVisible();
    await page.getByTestId('field-adults').fill('0');
    await page.getByTestId('referral-submit').click();
    await expect(page.getByTestId('form-problem')).toBeVisible();
    await shot(page, size.name, '25-referral-errors');
    await page.getByTestId('structure-search').fill('Le Moule');
    await page.getByTestId('structure-option').first().check();
    await page.getByTestId('field-adults').fill('1');
    await page.getByTestId('languages-ar').check();
    await page.getByTestId('needs-keep_in_touch').check();
    await page.getByTestId('referral-submit').click();
    await expect(page.getByTestId('referral-pseudonym')).toBeVisible();
    await shot(page, size.name, '26-referral-created');

    await switchTo(page, users.structure);
    await page.goto('/referrals');
    await expect(page.getByTestId('referral-row').first()).toBeVisible();
    await shot(page, size.name, '27-referrals-received');
    await page.goto('/requests');
    await expect(page.getByTestId('request-row').first()).toBeVisible();
    await shot(page, size.name, '28-my-requests');
    await page.goto('/requests/1');
    await expect(page.getByTestId('request-timeline')).toBeVisible();
    await shot(page, size.name, '29-request-draft');

    await switchTo(page, users.liaison);
    await page.goto('/requests');
    await expect(page.getByTestId('request-row').first()).toBeVisible();
    await shot(page, size.name, '30-liaison-queue');

    await switchTo(page, users.funder);
    await page.goto('/requests/summary');
    await expect(page.getByTestId('summary-requests')).toBeVisible();
    await shot(page, size.name, '31-needs-summary');

    await openDirectory(page);
    if (size.name === 'phone') await page.getByTestId('menu-toggle').click();
    await page.getByTestId('language-switch').selectOption('en');
    await shot(page, size.name, '09-directory-en', false);
  });
}

test('request form on a 375 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await login(page, users.structure);
  await page.goto('/requests/new');
  await expect(page.getByTestId('request-form')).toBeVisible();
  await expect(page.getByTestId('referral-choice').first()).toBeVisible();
  await shot(page, 'phone375', '40-request-form');
  await page.getByTestId('referral-choice').first().check();
  await page.getByTestId('field-quantity').fill('94');
  await page.getByTestId('request-save').click();
  await expect(page.getByTestId('error-quantity')).toBeVisible();
  await page.getByTestId('field-quantity').scrollIntoViewIfNeeded();
  await shot(page, 'phone375', '41-request-over-capacity', false);
  await shot(page, 'phone375', '42-request-over-capacity-full');
});

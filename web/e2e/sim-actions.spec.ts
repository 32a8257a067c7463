// Moving a card by hand from its page (coordinator, holding structure) and the exchange of files
// with the operator: activation requests downloaded as CSV, status reports applied all or nothing.
// Cards used here and nowhere else: demo cards 90 (stock; the first 72 went to the
// demo's allocated requests), 2491 (handed over), 2495 (at the structure). Card 90 is put back in
// stock at the end, so that the stock counts stay as the demo's.
import { expect, test, type Page } from '@playwright/test';
import { login, users, withLuhn } from './helpers';

/** The ICCID of demo card n. */
function demoIccid(n: number): string {
  return withLuhn(`89331020${String(1200000 + n).padStart(10, '0')}`);
}

/** Options of the action choice, by value, the placeholder left out. */
async function actionOptions(page: Page): Promise<string[]> {
  const values = await page.getByTestId('field-transition').locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value),
  );
  return values.filter((v) => v !== '');
}

/** Applies a transition from the card's page and waits for the card to come back. */
async function applyAction(page: Page, transition: string, reason: string): Promise<void> {
  await page.getByTestId('field-transition').selectOption(transition);
  await page.getByTestId('field-reason').fill(reason);
  const answered = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
  await page.getByTestId('sim-action-submit').click();
  expect((await answered).status()).toBe(200);
}

async function sendReport(page: Page, text: string): Promise<void> {
  await page.getByTestId('import-text').fill(text);
  await page.getByTestId('import-submit').click();
}

test('coordinator declares a stock card defective, then puts it back in stock', async ({ page }) => {
  const iccid = demoIccid(90);
  await login(page, users.coordinator);
  await page.goto(`/sims/${iccid}`);
  await expect(page.getByTestId('sim-state')).toHaveText('En stock');
  await expect(page.getByTestId('timeline-entry')).toHaveCount(1);

  // From the stock the coordinator may only declare a defect: no chain step, no activation.
  expect(await actionOptions(page)).toEqual(['declare_defective']);
  await expect(page.getByTestId('field-transition').locator('option[value="declare_defective"]')).toHaveText(
    'Déclaration de défaut',
  );

  // The reason is required: the browser keeps the form until it is given.
  await page.getByTestId('field-transition').selectOption('declare_defective');
  await page.getByTestId('sim-action-submit').click();
  await expect(page.getByTestId('sim-state')).toHaveText('En stock');

  await applyAction(page, 'declare_defective', 'Puce illisible au test');
  await expect(page.getByTestId('sim-state')).toHaveText('Défectueuse');
  await expect(page.getByTestId('sim-action-done')).toHaveAttribute('data-transition', 'declare_defective');
  await expect(page.getByTestId('sim-action-done')).toContainText('«\u202fDéfectueuse\u202f»');
  const entries = page.getByTestId('timeline-entry');
  await expect(entries).toHaveCount(2);
  const last = entries.last();
  await expect(last).toHaveAttribute('data-transition', 'declare_defective');
  await expect(last.getByTestId('timeline-states')).toHaveText('En stock → Défectueuse');
  await expect(last.getByTestId('timeline-reason')).toHaveText('Puce illisible au test');
  expect(await actionOptions(page)).toEqual(['return', 'terminate']);
  expect(await actionOptions(page)).not.toContain('activate');

  // The card survives a reload with its new state.
  await page.reload();
  await expect(page.getByTestId('sim-state')).toHaveText('Défectueuse');

  // Back to the stock through a return and a restock.
  await applyAction(page, 'return', 'Erreur de diagnostic');
  await expect(page.getByTestId('sim-state')).toHaveText('Retournée');
  await applyAction(page, 'restock', 'Carte testée à nouveau : fonctionne');
  await expect(page.getByTestId('sim-state')).toHaveText('En stock');
  await expect(entries).toHaveCount(4);
});

test('a refused transition shows the server problem', async ({ page }) => {
  const iccid = demoIccid(90);
  await login(page, users.coordinator);
  await page.goto(`/sims/${iccid}`);
  await expect(page.getByTestId('sim-state')).toBeVisible();
  // Another tab moves the card meanwhile (the same session, through the API): the page still
  // offers the old choice, and the server refuses it for real.
  const session = await (await page.request.get('/api/v1/session')).json();
  const moved = await page.request.post(`/api/v1/sims/${iccid}/transitions`, {
    headers: { 'X-CSRF-Token': session.csrf_token },
    data: { transition: 'declare_defective', reason: 'autre onglet' },
  });
  expect(moved.status()).toBe(200);
  await page.getByTestId('field-transition').selectOption('declare_defective');
  await page.getByTestId('field-reason').fill('Essai');
  await page.getByTestId('sim-action-submit').click();
  const problem = page.getByTestId('sim-action-problem');
  await expect(problem).toHaveAttribute('data-code', 'sim_transition_refused');
  await expect(problem).toContainText('Déclaration de défaut impossible\u202f: la carte est défectueuse.');
  // Put the card back in stock, so that the other specs find the demo's counts.
  for (const transition of ['return', 'restock']) {
    const back = await page.request.post(`/api/v1/sims/${iccid}/transitions`, {
      headers: { 'X-CSRF-Token': session.csrf_token },
      data: { transition, reason: 'remise en état' },
    });
    expect(back.status()).toBe(200);
  }
});

test('a structure opens a card it holds: what happens at its door, no handover by hand', async ({ page }) => {
  const iccid = demoIccid(2495);
  await login(page, users.structure);
  await expect(page.getByTestId('nav-stock')).toHaveCount(0);
  await page.goto(`/sims/${iccid}`);
  await expect(page.getByTestId('sim-iccid')).toHaveText(iccid);
  await expect(page.getByTestId('sim-state')).toHaveText('À la structure');
  await expect(page.getByTestId('sim-back')).toHaveAttribute('href', '/');
  // A line reaches a resident through a handover (consent first), never by hand.
  expect(await actionOptions(page)).toEqual(['declare_lost', 'declare_defective', 'return']);

  // A reason of blanks only passes the browser; the server refuses it, next to the field.
  await page.getByTestId('field-transition').selectOption('declare_defective');
  await page.getByTestId('field-reason').fill('   ');
  await page.getByTestId('sim-action-submit').click();
  await expect(page.getByTestId('sim-action-problem')).toHaveAttribute('data-code', 'validation_failed');
  await expect(page.getByTestId('error-reason')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('sim-state')).toHaveText('À la structure');
});

test('operator sends a status report: applied, then unchanged, and a bad line refuses it', async ({ page }) => {
  const iccid = demoIccid(2491);
  await login(page, users.operator);
  await page.goto('/stock');
  await page.getByTestId('stock-status-report').click();
  await expect(page).toHaveURL(/\/stock\/status-report$/);
  await expect(page.getByTestId('field-operator')).toHaveValue('SFR');
  await expect(page.getByTestId('field-operator')).toBeDisabled();

  const report = ['iccid;status;date;data_used_mb', `${iccid};activated;2020-04-21;0`].join('\n');
  await sendReport(page, report);
  const success = page.getByTestId('report-success');
  await expect(success).toHaveAttribute('data-applied', '1');
  await expect(success).toHaveAttribute('data-unchanged', '0');
  await expect(page.getByTestId('report-applied')).toHaveText('1 carte mise à jour (appliquée)');

  await sendReport(page, report);
  await expect(success).toHaveAttribute('data-applied', '0');
  await expect(success).toHaveAttribute('data-unchanged', '1');
  await expect(page.getByTestId('report-unchanged')).toContainText('1 carte inchangée');

  const unknown = withLuhn('893310999999999999');
  await sendReport(page, ['iccid;status;date;data_used_mb', `${unknown};activated;2020-04-21;0`].join('\n'));
  await expect(success).toHaveCount(0);
  await expect(page.getByTestId('import-problem')).toHaveAttribute('data-code', 'import_failed');
  const errors = page.getByTestId('import-error-row');
  await expect(errors).toHaveCount(1);
  await expect(errors).toHaveAttribute('data-reason', 'iccid_unknown');
  await expect(errors.getByTestId('import-error-line')).toHaveText('2');
  await expect(errors.getByTestId('import-error-column')).toHaveText('iccid');
  await expect(errors.getByTestId('import-error-value')).toHaveText(unknown);
  await expect(errors.getByTestId('import-error-message')).toContainText('Carte inconnue');

  // The card is active now, with the report in its history.
  await page.goto(`/sims/${iccid}`);
  await expect(page.getByTestId('sim-state')).toHaveText('Active');
  await expect(page.getByTestId('timeline-entry').last()).toHaveAttribute('data-transition', 'activate');
});

test('operator downloads its activation requests as CSV', async ({ page }) => {
  await login(page, users.operator);
  await page.goto('/stock');
  const link = page.getByTestId('activation-requests');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveText("Demandes d'activation (CSV)");
  await expect(link).toHaveAttribute('download', 'activation-requests-SFR.csv');
  const href = await link.getAttribute('href');
  expect(href).toBe('/api/v1/activation-requests?operator=SFR');

  const answer = await page.request.get(href!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('text/csv');
  const lines = (await answer.text()).trim().split(/\r?\n/);
  expect(lines[0]).toBe('iccid,msisdn,imsi,plan,handed_over_at');
  expect(lines.length).toBeGreaterThan(1);

  // A click saves the file under its name.
  const download = page.waitForEvent('download');
  await link.click();
  expect((await download).suggestedFilename()).toBe('activation-requests-SFR.csv');
});

test('the coordinator picks the operator of a report', async ({ page }) => {
  await login(page, users.coordinator);
  await page.goto('/stock');
  await expect(page.getByTestId('activation-requests').first()).toBeVisible();
  await page.goto('/stock/status-report');
  await expect(page.getByTestId('field-operator')).toBeEnabled();
  await expect(page.getByTestId('field-operator').locator('option[value="SFR"]')).toHaveCount(1);
});

test('the funder has no exchange with the operators', async ({ page }) => {
  await login(page, users.funder);
  await page.goto('/stock');
  await expect(page.getByTestId('stock-total')).toBeVisible();
  await expect(page.getByTestId('operator-exchange')).toHaveCount(0);
  await page.goto('/stock/status-report');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

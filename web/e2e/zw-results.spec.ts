// The results dashboard (issue 13), desk and phone: the funder's key figures equal the API's, the
// map draws every department (the overseas ones in their boxes) named as the table says, a filter
// kept in the address changes the figures as the API does, hidden counts read "< 5"; the
// coordinator shares the results by a link (its revocation asked twice), which opens without an
// account until revoked; the coordinator saves a budget with funders, the server's refusal shown
// beside its field; axe finds no serious violation and nothing scrolls sideways on a phone.
//
// Runs before zx-line-admin.spec, which expects the demo's top-up budget of 2 000 €: the budget
// saved here keeps that line, and the demo's budget is put back in the end whatever happens.
import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { apiSession, login, PASSWORD, users } from './helpers';

const PHONE = { width: 360, height: 800 };
const DESK = { width: 1280, height: 800 };

type Disclosed = number | null | 'secret';
type Results = {
  programme: { id: number; name: string };
  budget: { people_connected: Disclosed; cost_per_person_cents: number | null; funders: { name: string }[] };
  departments_total: { connected: Disclosed };
  funnel: { stage: string; total: Disclosed; by_month: Disclosed[] }[];
  lead_times: { measure: string; count: Disclosed }[];
  departments: { code: string; name: string; connected: Disclosed; per_100_places: number | null }[];
};
type Budget = { profile: Record<string, unknown>; lines: { category: string; budget_cents: number; spent_cents?: number | null }[]; funders: unknown[] };

/** Text as compared: every kind of space taken out (French writes 2 500 with a narrow one). */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]/g, '');

function disclosedText(value: Disclosed): string {
  if (value === null) return '<5';
  if (value === 'secret') return 's';
  return plain(new Intl.NumberFormat('fr').format(value));
}

let programmeId: number;
let originalBudget: Budget;

async function putBudget(baseURL: string, body: unknown): Promise<number> {
  const context = await playwrightRequest.newContext({ baseURL });
  try {
    const session = await context.post('/api/v1/session', { data: { email: users.coordinator, password: PASSWORD } });
    const { csrf_token: csrf } = (await session.json()) as { csrf_token: string };
    const put = await context.put(`/api/v1/programmes/${programmeId}/budget`, { data: body, headers: { 'X-CSRF-Token': csrf } });
    return put.status();
  } finally {
    await context.dispose();
  }
}

test.beforeAll(async ({ baseURL }) => {
  const coordinator = await apiSession(baseURL!, users.coordinator);
  try {
    const programmes = (await (await coordinator.get('/api/v1/programmes')).json()) as { items: { id: number; code: string }[] };
    programmeId = programmes.items.find((p) => p.code === 'CU-2020')!.id;
    const budget = await coordinator.get(`/api/v1/programmes/${programmeId}/budget`);
    expect(budget.status()).toBe(200);
    originalBudget = (await budget.json()) as Budget;
    expect(originalBudget.lines.find((l) => l.category === 'topups')?.budget_cents).toBe(200000);
  } finally {
    await coordinator.dispose();
  }
});

test.afterAll(async ({ baseURL }) => {
  if (originalBudget) expect(await putBudget(baseURL!, originalBudget)).toBe(200);
});

test.describe.configure({ mode: 'serial' });

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

async function results(page: Page, query = ''): Promise<Results> {
  const response = await page.request.get(`/api/v1/programmes/${programmeId}/results${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Results;
}

async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
}

async function axeProblems(page: Page): Promise<string[]> {
  const found = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The key figures on the page are those of the API's answer. */
async function expectFigures(page: Page, api: Results): Promise<void> {
  // People connected as filtered; the budget's cost per person is the whole programme's.
  await expect(page.getByTestId('figure-people')).toHaveAttribute('data-value', String(api.departments_total.connected));
  expect(plain(await page.getByTestId('figure-people').locator('dd').textContent())).toBe(disclosedText(api.departments_total.connected));
  const cost = api.budget.cost_per_person_cents;
  const costText = cost === null ? '—' : new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(cost / 100);
  expect(plain(await page.getByTestId('figure-cost').locator('dd').textContent())).toContain(plain(costText));
  for (const stage of api.funnel) {
    expect(plain(await page.locator(`[data-testid=funnel-row][data-stage=${stage.stage}] [data-testid=funnel-total]`).textContent()), stage.stage).toBe(
      disclosedText(stage.total),
    );
  }
}

for (const [name, viewport] of [
  ['desk', DESK],
  ['phone', PHONE],
] as const) {
  test.describe(`the funder on a ${name}`, () => {
    test.use({ viewport });

    test(`reads the results as the API gives them, the map and its table, and filters them (${name})`, async ({ page }) => {
      await login(page, users.funder);
      // From the home, as the menu and the dashboard lead there.
      await page.getByTestId('dashboard-open-results').click();
      await expect(page).toHaveURL(/\/results$/);
      await settled(page);
      const all = await results(page);
      await expectFigures(page, all);

      // A hidden count reads "< 5" wherever the API hides one (the demo's surveys are few).
      const hiddenStage = all.funnel.find((s) => s.total === null);
      const hiddenLead = all.lead_times.find((l) => l.count === null);
      expect(hiddenStage ?? hiddenLead, 'a count under 5 in the demo').toBeTruthy();
      if (hiddenStage) {
        await expect(page.locator(`[data-testid=funnel-row][data-stage=${hiddenStage.stage}] [data-testid=funnel-total]`)).toHaveText('< 5');
      }
      await expect(page.getByTestId('results-hidden-legend')).toContainText('< 5');

      // The map: 101 departments, the 5 overseas ones in boxes of their own.
      await expect(page.getByTestId('map-department')).toHaveCount(101);
      await expect(page.getByTestId('map-inset')).toHaveCount(5);
      for (const code of ['971', '972', '973', '974', '976']) {
        await expect(page.locator(`[data-testid=map-inset][data-code="${code}"] [data-testid=map-department]`)).toHaveCount(1);
      }
      // A department says to a screen reader what its table row says.
      const shown = all.departments.find((d) => typeof d.connected === 'number' && d.connected > 0) ?? all.departments[0];
      await page.getByTestId('departments-details').locator('summary').click();
      const row = page.locator(`[data-testid=department-row][data-key="${shown.code}"]`);
      await expect(row).toBeVisible();
      const label = plain(await page.locator(`[data-testid=map-department][data-code="${shown.code}"]`).getAttribute('aria-label'));
      expect(label).toContain(plain(shown.name));
      expect(label).toContain(plain(await row.getByTestId('department-connected').textContent()));
      expect(label).toContain(plain(await row.getByTestId('department-per-100').textContent()));
      expect(plain(await row.getByTestId('department-connected').textContent())).toBe(disclosedText(shown.connected));

      // The exports carry the filters.
      await expect(page.getByTestId('export-csv')).toHaveAttribute('href', `/api/v1/programmes/${programmeId}/results.csv?lang=fr`);

      expect(await axeProblems(page)).toEqual([]);
      if (name === 'phone') await expectNoSidewaysScroll(page, PHONE.width);

      // A filter goes into the address, and the figures follow the API's with the same filter.
      await page.getByTestId('results-structure-type').selectOption('HUDA');
      await page.getByTestId('results-from').fill('2020-01-01');
      await page.getByTestId('results-apply').click();
      await expect(page).toHaveURL(/\/results\?from=2020-01-01&structure_type=HUDA$|\/results\?programme=\d+&from=2020-01-01&structure_type=HUDA$/);
      await settled(page);
      const huda = await results(page, '?from=2020-01-01&structure_type=HUDA');
      await expectFigures(page, huda);
      expect(huda.departments_total.connected).not.toEqual(all.departments_total.connected);
      await expect(page.getByTestId('export-pdf')).toHaveAttribute(
        'href',
        `/api/v1/programmes/${programmeId}/results.pdf?from=2020-01-01&structure_type=HUDA&lang=fr`,
      );
      // Each export link gives its file, with the session of the page.
      for (const [id, type] of [['export-csv', 'text/csv'], ['export-xlsx', 'application/vnd.openxmlformats'],
        ['export-pdf', 'application/pdf'], ['export-iati', 'application/xml']]) {
        const href = await page.getByTestId(id).getAttribute('href');
        const file = await page.request.get(href ?? '');
        expect(file.status(), id).toBe(200);
        expect(file.headers()['content-type'], id).toContain(type);
      }
      // The address is a bookmark: opened again, it shows the same view.
      await page.reload();
      await settled(page);
      await expect(page.getByTestId('results-structure-type')).toHaveValue('HUDA');
      await expectFigures(page, huda);
      if (name === 'phone') await expectNoSidewaysScroll(page, PHONE.width);

      // The funder reads the budget but does not edit it, and may share.
      await expect(page.getByTestId('results-edit-budget')).toHaveCount(0);
      await expect(page.getByTestId('share-form')).toBeVisible();
    });
  });
}

test.describe('the coordinator', () => {
  test.use({ viewport: DESK });

  test('shares the results by a link that opens without an account until revoked', async ({ page, browser }) => {
    await login(page, users.coordinator);
    await page.goto('/results');
    await settled(page);
    const people = plain(await page.getByTestId('figure-people').locator('dd').textContent());

    await page.getByTestId('share-create').click();
    await expect(page.getByTestId('share-created')).toBeVisible();
    const url = await page.getByTestId('share-url').inputValue();
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/shared\/[A-Za-z0-9_-]{8,64}$/);
    const link = page.locator('[data-testid=share-link][data-state=active]').first();
    await expect(link).toBeVisible();
    const linkId = await link.getAttribute('data-link');

    // Opened in a browser without any cookie: the public page, the same figure, no exports.
    for (const viewport of [DESK, PHONE]) {
      const stranger = await browser.newContext({ viewport });
      try {
        const publicPage = await stranger.newPage();
        await publicPage.goto(path);
        await expect(publicPage.getByTestId('shared-notice')).toHaveText('Lien en lecture seule — données agrégées, aucun effectif inférieur à 5');
        await settled(publicPage);
        expect(plain(await publicPage.getByTestId('figure-people').locator('dd').textContent())).toBe(people);
        await expect(publicPage.getByTestId('map-department')).toHaveCount(101);
        await expect(publicPage.getByTestId('results-exports')).toHaveCount(0);
        await expect(publicPage.getByTestId('share-form')).toHaveCount(0);
        await expect(publicPage.getByTestId('current-user')).toHaveCount(0);
        await expect(publicPage).toHaveURL(new RegExp(`${path}$`));
        expect(await axeProblems(publicPage)).toEqual([]);
        await expectNoSidewaysScroll(publicPage, viewport.width);
        // Its filters work too, in its own address.
        await publicPage.getByTestId('results-structure-type').selectOption('CADA');
        await publicPage.getByTestId('results-apply').click();
        await expect(publicPage).toHaveURL(new RegExp(`${path}\\?structure_type=CADA$`));
        await settled(publicPage);
        const cada = (await (await publicPage.request.get(`/api/v1/shared/${path.split('/')[2]}/results?structure_type=CADA`)).json()) as Results;
        await expect(publicPage.getByTestId('figure-people')).toHaveAttribute('data-value', String(cada.departments_total.connected));
      } finally {
        await stranger.close();
      }
    }

    // Revoking asks first; cancelled, nothing happens.
    const row = page.locator(`[data-testid=share-link][data-link="${linkId}"]`);
    await row.getByTestId('share-revoke').click();
    await expect(row.getByTestId('share-revoke-confirm')).toBeVisible();
    await row.getByTestId('share-revoke-confirm-no').click();
    await expect(row).toHaveAttribute('data-state', 'active');
    await row.getByTestId('share-revoke').click();
    const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/share-links/'));
    await row.getByTestId('share-revoke-confirm-yes').click();
    expect((await revoked).status()).toBe(204);
    await expect(page.getByTestId('share-revoked')).toBeVisible();
    await expect(row).toHaveAttribute('data-state', 'revoked');

    const stranger = await browser.newContext();
    try {
      const publicPage = await stranger.newPage();
      await publicPage.goto(path);
      await expect(publicPage.getByTestId('shared-gone')).toHaveText('Ce lien n’est plus valide');
      await expect(publicPage.getByTestId('figure-people')).toHaveCount(0);
      await expect(publicPage.getByTestId('shared-notice')).toHaveCount(0);
    } finally {
      await stranger.close();
    }
  });

  test('saves a budget with funders, a refusal shown beside its field, then goes back to the results', async ({ page }) => {
    await login(page, users.coordinator);
    await page.goto('/results');
    await settled(page);
    await page.getByTestId('results-edit-budget').click();
    await expect(page).toHaveURL(/\/results\/budget\?programme=\d+$/);
    await settled(page);
    await expect(page.getByTestId('budget-topups')).toHaveValue('2000');

    await page.getByTestId('budget-devices').fill('1 500');
    await page.getByTestId('spent-devices').fill('250,50');
    await page.getByTestId('funder-add').click();
    await page.getByTestId('funder-0-name').fill('DIAIR');
    await page.getByTestId('funder-0-share').fill('60');
    await page.getByTestId('funder-add').click();
    await page.getByTestId('funder-1-name').fill('Fondation Solidarité');
    await page.getByTestId('funder-1-iati').fill('FR-RNA-W123456789');
    await page.getByTestId('funder-1-share').fill('60');

    // Shares over 100 %: refused, the message beside the second share, which takes the focus.
    const refused = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/budget'));
    await page.getByTestId('budget-save').click();
    expect((await refused).status()).toBe(422);
    const error = page.getByTestId('error-funders.1.share_bp');
    await expect(error).toBeVisible();
    await expect(error).toContainText('100');
    await expect(page.getByTestId('funder-1-share')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('funder-1-share')).toBeFocused();
    await expect(page.getByTestId('budget-saved')).toHaveCount(0);

    // The second pays an amount instead: saved, and the page offers the way back.
    await page.getByTestId('funder-1-mode-amount').check();
    await page.getByTestId('funder-1-amount').fill('800');
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/budget'));
    await page.getByTestId('budget-save').click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByTestId('budget-saved')).toBeVisible();
    await expect(page.getByTestId('error-funders.1.share_bp')).toHaveCount(0);
    await expect(page.getByTestId('budget-devices')).toHaveValue('1500');
    await expect(page.getByTestId('spent-devices')).toHaveValue('250,50');

    await page.getByTestId('budget-saved-back').click();
    await expect(page).toHaveURL(/\/results\?programme=\d+$/);
    await settled(page);
    const after = await results(page);
    expect(after.budget.funders.map((f) => f.name)).toEqual(['DIAIR', 'Fondation Solidarité']);
    await expect(page.getByTestId('funder-row')).toHaveCount(2);
    await expect(page.getByTestId('funder-row').nth(1)).toContainText('Fondation Solidarité');
    await expect(page.locator('[data-testid=budget-line][data-category=devices] [data-testid=budget-spent]')).toHaveText(
      new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(250.5),
    );
    expect(await axeProblems(page)).toEqual([]);
  });
});

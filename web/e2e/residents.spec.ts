// Residents, on a phone at the structure's door: the home's next actions, a resident recorded
// (refused fields beside their inputs), the information notice opened in their language, the
// consent to the line given orally, a card handed over from the structure's cards (refusals said
// in words), the line's leaflet, the card taken back and the resident erased, each only after a
// confirmation. The coordinator reads a resident without first name or contact.
//
// The demo database is shared with the other files, which count on the demo structure's 5 cards
// at its door: every card handed over here is taken back (it is then at the structure again),
// and only the residents created here are erased, in the end whatever happens.
import { expect, test, type Page } from '@playwright/test';
import { apiSession, DEMO_STRUCTURE, idFromUrl, login, stockIccid, users, type ApiSession } from './helpers';

const PHONE = { width: 360, height: 800 };
const PSEUDONYM = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

test.use({ viewport: PHONE });

type Line = { id: number; taken_back_at: string | null };
type Resident = { id: number; status: string; lines?: Line[] };

/** The residents this file created, put back as found in the end. */
const created: number[] = [];

test.afterAll(async ({ baseURL }) => {
  if (created.length === 0) return;
  const structure = await apiSession(baseURL!, users.structure);
  try {
    for (const id of created) {
      const resident = (await (await structure.get(`/api/v1/residents/${id}`)).json()) as Resident;
      for (const line of resident.lines ?? []) {
        if (line.taken_back_at === null) await structure.post(`/api/v1/handovers/${line.id}/take-back`, { reason: 'refused' });
      }
      if (resident.status !== 'erased') await structure.delete(`/api/v1/residents/${id}`);
    }
  } finally {
    await structure.dispose();
  }
});

async function cardsAtTheDoor(session: ApiSession): Promise<string[]> {
  const response = await session.get('/api/v1/sims?state=at_structure&limit=200');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: { iccid: string }[] }).items.map((c) => c.iccid);
}

/** A document link's address answers a PDF. */
async function expectPdf(page: Page, testid: string): Promise<string> {
  const href = await page.getByTestId(testid).getAttribute('href');
  expect(href, testid).toBeTruthy();
  const response = await page.request.get(href!);
  expect(response.status(), `${testid}: ${href}`).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  return href!;
}

test('the structure records a resident, asks the consent, hands a card over, takes it back and erases the resident', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const structure = await apiSession(baseURL!, users.structure);
  const coordinator = await apiSession(baseURL!, users.coordinator);
  try {
    const cardsBefore = await cardsAtTheDoor(structure);
    expect(cardsBefore, 'the demo structure\'s cards at its door').toHaveLength(5);

    // 1. The home puts the next actions first: the counts, and recording a resident.
    await login(page, users.structure);
    const next = page.getByTestId('dashboard-next');
    await expect(next).toBeVisible();
    await expect(page.getByTestId('dashboard-cards-on-hand')).toHaveAttribute('data-count', '5');
    await expect(page.getByTestId('dashboard-cards-on-hand')).toContainText('Cartes disponibles');
    const box = async (testid: string) => (await page.getByTestId(testid).boundingBox())!.y;
    expect(await box('dashboard-next')).toBeLessThan(await box('dashboard-on-the-way-none'));
    await page.getByTestId('dashboard-new-resident').click();
    await expect(page).toHaveURL(/\/residents\/new$/);

    // 2. The form: the warning against any other personal data, then refused fields beside their inputs.
    await expect(page.getByTestId('personal-warning')).toContainText('Rien d\'autre de personnel.');
    await expect(page.getByTestId('personal-warning')).toContainText('ni nationalité');
    await expect(page.getByTestId('choice-languages-ar')).toHaveText('arabe — العربية');
    await page.getByTestId('field-household_size').fill('2');
    await page.getByTestId('field-children').fill('3');
    await page.getByTestId('field-contact').fill('12');
    await page.getByTestId('resident-submit').click();
    await expect(page.getByTestId('form-problem')).toHaveText('3 champs invalides.');
    await expect(page.getByTestId('error-children')).toHaveText('La valeur doit être comprise entre 0 et 1.');
    await expect(page.getByTestId('field-children')).toBeFocused();
    await expect(page.getByTestId('error-languages')).toHaveText('Ce champ est obligatoire.');
    await expect(page.getByTestId('error-contact')).toHaveText('Numéro de téléphone invalide.');
    await expect(page.getByTestId('error-household_size')).toHaveCount(0);

    await page.getByTestId('field-household_size').fill('3');
    await page.getByTestId('field-children').fill('1');
    await page.getByTestId('languages-ar').check();
    await page.getByTestId('needs-keep_in_touch').check();
    await page.getByTestId('field-first_name').fill('Zaïnab');
    await page.getByTestId('field-contact').fill('06 12 34 56 78');
    await page.getByTestId('resident-submit').click();

    // 3. The resident's page: the pseudonym, the person, and the consent to ask first.
    await expect(page).toHaveURL(/\/residents\/\d+\?created=1$/);
    const id = idFromUrl(page);
    created.push(id);
    await expect(page.getByTestId('resident-created')).toBeVisible();
    const pseudonym = await page.getByTestId('resident-pseudonym').innerText();
    expect(pseudonym).toMatch(PSEUDONYM);
    const status = page.getByTestId('resident-status');
    await expect(status).toHaveAttribute('data-state', 'needs_consent');
    await expect(status).toHaveText('Consentement à recueillir');
    await expect(page.getByTestId('resident-first-name')).toHaveText('Zaïnab');
    await expect(page.getByTestId('resident-contact')).toHaveText('06 12 34 56 78');
    await expect(page.getByTestId('resident-household')).toHaveText('3 personnes, dont 1 enfant');
    await expect(page.getByTestId('resident-languages')).toHaveText('arabe (العربية)');
    await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'consent');

    // The notice, in the person's language (a translation nobody has checked yet: marked).
    await expect(page.getByTestId('field-notice_language')).toHaveValue('ar');
    await expect(page.getByTestId('notice_language-unchecked')).toContainText('traduction non vérifiée');
    expect(await expectPdf(page, 'notice-link')).toBe(`/api/v1/residents/${id}/notice.pdf?lang=ar`);

    // 4. The consent to the line, oral: the method is asked for, then the next step is the card.
    await expect(page.getByTestId('purpose-line')).toBeChecked();
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('error-method')).toHaveText('Ce champ est obligatoire.');
    await page.getByTestId('choice-method-oral').click();
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('resident-done')).toHaveText('Consentement enregistré\u202f: Recevoir une ligne téléphonique.');
    await expect(status).toHaveAttribute('data-state', 'waiting_line');
    const consent = page.locator('[data-testid="consent"][data-purpose="line"]');
    await expect(consent).toHaveAttribute('data-status', 'given');
    await expect(consent).toContainText('À l\'oral');
    await expect(consent).toContainText('Témoin\u202f: Julien Moreau');
    await expect(consent).toContainText('Notice lue en arabe');
    await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'hand_over');

    // 5. Handing a card over: a mistyped ICCID and a card held elsewhere are refused in words.
    const field = page.getByTestId('field-iccid');
    const mistyped = cardsBefore[0].slice(0, -1) + String((Number(cardsBefore[0].slice(-1)) + 1) % 10);
    await field.fill(mistyped);
    await field.press('Enter');
    await expect(page.getByTestId('error-iccid')).toContainText('Luhn');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    const elsewhere = await stockIccid(coordinator);
    await field.fill(elsewhere);
    await page.getByTestId('handover-submit').click();
    await expect(page.getByTestId('handover-problem')).toHaveAttribute('data-code', 'sim_not_at_structure');
    await expect(page.getByTestId('handover-problem')).toContainText(`La carte ${elsewhere} n'est pas dans votre structure`);

    // Picked among the cards at the door.
    const pick = page.getByTestId('handover-pick');
    await expect(pick.locator('option')).toHaveCount(6);
    await expect(pick.locator('option').first()).toHaveText('5 cartes à votre porte\u202f: choisir…');
    const iccid = (await pick.locator('option').nth(1).getAttribute('value'))!;
    expect(cardsBefore).toContain(iccid);
    await pick.selectOption(iccid);
    await expect(field).toHaveValue(iccid);
    await page.getByTestId('handover-submit').click();

    // 6. The result: the number, the end of the line, then the leaflet to print.
    await expect(page.getByTestId('handover-done')).toHaveText(`Ligne remise à ${pseudonym}.`);
    await expect(status).toHaveAttribute('data-state', 'has_line');
    await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'line');
    await expect(page.getByTestId('line-number')).toHaveText(/^0[67]( \d\d){4}$/);
    await expect(page.getByTestId('line-iccid')).toHaveText(iccid);
    await expect(page.getByTestId('line-ends')).toHaveText(/\d{4}$/);
    await expect(page.getByTestId('field-leaflet_language')).toHaveValue('ar');
    expect(await expectPdf(page, 'leaflet-link')).toBe(`/api/v1/residents/${id}/leaflet.pdf?lang=ar`);
    await page.getByTestId('field-leaflet_language').selectOption('fr');
    expect(await expectPdf(page, 'leaflet-link')).toBe(`/api/v1/residents/${id}/leaflet.pdf?lang=fr`);

    // 7. Taking the card back: a reason first, then asked and confirmed; a stray tap does nothing.
    const takeBack = page.getByTestId('take-back-button');
    await expect(takeBack).toBeHidden();
    await page.getByTestId('take-back-toggle').click();
    await expect(takeBack).toBeDisabled();
    await page.getByTestId('choice-reason-wrong_person').click();
    await takeBack.click();
    await expect(page.getByTestId('take-back-button-confirm')).toContainText(iccid);
    await page.getByTestId('take-back-button-confirm-no').click();
    await expect(status).toHaveAttribute('data-state', 'has_line');
    await takeBack.click();
    await page.getByTestId('take-back-button-confirm-yes').click();
    await expect(page.getByTestId('resident-done')).toContainText(`Carte ${iccid} reprise (Remise à la mauvaise personne)`);
    await expect(status).toHaveAttribute('data-state', 'waiting_line');
    await expect(page.locator(`[data-testid="resident-line-past"][data-iccid="${iccid}"]`)).toBeVisible();
    const card = (await (await structure.get(`/api/v1/sims/${iccid}`)).json()) as { state: string; holder_id: number };
    expect(card.state).toBe('at_structure');
    expect(card.holder_id).toBe(DEMO_STRUCTURE.id);

    // 8. Erasing the resident's data: asked, cancelled once, then confirmed.
    await expect(page.getByTestId('export-json')).toHaveAttribute('href', `/api/v1/residents/${id}/export`);
    expect(await expectPdf(page, 'export-pdf')).toBe(`/api/v1/residents/${id}/export?format=pdf`);
    await page.getByTestId('resident-erase').click();
    await expect(page.getByTestId('resident-erase-confirm')).toContainText(`Effacer les données de ${pseudonym}`);
    await page.getByTestId('resident-erase-confirm-no').click();
    await expect(page.getByTestId('resident-first-name')).toHaveText('Zaïnab');
    await page.getByTestId('resident-erase').click();
    await page.getByTestId('resident-erase-confirm-yes').click();
    await expect(status).toHaveAttribute('data-state', 'erased');
    await expect(page.getByTestId('resident-erased')).toContainText('il ne reste rien de personnel');
    await expect(page.getByTestId('resident-first-name')).toHaveText('Effacé');
    await expect(page.getByTestId('resident-contact')).toHaveText('Effacé');
    await expect(page.getByText('Zaïnab')).toHaveCount(0);
    await expect(page.getByTestId('next-step')).toHaveCount(0);
    await expect(page.getByTestId('resident-erase')).toHaveCount(0);
    await expect(consent).toHaveAttribute('data-status', 'withdrawn');

    // The cards at the door are those found at the start.
    expect((await cardsAtTheDoor(structure)).sort()).toEqual([...cardsBefore].sort());
  } finally {
    await structure.dispose();
    await coordinator.dispose();
  }
});

test('the home links to the residents waiting for a line, and the list filters by status', async ({ page }) => {
  await login(page, users.structure);
  await expect(page.getByTestId('nav-residents')).toHaveCount(1);
  await page.getByTestId('dashboard-waiting-line').getByRole('link').click();
  await expect(page).toHaveURL(/\/residents\?status=waiting_line$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Résidents');
  await expect(page.getByTestId('filter-status')).toHaveValue('waiting_line');
  await expect(page.getByTestId('residents-total')).toHaveAttribute('data-total', /^[1-9]\d*$/);
  for (const status of await page.getByTestId('resident-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) {
    expect(status).toBe('waiting_line');
  }
  // The demo's resident referred by an association, who reads Tigrinya and English.
  const referred = page.locator('[data-testid="resident-row"]', { hasText: 'tigrigna' });
  await expect(referred.getByTestId('resident-languages')).toHaveText('tigrigna (ትግርኛ), anglais (English)');
  await expect(referred.getByTestId('resident-languages').locator('span[lang="ti"]')).toHaveText('ትግርኛ');

  await page.getByTestId('filter-status').selectOption('erased');
  await expect(page).toHaveURL(/\/residents\?status=erased$/);
  await expect(page.getByTestId('resident-row').first()).toHaveAttribute('data-status', 'erased');
  await expect(page.getByTestId('resident-row').first().getByTestId('resident-status')).toHaveText('Données effacées');

  await page.getByTestId('resident-new').click();
  await expect(page).toHaveURL(/\/residents\/new$/);
  await expect(page.getByTestId('nav-residents')).toHaveAttribute('aria-current', 'page');
});

test('a referral fills the new resident\'s household, languages and needs', async ({ page, baseURL }) => {
  // The demo's open referrals to the structure, and those a resident already came through
  // (pseudonyms are drawn anew with every demo database).
  const structure = await apiSession(baseURL!, users.structure);
  type Referral = { id: number; pseudonym: string; adults: number; children: number; languages: string[]; needs: string[] };
  let free: Referral;
  let taken: Referral;
  try {
    const open = ((await (await structure.get('/api/v1/referrals?status=open&limit=200')).json()) as { items: Referral[] }).items;
    const residents = ((await (await structure.get('/api/v1/residents?limit=200')).json()) as { items: { referral_id: number | null }[] })
      .items;
    const linked = new Set(residents.map((r) => r.referral_id));
    free = open.find((r) => !linked.has(r.id))!;
    taken = open.find((r) => linked.has(r.id))!;
    expect(free, 'an open referral without resident').toBeDefined();
    expect(taken, 'an open referral with its resident').toBeDefined();
  } finally {
    await structure.dispose();
  }

  await login(page, users.structure);
  await page.goto('/residents/new');
  const select = page.getByTestId('field-referral_id');
  await expect(select.locator('option', { hasText: taken.pseudonym })).toHaveCount(0);
  const option = select.locator('option', { hasText: free.pseudonym });
  await expect(option).toHaveCount(1);
  await expect(option).toContainText(`${free.pseudonym} — Each One — `);
  await select.selectOption({ label: (await option.textContent())! });
  await expect(page.getByTestId('field-household_size')).toHaveValue(String(free.adults + free.children));
  await expect(page.getByTestId('field-children')).toHaveValue(String(free.children));
  for (const code of free.languages) await expect(page.getByTestId(`languages-${code}`)).toBeChecked();
  for (const need of free.needs) await expect(page.getByTestId(`needs-${need}`)).toBeChecked();
  await expect(page.locator('[data-testid^="languages-"]:checked')).toHaveCount(free.languages.length);
  // Nothing is sent: the demo's referral stays without its resident for the other files.
});

test('the coordinator reads a resident without first name or contact, and changes nothing', async ({ page, baseURL }) => {
  const structure = await apiSession(baseURL!, users.structure);
  let id: number;
  try {
    const response = await structure.post('/api/v1/residents', {
      household_size: 1,
      languages: ['ar'],
      first_name: 'Zaïnab',
      contact: '06 12 34 56 78',
    });
    expect(response.status(), await response.text()).toBe(201);
    id = ((await response.json()) as { id: number }).id;
    created.push(id);
  } finally {
    await structure.dispose();
  }

  await login(page, users.coordinator);
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('nav-residents').click();
  await expect(page).toHaveURL(/\/residents$/);
  await expect(page.getByTestId('residents-read-only')).toBeVisible();
  await expect(page.getByTestId('resident-new')).toHaveCount(0);
  const row = page.locator(`[data-testid="resident-row"][data-id="${id}"]`);
  await expect(row).toContainText(DEMO_STRUCTURE.name);
  await expect(row.getByTestId('resident-first-name')).toHaveCount(0);

  await row.getByTestId('resident-link').click();
  await expect(page).toHaveURL(new RegExp(`/residents/${id}$`));
  await expect(page.getByTestId('resident-pseudonym')).toHaveText(PSEUDONYM);
  await expect(page.getByTestId('resident-read-only')).toBeVisible();
  await expect(page.getByTestId('resident-structure')).toHaveText(DEMO_STRUCTURE.name);
  await expect(page.getByTestId('resident-first-name')).toHaveCount(0);
  await expect(page.getByTestId('resident-contact')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('Zaïnab');
  await expect(page.locator('main')).not.toContainText('06 12 34 56 78');
  for (const testid of ['next-step', 'resident-erase', 'export-pdf', 'export-json', 'consent-form']) {
    await expect(page.getByTestId(testid), testid).toHaveCount(0);
  }
});

test('an association opens no resident page', async ({ page }) => {
  await login(page, users.association);
  await expect(page.getByTestId('nav-residents')).toHaveCount(0);
  await page.goto('/residents');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});

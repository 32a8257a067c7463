// Lines in use (issue 12), on a phone at the structure: a resident who consented to the line and
// the follow-up is handed a card from the structure's door; a top-up asked before the operator
// activated the line is refused in words; the operator activates it (a status report), a top-up
// is asked, approved by the coordinator and confirmed by the operator, and the line's end moves;
// the line is declared lost (cancelled once, then confirmed), the home's to-do list names it, the
// coordinator asks the block and the operator blocks it (no replacement is offered before); the
// structure replaces it keeping the number with another card from its door, the operator swaps
// it, the history shows both cards; then the follow-up survey, one refused answer first.
//
// The demo database is shared with the other files: this one runs after those that count the
// demo structure's cards at its door (residents.spec, stock.spec) and uses two of them for good.
import { expect, test, type Page } from '@playwright/test';
import { apiSession, idFromUrl, login, seriousAxeViolations, users, type ApiSession } from './helpers';

const PHONE = { width: 360, height: 800 };

test.use({ viewport: PHONE });

type Line = {
  id: number;
  handed_over_at: string;
  iccid: string;
  msisdn: string | null;
  activated_at: string | null;
  ends_at: string;
  replaces_id: number | null;
  taken_back_at: string | null;
  taken_back_reason: string | null;
};
type Resident = { id: number; pseudonym: string; lines: Line[] };
type Topup = { id: number; iccid: string; status: string; validity_days: number };

const today = new Date().toISOString().slice(0, 10);
/** A date as the page writes it in French ("6 déc. 2026"). */
const french = (value: string) => new Intl.DateTimeFormat('fr', { dateStyle: 'medium' }).format(new Date(value));
/** "+33610017458" → "06 10 01 74 58". */
const national = (e164: string) => e164.replace(/^\+33(\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '0$1 $2 $3 $4 $5');

async function resident(session: ApiSession, id: number): Promise<Resident> {
  const response = await session.get(`/api/v1/residents/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Resident;
}

/** The operator's status report, as SFR's CSV file. */
async function report(operator: ApiSession, csv: string): Promise<void> {
  const response = await operator.postText('/api/v1/status-reports?operator=SFR', csv, 'text/csv');
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual({ applied: 1, unchanged: 0 });
}

/** Nothing scrolls sideways on the phone, and axe-core finds no serious violation (WCAG 2.2 AA). */
async function fitsPhone(page: Page, where: string): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${where}: wider than the phone`).toBe(0);
  expect(await seriousAxeViolations(page), where).toEqual([]);
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('resident-line')).toBeVisible();
}

test('a line in use: activated, topped up, lost, blocked, replaced keeping its number, and followed up', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const structure = await apiSession(baseURL!, users.structure);
  const coordinator = await apiSession(baseURL!, users.coordinator);
  const operator = await apiSession(baseURL!, users.operator);
  try {
    const door = ((await (await structure.get('/api/v1/sims?state=at_structure&limit=200')).json()) as { items: { iccid: string }[] }).items.map(
      (c) => c.iccid,
    );
    expect(door.length, 'cards at the demo structure\'s door').toBeGreaterThanOrEqual(2);
    const [first, second] = door;

    // 1. A resident who consents to the line and to the follow-up, handed a card from the door.
    await login(page, users.structure);
    await page.goto('/residents/new');
    await page.getByTestId('field-household_size').fill('1');
    await page.getByTestId('languages-ar').check();
    await page.getByTestId('resident-submit').click();
    await expect(page).toHaveURL(/\/residents\/\d+\?created=1$/);
    const id = idFromUrl(page);
    const pseudonym = await page.getByTestId('resident-pseudonym').innerText();
    await page.getByTestId('choice-method-oral').click();
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'hand_over');
    await page.getByTestId('consent-more').locator('summary').click();
    await expect(page.getByTestId('purpose-follow_up')).toBeChecked();
    await page.getByTestId('choice-method-oral').click();
    await page.getByTestId('consent-submit').click();
    await expect(page.getByTestId('resident-done')).toHaveText('Consentement enregistré\u202f: Être recontacté pour le suivi.');
    await page.getByTestId('handover-pick').selectOption(first);
    await page.getByTestId('handover-submit').click();
    await expect(page.getByTestId('handover-done')).toHaveText(`Ligne remise à ${pseudonym}.`);
    await expect(page.getByTestId('line-activated')).toContainText('Pas encore activée');
    const handed = (await resident(structure, id)).lines[0];
    expect(handed.iccid).toBe(first);
    expect(handed.activated_at).toBeNull();
    const number = national(handed.msisdn!);

    // 2. A top-up before the operator activated the line: refused, in a sentence.
    await page.getByTestId('topup-ask').click();
    await expect(page.getByTestId('topup-problem')).toHaveAttribute('data-code', 'line_not_active');
    await expect(page.getByTestId('topup-problem')).toHaveText(
      'La ligne n\u2019est pas encore active\u202f: elle pourra être rechargée une fois activée par l\u2019opérateur.',
    );

    // 3. The operator activates it: the page shows the date.
    await report(operator, `iccid,status,date,data_used_mb\n${first},activated,${today},0\n`);
    await reload(page);
    await expect(page.getByTestId('line-activated')).toHaveText(`Activée le ${french(today)}`);
    const activated = (await resident(structure, id)).lines[0];
    expect(activated.activated_at).toBe(today);
    await expect(page.getByTestId('line-ends')).toHaveText(french(activated.ends_at));

    // 4. A top-up asked, approved by the coordinator, confirmed by the operator: the end moves.
    await page.getByTestId('topup-ask').click();
    await expect(page.getByTestId('topup-done')).toHaveText('Recharge demandée, en attente de la coordination.');
    await expect(page.getByTestId('topup')).toHaveCount(1);
    await expect(page.getByTestId('topup')).toHaveAttribute('data-status', 'requested');
    await expect(page.getByTestId('topup-status')).toHaveText('En attente de la coordination');
    const requested = ((await (await coordinator.get('/api/v1/topups?status=requested&limit=200')).json()) as { items: Topup[] }).items.filter(
      (t) => t.iccid === first,
    );
    expect(requested).toHaveLength(1);
    const approved = await coordinator.post(`/api/v1/topups/${requested[0].id}/approve`, undefined);
    expect(approved.status(), await approved.text()).toBe(200);
    await reload(page);
    await expect(page.getByTestId('topup')).toHaveAttribute('data-status', 'approved');
    await expect(page.getByTestId('topup-status')).toHaveText('Approuvée, envoyée à l\u2019opérateur');
    await expect(page.getByTestId('topup-under-way')).toBeVisible();
    await expect(page.getByTestId('topup-ask')).toHaveCount(0);
    await report(operator, `iccid,status,date,data_used_mb\n${first},topped_up,${today},120\n`);
    await reload(page);
    const toppedUp = (await resident(structure, id)).lines[0];
    const days = (Date.parse(toppedUp.ends_at) - Date.parse(activated.ends_at)) / 86_400_000;
    expect(days).toBe(requested[0].validity_days);
    await expect(page.getByTestId('line-ends')).toHaveText(french(toppedUp.ends_at));
    await expect(page.getByTestId('topup')).toHaveAttribute('data-status', 'confirmed');
    await expect(page.getByTestId('topup-status')).toHaveText('Faite');
    await expect(page.getByTestId('topup-detail')).toHaveText(`le ${french(today)}, + ${requested[0].validity_days} jours`);

    // 5. Declared lost: asked, cancelled once (nothing happens), then confirmed.
    await page.getByTestId('incident-toggle').click();
    await expect(page.getByTestId('incident-declare')).toBeDisabled();
    await page.getByTestId('choice-incident_kind-lost').click();
    await page.getByTestId('incident-declare').click();
    await expect(page.getByTestId('incident-declare-confirm')).toContainText(`Déclarer la carte ${first} perdue\u202f?`);
    await page.getByTestId('incident-declare-confirm-no').click();
    await expect(page.getByTestId('incident')).toHaveCount(0);
    expect(((await (await structure.get(`/api/v1/residents/${id}`)).json()) as { incidents: unknown[] }).incidents).toEqual([]);
    await page.getByTestId('incident-declare').click();
    await page.getByTestId('incident-declare-confirm-yes').click();
    await expect(page.getByTestId('line-done')).toHaveText('Ligne déclarée perdue. La coordination va demander son blocage à l\u2019opérateur.');
    const incident = page.getByTestId('incident');
    await expect(incident).toHaveAttribute('data-status', 'declared');
    await expect(page.getByTestId('incident-status')).toHaveText('En attente de la coordination');
    // No replacement before the operator's block, no top-up, no second declaration.
    await expect(page.getByTestId('replace')).toHaveCount(0);
    await expect(page.getByTestId('replace-submit')).toHaveCount(0);
    await expect(page.getByTestId('topup-ask')).toHaveCount(0);
    await expect(page.getByTestId('incident-toggle')).toHaveCount(0);
    const incidentId = Number(await incident.getAttribute('data-id'));

    // 6. The home's to-do list names the incident and links to the resident.
    await page.goto('/');
    const todo = (await (await structure.get('/api/v1/todo')).json()) as { items: { kind: string; resident_id: number }[] };
    const waiting = todo.items.filter((i) => i.kind === 'incident_waiting');
    expect(waiting.map((i) => i.resident_id)).toContain(id);
    const group = page.locator('[data-testid="todo-group"][data-kind="incident_waiting"]');
    await expect(group.getByRole('heading')).toHaveText(`${waiting.length} incident${waiting.length > 1 ? 's' : ''} en cours`);
    await expect(group.getByTestId('todo-item')).toHaveCount(waiting.length);
    const item = group.locator(`[data-testid="todo-item"][data-resident="${id}"]`);
    await expect(item).toHaveText(`${pseudonym} déclaré le ${french(today)} — En attente de la coordination`);
    const groups = page.getByTestId('todo-group');
    const kinds = [...new Set(todo.items.map((i) => i.kind))];
    await expect(groups).toHaveCount(kinds.length);
    await fitsPhone(page, 'the home and its to-do list');
    await item.getByTestId('todo-link').click();
    await expect(page).toHaveURL(new RegExp(`/residents/${id}$`));
    await expect(page.getByTestId('incident-status')).toHaveText('En attente de la coordination');

    // 7. The coordinator asks the block: still no replacement; the operator blocks the line.
    const block = await coordinator.post(`/api/v1/line-incidents/${incidentId}/block`, undefined);
    expect(block.status(), await block.text()).toBe(200);
    await reload(page);
    await expect(page.getByTestId('incident-status')).toHaveText('Blocage demandé à l\u2019opérateur');
    await expect(page.getByTestId('replace')).toHaveCount(0);
    await report(operator, `iccid,status,date,data_used_mb\n${first},blocked,${today},\n`);
    await reload(page);
    await expect(page.getByTestId('incident-status')).toHaveText('Ligne bloquée\u202f: remplacez-la');

    // 8. Replaced keeping the number, with another card from the door.
    const replace = page.getByTestId('replace');
    await expect(replace).toBeVisible();
    await expect(page.getByTestId('choice-mode-keep_number')).toContainText('Nouvelle carte, même numéro');
    await expect(page.getByTestId('choice-mode-new_line')).toContainText('Nouvelle ligne, nouveau numéro');
    await fitsPhone(page, 'a blocked line to replace');
    await page.getByTestId('replace-pick').selectOption(second);
    await page.getByTestId('replace-submit').click();
    await expect(page.getByTestId('error-mode')).toHaveText('Choisissez d\u2019abord le mode de remplacement.');
    await page.getByTestId('choice-mode-keep_number').click();
    await page.getByTestId('replace-submit').click();
    await expect(page.getByTestId('line-done')).toHaveText('Nouvelle carte remise. L\u2019opérateur va y transférer le numéro.');
    await expect(page.getByTestId('line-iccid')).toHaveText(second);
    await expect(page.getByTestId('incident-status')).toHaveText('Changement de carte demandé à l\u2019opérateur');
    // The number shown is the one the person keeps, not the new card's own.
    await expect(page.getByTestId('line-number')).toHaveText(number);
    await expect(page.getByTestId('line-number-swapping')).toBeVisible();
    await expect(page.getByTestId('line-replaces')).toHaveText(`remplace la ligne ${number} (carte ${first})`);

    // 9. The operator swaps the cards: the number is on the new one; the history shows both.
    await report(operator, `iccid,status,date,data_used_mb,new_iccid\n${first},swapped,${today},,${second}\n`);
    await reload(page);
    await expect(page.getByTestId('incident')).toHaveCount(0);
    await expect(page.getByTestId('line-number')).toHaveText(number);
    await expect(page.getByTestId('line-iccid')).toHaveText(second);
    const held = page.locator(`[data-testid="resident-line-held"][data-iccid="${second}"]`);
    const old = page.locator(`[data-testid="resident-line-past"][data-iccid="${first}"]`);
    await expect(page.getByTestId('resident-lines').locator('li')).toHaveCount(2);
    await expect(held).toContainText(number);
    await expect(held.getByTestId('line-replaces-history')).toHaveText(`— remplace la ligne ${number} (carte ${first})`);
    await expect(old).toHaveAttribute('data-reason', 'lost');
    await expect(old).toContainText('Numéro passé à la nouvelle carte');
    await expect(old).toContainText('(Perdue)');
    const after = await resident(structure, id);
    expect(after.lines.map((l) => [l.iccid, l.msisdn, l.taken_back_reason]).sort()).toEqual(
      [
        [first, null, 'lost'],
        [second, handed.msisdn, null],
      ].sort(),
    );

    // 10. The follow-up survey: the required answer missing is refused beside its question.
    const survey = page.getByTestId('follow-up');
    await expect(survey.getByRole('heading')).toHaveText('Faire le suivi');
    // Due 30 days after the new card's handover (the programme's delay): folded until then.
    const replacement = after.lines.find((l) => l.iccid === second)!;
    const due = new Date(Date.parse(replacement.handed_over_at) + 30 * 86_400_000).toISOString();
    await expect(page.getByTestId('follow-up-due')).toHaveText(`Le suivi est prévu à partir du ${french(due)}.`);
    await expect(page.getByTestId('follow-up-submit')).toBeHidden();
    await page.getByTestId('follow-up-early-toggle').click();
    await expect(page.getByTestId('answer-testimony')).toHaveCount(0);
    await page.getByTestId('follow-up-submit').click();
    await expect(page.getByTestId('error-answer-still_used')).toHaveText('Ce champ est obligatoire.');
    await expect(page.getByTestId('follow-up-problem')).toHaveText('1 réponse à corriger.');
    await expect(page.getByTestId('answer-still_used')).toContainText('Ce champ est obligatoire.');
    await fitsPhone(page, 'the follow-up survey with a refused answer');
    await page.getByTestId('choice-uses-family').click();
    await page.getByTestId('choice-uses-job_search').click();
    await page.getByTestId('choice-still_used-yes').click();
    await page.getByTestId('choice-satisfaction-4').click();
    await page.getByTestId('follow-up-submit').click();
    await expect(page.getByTestId('follow-up-done')).toHaveText('Suivi enregistré. Merci.');
    await expect(page.getByTestId('follow-up')).toHaveCount(0);
    await expect(page.getByTestId('follow-up-uses')).toHaveText('Famille et amis, Recherche d\u2019emploi');
    await expect(page.getByTestId('follow-up-still-used')).toHaveText('Oui');
    await expect(page.getByTestId('follow-up-satisfaction')).toHaveText('4 sur 5');
    await expect(page.getByTestId('follow-up-testimony')).toHaveCount(0);
    await fitsPhone(page, 'the follow-up recorded');
    const recorded = ((await (await structure.get(`/api/v1/residents/${id}`)).json()) as { follow_ups: { handover_id: number; answers: object }[] })
      .follow_ups;
    expect(recorded).toHaveLength(1);
    expect(recorded[0].answers).toEqual({ uses: ['family', 'job_search'], still_used: true, satisfaction: 4 });
  } finally {
    await structure.dispose();
    await coordinator.dispose();
    await operator.dispose();
  }
});

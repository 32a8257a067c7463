// Lines in use, the coordinator's side (issue 12), on a phone and a desk: the home's to-do
// overview per structure, the lines page's filters with their counts, the top-ups (the demo's
// waiting one approved after a refusal cancelled, a budget refused beside its field, a tight
// budget refusing a programme round, then restored), the demo's declared lost line whose block
// is asked (after a cancelled confirmation); a structure sees its own lines and top-ups, read
// only; the funder neither.
//
// Named to run after residents.spec and stock.spec, which count the demo's cards. The demo is
// shared: this file approves the demo's one waiting top-up and asks one block, which nothing
// after it counts; the budget it tightens is put back in the end whatever happens; no round of
// top-ups is made (it would approve one top-up per active line for the files that follow).
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { apiSession, DEMO_STRUCTURE, demoIccid, login, PASSWORD, users, type ApiSession } from './helpers';

const PHONE = { width: 360, height: 800 };
const DESK = { width: 1280, height: 800 };
const FILTERS = ['not_active', 'ending', 'ended', 'all'] as const;
/** The demo's lines before any file changes them. */
const DEMO_LINE_COUNTS = { all: 34, not_active: 4, ending: 2, ended: 2 };
/** The demo structure's to-do at the start. */
const DEMO_TODO = { activation_late: 4, follow_up_due: 2, incident_waiting: 2, line_ending: 1 };

type Page_<T> = { items: T[]; total: number; next_cursor: string | null };
type Line = { id: number; state: string; structure_id: number };
type Topup = { id: number; handover_id: number; status: string; cost_cents: number };
type Incident = { id: number; kind: string; status: string; pseudonym: string };
type Budget = { budget_cents: number | null; committed_cents: number; requested_cents: number; left_cents: number | null };
type Programme = {
  id: number;
  code: string;
  plan: string;
  topup_budget_cents: number | null;
  follow_up_days: number;
  follow_up_questions: { id: string; labels: Record<string, string> }[];
};

async function json<T>(session: ApiSession, path: string): Promise<T> {
  const response = await session.get(path);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function lineCounts(session: ApiSession, structure?: number): Promise<Record<(typeof FILTERS)[number], number>> {
  const out = {} as Record<(typeof FILTERS)[number], number>;
  for (const filter of FILTERS) {
    const where = structure ? `&structure_id=${structure}` : '';
    out[filter] = (await json<Page_<Line>>(session, `/api/v1/lines?filter=${filter}&limit=1${where}`)).total;
  }
  return out;
}

/** PATCH through the API (the shared helper only GETs, POSTs and DELETEs). */
async function patchProgramme(baseURL: string, id: number, body: unknown): Promise<void> {
  const context = await playwrightRequest.newContext({ baseURL });
  try {
    const login = await context.post('/api/v1/session', { data: { email: users.coordinator, password: PASSWORD } });
    const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
    const patched = await context.patch(`/api/v1/programmes/${id}`, { data: body, headers: { 'X-CSRF-Token': csrf } });
    expect(patched.status(), await patched.text()).toBe(200);
  } finally {
    await context.dispose();
  }
}

const todoText: Record<string, (n: number) => string> = {
  activation_late: (n) => (n === 1 ? '1 ligne pas encore activée' : `${n} lignes pas encore activées`),
  line_ending: (n) => (n === 1 ? '1 ligne se termine bientôt' : `${n} lignes se terminent bientôt`),
  follow_up_due: (n) => (n === 1 ? '1 suivi à faire' : `${n} suivis à faire`),
  incident_waiting: (n) => (n === 1 ? '1 incident de ligne en cours' : `${n} incidents de ligne en cours`),
};

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** The page scrolls sideways by no pixel. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'page width').toBeLessThanOrEqual(client);
}

let programme: Programme;
let originalBudget: number | null = null;

test.beforeAll(async ({ baseURL }) => {
  const coordinator = await apiSession(baseURL!, users.coordinator);
  try {
    programme = (await json<{ items: Programme[] }>(coordinator, '/api/v1/programmes')).items.find((p) => p.code === 'CU-2020')!;
    expect(programme, 'the demo programme').toBeTruthy();
    originalBudget = programme.topup_budget_cents;
    expect(originalBudget).toBe(200000);
    expect(programme.follow_up_days).toBe(30);
  } finally {
    await coordinator.dispose();
  }
});

test.afterAll(async ({ baseURL }) => {
  if (programme) await patchProgramme(baseURL!, programme.id, { topup_budget_cents: originalBudget, follow_up_days: 30 });
});

test.describe.configure({ mode: 'serial' });

test.describe('before anything changes', () => {
  test.use({ viewport: DESK });

  test('the demo has its lines and to-do as the demo makes them, but for the card sim-actions.spec activates', async ({ baseURL }) => {
    const coordinator = await apiSession(baseURL!, users.coordinator);
    try {
      // sim-actions.spec activates demo card 2491, handed over and not active, by a status report
      // dated 2020: its line, 90 days long, has ended since. Nothing else before this file moves a line.
      const card = await json<{ state: string }>(coordinator, `/api/v1/sims/${demoIccid(2491)}`);
      expect(['handed_over', 'active']).toContain(card.state);
      const moved = card.state === 'active' ? 1 : 0;
      expect(await lineCounts(coordinator)).toEqual({
        ...DEMO_LINE_COUNTS,
        not_active: DEMO_LINE_COUNTS.not_active - moved,
        ended: DEMO_LINE_COUNTS.ended + moved,
      });
      const todo = await json<{ structures: { structure_id: number; counts: Record<string, number> }[] }>(coordinator, '/api/v1/todo');
      expect(todo.structures.find((s) => s.structure_id === DEMO_STRUCTURE.id)?.counts).toEqual({
        ...DEMO_TODO,
        activation_late: DEMO_TODO.activation_late - moved,
      });
      expect((await json<Page_<Topup>>(coordinator, '/api/v1/topups?status=requested')).total).toBe(1);
      expect((await json<Page_<Incident>>(coordinator, '/api/v1/line-incidents?status=declared')).total).toBe(1);
    } finally {
      await coordinator.dispose();
    }
  });
});

for (const [name, viewport] of [
  ['phone', PHONE],
  ['desk', DESK],
] as const) {
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test(`the coordinator's home shows each structure's to-do and what waits for it (${name})`, async ({ page, baseURL }) => {
      const coordinator = await apiSession(baseURL!, users.coordinator);
      let todo: { structures: { structure_id: number; structure_name: string; counts: Record<string, number> }[] };
      let topupsWaiting: number;
      let blocksWaiting: number;
      try {
        todo = await json(coordinator, '/api/v1/todo');
        topupsWaiting = (await json<Page_<Topup>>(coordinator, '/api/v1/topups?status=requested&limit=1')).total;
        blocksWaiting = (await json<Page_<Incident>>(coordinator, '/api/v1/line-incidents?status=declared&limit=1')).total;
      } finally {
        await coordinator.dispose();
      }
      await login(page, users.coordinator);
      await page.goto('/');
      await settled(page);
      const section = page.getByTestId('dashboard-lines');
      await expect(section.getByRole('heading', { level: 2 })).toHaveText('Lignes en service');

      const topups = section.getByTestId('dashboard-topups-waiting');
      await expect(topups).toHaveAttribute('data-count', String(topupsWaiting));
      const blocks = section.getByTestId('dashboard-blocks-waiting');
      await expect(blocks).toHaveAttribute('data-count', String(blocksWaiting));
      // Nothing decided yet (the decisions come last in this file): the demo's one of each.
      expect([topupsWaiting, blocksWaiting]).toEqual([1, 1]);
      await expect(topups.getByRole('link')).toHaveText('1 recharge attend votre approbation');
      await expect(blocks.getByRole('link')).toHaveText('1 ligne attend votre demande de blocage');
      await expect(topups.getByRole('link')).toHaveAttribute('href', '/topups');
      await expect(blocks.getByRole('link')).toHaveAttribute('href', '/line-incidents');

      // Every structure with something to do, each kind counted in words, each linking to its lines.
      const withItems = todo.structures.filter((s) => Object.values(s.counts).some((n) => n > 0));
      await expect(section.getByTestId('todo-structure')).toHaveCount(withItems.length);
      const demo = section.locator(`[data-testid="todo-structure"][data-structure="${DEMO_STRUCTURE.id}"]`);
      await expect(demo.getByTestId('todo-structure-lines')).toHaveText(DEMO_STRUCTURE.name);
      await expect(demo.getByTestId('todo-structure-lines')).toHaveAttribute('href', `/lines?structure_id=${DEMO_STRUCTURE.id}`);
      const counts = todo.structures.find((s) => s.structure_id === DEMO_STRUCTURE.id)!.counts;
      const kinds = Object.entries(counts).filter(([, n]) => n > 0);
      await expect(demo.getByTestId('todo-count')).toHaveCount(kinds.length);
      for (const [kind, n] of kinds) {
        const count = demo.locator(`[data-testid="todo-count"][data-kind="${kind}"]`);
        await expect(count).toHaveAttribute('data-count', String(n));
        await expect(count).toHaveText(todoText[kind](n));
      }
      await expect(demo.locator('[data-testid="todo-count"][data-kind="activation_late"] a')).toHaveAttribute(
        'href',
        `/lines?filter=not_active&structure_id=${DEMO_STRUCTURE.id}`,
      );
      await expect(demo.locator('[data-testid="todo-count"][data-kind="line_ending"] a')).toHaveAttribute('href', `/lines?filter=ending&structure_id=${DEMO_STRUCTURE.id}`);

      // The structure's items, on demand: as many as its counts add up to.
      const total = kinds.reduce((sum, [, n]) => sum + n, 0);
      await demo.getByTestId('todo-items').locator('summary').click();
      await expect(demo.getByTestId('todo-item')).toHaveCount(total);
      await expect(demo.locator('[data-testid="todo-item"][data-kind="follow_up_due"]')).toHaveCount(counts.follow_up_due ?? 0);
      await expectNoSidewaysScroll(page);

      // The late lines' link opens the lines page on that filter and structure.
      await demo.locator('[data-testid="todo-count"][data-kind="activation_late"] a').click();
      await expect(page).toHaveURL(`/lines?filter=not_active&structure_id=${DEMO_STRUCTURE.id}`);
      await expect(page.getByTestId('lines-tab-not_active')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('lines-total')).toHaveAttribute('data-total', String(counts.activation_late));
      await expect(page.getByTestId('lines-structure')).toHaveValue(String(DEMO_STRUCTURE.id));
    });

    test(`the lines page counts each filter as the API does (${name})`, async ({ page, baseURL }) => {
      const coordinator = await apiSession(baseURL!, users.coordinator);
      let counts: Record<(typeof FILTERS)[number], number>;
      let other: number;
      let stillWorking: number;
      try {
        counts = await lineCounts(coordinator);
        // Ended lines whose card the operator has not ended: the page says their end has passed.
        const ended = (await json<Page_<Line>>(coordinator, '/api/v1/lines?filter=ended&limit=200')).items;
        stillWorking = ended.filter((l) => l.state === 'active' || l.state === 'suspended').length;
        const structures = (await json<Page_<{ id: number }>>(coordinator, '/api/v1/organisations?kind=structure&limit=5')).items;
        other = structures.find((s) => s.id !== DEMO_STRUCTURE.id)!.id;
        expect((await lineCounts(coordinator, other)).all, 'a structure without lines').toBe(0);
      } finally {
        await coordinator.dispose();
      }
      await login(page, users.coordinator);
      if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click();
      await page.getByTestId('nav-lines').click();
      await expect(page).toHaveURL('/lines');
      await settled(page);
      for (const filter of FILTERS) {
        await expect(page.getByTestId(`lines-tab-${filter}`)).toHaveAttribute('data-count', String(counts[filter]));
      }
      await expect(page.getByTestId('lines-tab-all')).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('lines-total')).toHaveAttribute('data-total', String(counts.all));
      await expect(page.getByTestId('line-row')).toHaveCount(Math.min(counts.all, 50));

      for (const filter of ['ending', 'ended', 'not_active'] as const) {
        await page.getByTestId(`lines-tab-${filter}`).click();
        await expect(page).toHaveURL(`/lines?filter=${filter}`);
        await expect(page.getByTestId(`lines-tab-${filter}`)).toHaveAttribute('aria-current', 'page');
        await expect(page.getByTestId('lines-total')).toHaveAttribute('data-total', String(counts[filter]));
        await expect(page.getByTestId('line-row')).toHaveCount(counts[filter]);
        if (filter === 'ended') {
          await expect(page.getByTestId('line-past-end')).toHaveCount(stillWorking);
          if (stillWorking) await expect(page.getByTestId('line-past-end').first()).toHaveText('Fin de validité passée');
        }
      }
      // Not active yet: no activation date, the number given at activation or the number.
      for (const cell of await page.getByTestId('line-activated').all()) await expect(cell).toHaveText('Pas encore');
      await expectNoSidewaysScroll(page);

      // One structure: the counts of its lines alone.
      await page.getByTestId('lines-structure').selectOption(String(DEMO_STRUCTURE.id));
      await expect(page).toHaveURL(`/lines?filter=not_active&structure_id=${DEMO_STRUCTURE.id}`);
      await expect(page.getByTestId('lines-tab-all')).toHaveAttribute('data-count', /^\d+$/);
      const rows = page.getByTestId('line-row');
      for (const row of await rows.all()) await expect(row).toHaveAttribute('data-structure', String(DEMO_STRUCTURE.id));
      // Another structure (the demo's others have no line): every count 0, the filter's empty text.
      await page.goto(`/lines?structure_id=${other}`);
      await settled(page);
      for (const filter of FILTERS) await expect(page.getByTestId(`lines-tab-${filter}`)).toHaveAttribute('data-count', '0');
      await expect(page.getByTestId('lines-empty')).toHaveText('Aucune ligne remise.');
    });

    test(`a structure sees its own lines and top-ups, read only (${name})`, async ({ page, baseURL }) => {
      const structure = await apiSession(baseURL!, users.structure);
      let counts: Record<(typeof FILTERS)[number], number>;
      let topups: number;
      try {
        counts = await lineCounts(structure);
        topups = (await json<Page_<Topup>>(structure, '/api/v1/topups?limit=1')).total;
      } finally {
        await structure.dispose();
      }
      await login(page, users.structure);
      await expect(page.getByTestId('nav-lines')).toHaveAttribute('href', '/lines');
      await expect(page.getByTestId('nav-topups')).toHaveCount(0);
      await expect(page.getByTestId('nav-line_incidents')).toHaveCount(0);
      await page.goto('/lines');
      await settled(page);
      await expect(page.getByTestId('lines-structure')).toHaveCount(0);
      for (const filter of FILTERS) {
        await expect(page.getByTestId(`lines-tab-${filter}`)).toHaveAttribute('data-count', String(counts[filter]));
      }
      await expect(page.getByTestId('lines-total')).toHaveAttribute('data-total', String(counts.all));
      for (const row of await page.getByTestId('line-row').all()) {
        await expect(row).toHaveAttribute('data-structure', String(DEMO_STRUCTURE.id));
      }
      await expectNoSidewaysScroll(page);

      await page.getByTestId('lines-topups').click();
      await expect(page).toHaveURL('/topups');
      await settled(page);
      await expect(page.getByTestId('topups-total')).toHaveAttribute('data-total', String(topups));
      await expect(page.getByTestId('topup-row')).toHaveCount(Math.min(topups, 50));
      for (const testid of ['topup-approve', 'topup-refuse', 'budget-edit', 'topup-round', 'follow-up-settings', 'topup-budget']) {
        await expect(page.getByTestId(testid), testid).toHaveCount(0);
      }
      await expectNoSidewaysScroll(page);
    });

    test(`the funder has no lines, top-ups or line incidents (${name})`, async ({ page }) => {
      await login(page, users.funder);
      for (const key of ['lines', 'topups', 'line_incidents']) await expect(page.getByTestId(`nav-${key}`)).toHaveCount(0);
      for (const path of ['/lines', '/topups', '/line-incidents']) {
        await page.goto(path);
        await expect(page.getByTestId('forbidden')).toHaveText("Vous n'avez pas accès à cette page.");
        await expect(page.locator('table')).toHaveCount(0);
      }
    });
  });
}

test.describe('the coordinator decides on a phone', () => {
  test.use({ viewport: PHONE });

  test('approves the waiting top-up after cancelling a refusal, then a tight budget refuses a round', async ({ page, baseURL }) => {
    const coordinator = await apiSession(baseURL!, users.coordinator);
    try {
      const waiting = (await json<Page_<Topup>>(coordinator, '/api/v1/topups?status=requested')).items;
      expect(waiting).toHaveLength(1);
      const topup = waiting[0];
      const before = await json<Budget>(coordinator, `/api/v1/programmes/${programme.id}/topup-budget`);

      await login(page, users.coordinator);
      await page.goto('/topups');
      await settled(page);
      await expect(page.getByTestId('budget-total')).toHaveAttribute('data-cents', String(before.budget_cents));
      await expect(page.getByTestId('budget-total').locator('dd')).toHaveText('2\u202f000,00\u00a0€');
      await expect(page.getByTestId('budget-left')).toHaveAttribute('data-cents', String(before.left_cents));
      await expect(page.getByTestId('budget-requested')).toHaveAttribute('data-cents', String(before.requested_cents));
      await expect(page.getByTestId('topups-waiting-total')).toHaveText('1 demande de recharge attend votre décision');
      const row = page.locator(`[data-testid="topup-waiting-row"][data-topup="${topup.id}"]`);
      await expect(page.getByTestId('topup-waiting-row')).toHaveCount(1);

      // Refuse, then think again: nothing is refused.
      await row.getByTestId('topup-refuse').click();
      await expect(row.getByTestId('topup-refuse-confirm')).toContainText('Refuser la recharge de la ligne de');
      await row.getByTestId('topup-refuse-confirm-no').click();
      await expect(row.getByTestId('topup-refuse-confirm')).toHaveCount(0);
      expect((await json<Page_<Topup>>(coordinator, '/api/v1/topups?status=requested')).total).toBe(1);

      // Approve: the request leaves the list, its cost moves from asked to committed.
      await row.getByTestId('topup-approve').click();
      await expect(page.getByTestId('topup-decided')).toHaveAttribute('data-outcome', 'approved');
      await expect(page.getByTestId('topup-decided')).toHaveText(
        `Recharge n° ${topup.id} approuvée\u202f: elle part dans le prochain fichier de l’opérateur.`,
      );
      await expect(page.getByTestId('topups-waiting-empty')).toHaveText('Aucune demande de recharge n’attend votre décision.');
      const approved = (await json<Page_<Topup>>(coordinator, '/api/v1/topups?status=approved')).items.find((t) => t.id === topup.id);
      expect(approved?.status).toBe('approved');
      const after = await json<Budget>(coordinator, `/api/v1/programmes/${programme.id}/topup-budget`);
      expect(after.committed_cents).toBe(before.committed_cents + topup.cost_cents);
      expect(after.requested_cents).toBe(before.requested_cents - topup.cost_cents);
      await expect(page.getByTestId('budget-committed')).toHaveAttribute('data-cents', String(after.committed_cents));
      await expect(page.getByTestId('budget-requested')).toHaveAttribute('data-cents', '0');

      // The round's preview: the active lines without a top-up under way, at the plan's price.
      const lines = (await json<Page_<Line>>(coordinator, `/api/v1/lines?filter=all&programme_id=${programme.id}&limit=200`)).items;
      const busy = new Set<number>();
      for (const status of ['requested', 'approved']) {
        for (const t of (await json<Page_<Topup>>(coordinator, `/api/v1/topups?status=${status}&limit=200`)).items) busy.add(t.handover_id);
      }
      const plan = (await json<{ items: { code: string; unit_cost_cents: number }[] }>(coordinator, '/api/v1/plans')).items.find(
        (p) => p.code === programme.plan,
      )!;
      const count = lines.filter((l) => l.state === 'active' && !busy.has(l.id)).length;
      expect(count).toBeGreaterThan(1);
      const cost = count * plan.unit_cost_cents;
      const preview = page.getByTestId('topup-round-preview');
      await expect(preview).toHaveAttribute('data-count', String(count));
      await expect(preview).toHaveAttribute('data-cents', String(cost));

      // A budget the server refuses is said beside its field; a word is refused before sending.
      await page.getByTestId('budget-edit').click();
      await expect(page.getByTestId('budget-field')).toHaveValue('2000');
      await page.getByTestId('budget-field').fill('dix euros');
      await page.getByTestId('budget-save').click();
      await expect(page.getByTestId('budget-field-help')).toHaveText('Indiquez un montant en euros, par exemple 2000 ou 1500,50.');
      const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/programmes/${programme.id}`) && r.request().method() === 'PATCH');
      await page.getByTestId('budget-field').fill('1000000001');
      await page.getByTestId('budget-save').click();
      expect((await refused).status()).toBe(422);
      // The server's range is in cents; the page says it in euros, as the field is.
      await expect(page.getByTestId('budget-field-help')).toHaveText('Le budget va de 0 à 1\u202f000\u202f000\u202f000,00\u00a0€.');
      await expect(page.getByTestId('budget-field')).toHaveAttribute('aria-invalid', 'true');

      // A tight budget: what is taken plus one top-up. The round, asked, is refused in words.
      const tight = after.committed_cents + after.requested_cents + plan.unit_cost_cents;
      await page.getByTestId('budget-field').fill(String(tight / 100).replace('.', ','));
      await page.getByTestId('budget-save').click();
      await expect(page.getByTestId('budget-saved')).toHaveText('Budget enregistré.');
      await expect(page.getByTestId('budget-total')).toHaveAttribute('data-cents', String(tight));
      await expect(page.getByTestId('budget-left')).toHaveAttribute('data-cents', String(plan.unit_cost_cents));

      await page.getByTestId('topup-round').click();
      await expect(page.getByTestId('topup-round-confirm')).toContainText(`Recharger ${count} lignes actives pour `);
      await page.getByTestId('topup-round-confirm-yes').click();
      const problem = page.getByTestId('topup-round-problem');
      await expect(problem).toHaveAttribute('data-code', 'budget_exceeded');
      // The server's sentence, in French: the same as it gives the API.
      const asked = await coordinator.post('/api/v1/topups', { programme_id: programme.id });
      expect(asked.status()).toBe(409);
      const detail = ((await asked.json()) as { detail: string }).detail;
      expect(detail).toContain('CU-2020');
      await expect(problem).toHaveText(detail);
      expect((await json<Budget>(coordinator, `/api/v1/programmes/${programme.id}/topup-budget`)).committed_cents).toBe(after.committed_cents);

      // The budget restored.
      await page.getByTestId('budget-edit').click();
      await page.getByTestId('budget-field').fill('2000');
      await page.getByTestId('budget-save').click();
      await expect(page.getByTestId('budget-total')).toHaveAttribute('data-cents', '200000');
      await expect(page.getByTestId('budget-total').locator('dd')).toHaveText('2\u202f000,00\u00a0€');
      expect((await json<Budget>(coordinator, `/api/v1/programmes/${programme.id}/topup-budget`)).budget_cents).toBe(200000);
      await expectNoSidewaysScroll(page);
    } finally {
      await coordinator.dispose();
    }
  });
});

test.describe('the follow-up settings on a desk', () => {
  test.use({ viewport: DESK });

  test('the coordinator changes the delay (a wrong one said beside it), reads the survey and brings the standard one back', async ({
    page,
    baseURL,
  }) => {
    const coordinator = await apiSession(baseURL!, users.coordinator);
    try {
      await login(page, users.coordinator);
      await page.goto('/topups');
      await settled(page);
      const settings = page.getByTestId('follow-up-settings');
      await expect(settings.getByTestId('follow-up-days')).toHaveValue('30');
      // The survey as the programme has it, in French, in its order.
      const questions = programme.follow_up_questions;
      await expect(settings.getByTestId('follow-up-question')).toHaveCount(questions.length);
      for (const [i, q] of questions.entries()) {
        const item = settings.getByTestId('follow-up-question').nth(i);
        await expect(item).toHaveAttribute('data-question', q.id);
        await expect(item.locator('span[lang="fr"]')).toHaveText(q.labels.fr);
      }

      await settings.getByTestId('follow-up-days').fill('400');
      await settings.getByTestId('follow-up-days-save').click();
      await expect(settings.getByTestId('follow-up-days-help')).toHaveText('Indiquez un nombre de jours entre 1 et 365.');
      await expect(settings.getByTestId('follow-up-days')).toHaveAttribute('aria-invalid', 'true');

      await settings.getByTestId('follow-up-days').fill('45');
      await settings.getByTestId('follow-up-days-save').click();
      await expect(settings.getByTestId('follow-up-days-saved')).toHaveText('Le questionnaire est maintenant dû 45 jours après la remise.');
      expect((await json<{ items: Programme[] }>(coordinator, '/api/v1/programmes')).items.find((p) => p.id === programme.id)?.follow_up_days).toBe(45);
      await settings.getByTestId('follow-up-days').fill('30');
      await settings.getByTestId('follow-up-days-save').click();
      await expect(settings.getByTestId('follow-up-days-saved')).toHaveText('Le questionnaire est maintenant dû 30 jours après la remise.');

      // The standard survey, after a confirmation: the same four questions of the demo.
      await settings.getByTestId('follow-up-standard').click();
      await expect(settings.getByTestId('follow-up-standard-confirm')).toContainText('Remplacer les questions de ce programme');
      await settings.getByTestId('follow-up-standard-confirm-yes').click();
      await expect(settings.getByTestId('follow-up-standard-done')).toHaveText('Le programme utilise le questionnaire standard.');
      const after = (await json<{ items: Programme[] }>(coordinator, '/api/v1/programmes')).items.find((p) => p.id === programme.id)!;
      expect(after.follow_up_days).toBe(30);
      expect(after.follow_up_questions.map((q) => q.id)).toEqual(['uses', 'still_used', 'satisfaction', 'testimony']);
      await expect(settings.getByTestId('follow-up-question')).toHaveCount(4);
    } finally {
      await coordinator.dispose();
    }
  });
});

test.describe('the coordinator asks a block on a desk', () => {
  test.use({ viewport: DESK });

  test("asks the operator to block the demo's declared lost line, after cancelling once", async ({ page, baseURL }) => {
    const coordinator = await apiSession(baseURL!, users.coordinator);
    try {
      const declared = (await json<Page_<Incident>>(coordinator, '/api/v1/line-incidents?status=declared')).items;
      expect(declared.map((i) => i.kind)).toEqual(['lost']);
      const incident = declared[0];

      await login(page, users.coordinator);
      await page.getByTestId('nav-line_incidents').click();
      await expect(page).toHaveURL('/line-incidents');
      await settled(page);
      await expect(page.getByTestId('line-incidents-to-block-total')).toHaveText('1 ligne attend votre demande de blocage');
      const row = page.locator(`[data-testid="line-incident-to-block"][data-incident="${incident.id}"]`);
      await expect(row).toContainText('Perdue');
      await expect(row).toContainText(incident.pseudonym);
      // Open ones first: the declared one heads the list, with what it waits for.
      const first = page.getByTestId('line-incident-row').first();
      await expect(first).toHaveAttribute('data-status', 'declared');
      await expect(first.getByTestId('line-incident-next')).toHaveText('À vous\u202f: demandez le blocage à l’opérateur.');

      await row.getByTestId('line-block').click();
      await expect(row.getByTestId('line-block-confirm')).toContainText(`Demander à SFR de bloquer la ligne`);
      await row.getByTestId('line-block-confirm-no').click();
      await expect(row.getByTestId('line-block-confirm')).toHaveCount(0);
      expect((await json<Incident>(coordinator, `/api/v1/line-incidents/${incident.id}`)).status).toBe('declared');

      await row.getByTestId('line-block').click();
      await row.getByTestId('line-block-confirm-yes').click();
      await expect(page.getByTestId('line-block-done')).toHaveText(
        `Blocage demandé pour l’incident n° ${incident.id}\u202f: la ligne attend maintenant l’opérateur.`,
      );
      await expect(row).toHaveCount(0);
      await expect(page.getByTestId('line-incidents-to-block-empty')).toHaveText('Aucune ligne n’attend de demande de blocage.');
      expect((await json<Incident>(coordinator, `/api/v1/line-incidents/${incident.id}`)).status).toBe('block_requested');
      const now = page.locator(`[data-testid="line-incident-row"][data-incident="${incident.id}"]`);
      await expect(now).toHaveAttribute('data-status', 'block_requested');
      await expect(now.getByTestId('line-incident-status')).toHaveText('Blocage demandé');
      await expect(now.getByTestId('line-incident-next')).toHaveText('Attend l’opérateur, qui doit bloquer la ligne.');

      // The home no longer counts it.
      await page.goto('/');
      await expect(page.getByTestId('dashboard-blocks-waiting')).toHaveAttribute('data-count', '0');
      await expect(page.getByTestId('dashboard-topups-waiting')).toHaveAttribute('data-count', '0');
    } finally {
      await coordinator.dispose();
    }
  });
});

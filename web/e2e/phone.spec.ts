// Every page of every role on a 360 × 740 phone: nothing scrolls sideways, no tap target is under
// 24 × 24 px (WCAG 2.5.8), and axe-core finds no serious or critical WCAG 2.1 A/AA violation.
// Then a form sent with errors puts the focus on its first invalid field, and required fields
// are marked. The demo database is shared with the other files: this one only reads, except the
// empty forms it sends, which the server refuses without changing anything, and a share link of
// the results it makes and revokes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { apiSession, login, users } from './helpers';

const PHONE = { width: 360, height: 740 };
/** WCAG 2.5.8's minimum target size, in CSS pixels. */
const TARGET = 24;

test.use({ viewport: PHONE });

type Role = keyof typeof users;

interface Listed {
  items: Item[];
}

async function list(page: Page, path: string): Promise<Item[]> {
  const response = await page.request.get(`/api/v1/${path}`);
  expect(response.status(), `GET /api/v1/${path}`).toBe(200);
  return ((await response.json()) as Listed).items;
}

type Item = Record<string, unknown>;

/** The first item matching `where`, or the first item when none does (undefined: an empty list). */
function pick(items: Item[], where: (item: Item) => boolean = () => true): Item | undefined {
  return items.find(where) ?? items[0];
}

/** The pages a role reaches from its navigation and the links of its pages, with real ids. */
async function pagesOf(page: Page, role: Role): Promise<string[]> {
  const paths: string[] = [];
  const add = (path: string) => paths.push(path);
  // A detail page: the list it comes from must hold one.
  const addItem = (path: string, item: Item | undefined, key = 'id') => {
    expect(item, `${role}: an item for ${path}`).toBeDefined();
    add(`${path}/${item![key]}`);
  };
  const me = (await (await page.request.get('/api/v1/session')).json()) as { user: { organisation_id: number } };
  const own = me.user.organisation_id;

  if (role === 'coordinator' || role === 'structure' || role === 'funder') add('/');

  if (role === 'coordinator' || role === 'structure' || role === 'liaison') {
    const requests = await list(page, 'requests?limit=100');
    add('/requests');
    if (role === 'structure') {
      add('/requests/new');
      const draft = pick(requests, (r) => r.state === 'draft');
      addItem('/requests', draft);
      add(`/requests/${draft!.id}/edit`);
      addItem('/requests', pick(requests, (r) => r.state !== 'draft'));
    } else {
      addItem('/requests', pick(requests, (r) => r.state === (role === 'liaison' ? 'submitted' : 'endorsed')));
      addItem('/requests', pick(requests, (r) => r.state === 'approved'));
    }
  }
  if (role === 'coordinator' || role === 'liaison' || role === 'funder') add('/requests/summary');
  // Results (issue 13): the dashboard, its budget (the funder reads it).
  if (role === 'coordinator' || role === 'funder') {
    add('/results');
    add('/results/budget');
  }
  if (role === 'coordinator') add('/allocation');

  if (role === 'coordinator' || role === 'structure' || role === 'association') {
    add('/referrals');
    if (role === 'association') add('/referrals/new');
    const referrals = await list(page, 'referrals?limit=100');
    addItem('/referrals', pick(referrals, (r) => r.status === 'open'));
    addItem('/referrals', pick(referrals, (r) => r.status === 'included'));
  }

  if (role === 'coordinator' || role === 'logistics' || role === 'structure') {
    const orders = await list(page, 'packing-orders?limit=100');
    add('/packing');
    addItem('/packing', pick(orders, (o) => o.state === 'open'));
    if (role !== 'structure') addItem('/packing', pick(orders, (o) => o.state === 'delivered'));
    const shipments = await list(page, 'shipments?limit=100');
    add('/shipments');
    // The demo's structure has no parcel on the way yet: its shipments page is empty.
    if (role !== 'structure') {
      addItem('/shipments', pick(shipments, (s) => s.state === 'prepared'));
      addItem('/shipments', pick(shipments, (s) => s.state === 'delivered'));
    }
    if (role === 'coordinator') {
      const parcels = shipments.flatMap((s) => s.parcels as Item[]);
      addItem('/deliveries', pick(parcels, (p) => p.state === 'shipped'), 'delivery_token');
    }
  }
  if (role === 'coordinator' || role === 'structure') add('/incidents');

  // Residents: the structure's list, form and one resident in each status (the next step each
  // offers differs); the coordinator's read-only list and one resident.
  if (role === 'structure' || role === 'coordinator') {
    add('/residents');
    if (role === 'structure') {
      add('/residents/new');
      const residents = await list(page, 'residents?limit=100');
      for (const status of ['needs_consent', 'waiting_line', 'has_line']) {
        addItem('/residents', residents.find((r) => r.status === status));
      }
      addItem('/residents', (await list(page, 'residents?status=erased&limit=1'))[0]);
      // A line in each state its page shows: late, ending, its follow-up to do, an incident
      // declared, its block asked, replaced (both cards in the history), its follow-up recorded.
      const todo = ((await (await page.request.get('/api/v1/todo')).json()) as Listed).items;
      for (const kind of ['activation_late', 'line_ending', 'follow_up_due']) {
        addItem('/residents', todo.find((i) => i.kind === kind), 'resident_id');
      }
      const incidents = await list(page, 'line-incidents?limit=100');
      for (const status of ['declared', 'block_requested', 'replaced']) {
        addItem('/residents', incidents.find((i) => i.status === status), 'resident_id');
      }
      let followedUp: Item | undefined;
      for (const r of residents.filter((r) => r.status === 'has_line')) {
        const one = (await (await page.request.get(`/api/v1/residents/${r.id}`)).json()) as Item;
        if ((one.follow_ups as unknown[]).length > 0) {
          followedUp = one;
          break;
        }
      }
      addItem('/residents', followedUp);
    } else {
      addItem('/residents', pick(await list(page, 'residents?limit=1')));
    }
  }

  // Lines in use (issue 12): the lines and top-ups of the coordinator and the structure, the
  // coordinator's line incidents (a structure may open them too, read only).
  if (role === 'coordinator' || role === 'structure') {
    add('/lines');
    add('/lines?filter=not_active');
    add('/topups');
    add('/line-incidents');
  }

  if (role !== 'funder') {
    add('/organisations');
    const organisations = await list(page, 'organisations?limit=100');
    addItem('/organisations', pick(organisations, (o) => o.kind === 'structure'));
  }
  if (role === 'funder' || role === 'structure') add(`/organisations/${own}`);
  if (role === 'coordinator' || role === 'liaison') {
    add('/organisations/new');
    add('/organisations/import');
  }

  if (role === 'coordinator' || role === 'operator' || role === 'funder' || role === 'liaison') add('/stock');
  if (role === 'coordinator' || role === 'operator') {
    add('/stock/import');
    add('/stock/status-report');
    addItem('/sims', pick(await list(page, 'sims?limit=1')), 'iccid');
  }
  if (role === 'structure') addItem('/sims', pick(await list(page, 'sims?limit=1')), 'iccid');
  if (role === 'coordinator') add('/users');
  if (role === 'coordinator') add('/tokens');
  add('/account');

  return [...new Set(paths)];
}

/** Waits until the page has drawn its data: no request running, nothing marked busy. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('main')).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/**
 * What a phone user would hit: the document or an element that scrolls sideways, tap targets
 * under 24 × 24 px, targets overlapping another. Each problem is one line naming the elements.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((minimum) => {
    const problems: string[] = [];
    const describe = (el: Element): string => {
      const testid = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
      const classes = [...el.classList].filter((c) => !c.startsWith('svelte-')).map((c) => `.${c}`).join('');
      const type = el.getAttribute('type');
      const tag = `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}${classes}${testid ? ` [${testid}]` : ''}>`;
      return text ? `${tag} "${text}"` : tag;
    };
    const visible = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };

    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      const wide = [...document.body.querySelectorAll('*')]
        .filter((el) => visible(el) && el.getBoundingClientRect().right > root.clientWidth + 1)
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 1)
        .slice(0, 5);
      problems.push(`the page is ${root.scrollWidth} px wide for ${root.clientWidth}: ${wide.map(describe).join(', ')}`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      const overflow = getComputedStyle(el).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1 && visible(el)) {
        problems.push(`scrolls sideways (${el.scrollWidth} px in ${el.clientWidth}): ${describe(el)}`);
      }
    }

    // Tap targets. A checkbox or radio inside its label is tapped through the label: the label is
    // the target. A link inside a sentence is exempt (WCAG 2.5.8's inline exception).
    const selector =
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=tab]';
    const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter(visible);
    const targets = new Set<HTMLElement>();
    for (const el of controls) {
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label');
        if (label) {
          targets.add(label);
          continue;
        }
      }
      if (el.closest('summary') && el.tagName !== 'SUMMARY') continue;
      targets.add(el);
    }
    const inSentence = (el: HTMLElement): boolean => {
      if (el.tagName !== 'A') return false;
      let block: HTMLElement | null = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (!block) return false;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (el.contains(node) || !node.textContent?.trim()) continue;
        const owner = node.parentElement?.closest(selector);
        if (owner && owner !== block) continue;
        return true;
      }
      return false;
    };
    const boxes = [...targets].map((el) => ({ el, box: el.getBoundingClientRect() }));
    for (const { el, box } of boxes) {
      if ((box.width < minimum - 0.5 || box.height < minimum - 0.5) && !inSentence(el)) {
        problems.push(`tap target ${Math.round(box.width * 10) / 10} × ${Math.round(box.height * 10) / 10} px: ${describe(el)}`);
      }
    }
    // Two targets overlapping by more than a pixel each way (one inside the other excepted).
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (w > 1 && h > 1) {
          problems.push(`tap targets overlap by ${Math.round(w)} × ${Math.round(h)} px: ${describe(a.el)} and ${describe(b.el)}`);
        }
      }
    }
    return problems;
  }, TARGET);
}

/** axe-core's serious and critical violations of WCAG 2.0 and 2.1, A and AA: one line each. */
async function axeProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The test ids of the buttons that open a form on the page, one of each. */
async function disclosureButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const openers = 'main button[aria-expanded="false"]:not(:disabled), main [data-testid="shipment-new"]';
    const buttons = [...document.querySelectorAll(openers)];
    const ids = buttons.filter((b) => b.checkVisibility()).map((b) => b.getAttribute('data-testid'));
    return [...new Set(ids.filter((id): id is string => !!id))];
  });
}

/** Checks the page as it is now; returns its problems, each prefixed with where it was found. */
async function check(page: Page, where: string): Promise<string[]> {
  // The page at rest: the pointer away from the controls, no colour halfway through a transition.
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const problems = [...(await layoutProblems(page)), ...(await axeProblems(page))];
  return problems.map((p) => `${where}: ${p}`);
}

test('the login page fits a phone', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByTestId('login-form')).toBeVisible();
  expect(await check(page, 'logged out /login')).toEqual([]);
});

test('the public results page of a share link fits a phone, and so does a link no longer valid', async ({ page, baseURL }) => {
  // A link made through the API (the only write of this file besides refused forms); it is
  // revoked in the end.
  const coordinator = await apiSession(baseURL!, users.coordinator);
  try {
    const programmes = (await (await coordinator.get('/api/v1/programmes')).json()) as { items: { id: number }[] };
    const id = programmes.items[0].id;
    const created = await coordinator.post(`/api/v1/programmes/${id}/share-links`, { expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) });
    expect(created.status(), await created.text()).toBe(201);
    const link = (await created.json()) as { id: number; url: string };
    const path = new URL(link.url).pathname;
    await page.goto(path);
    await settled(page);
    await expect(page.getByTestId('shared-notice')).toBeVisible();
    const problems = await check(page, `logged out ${path}`);
    await page.locator('main details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    problems.push(...(await check(page, `logged out ${path} (details open)`)));
    expect((await coordinator.delete(`/api/v1/programmes/${id}/share-links/${link.id}`)).status()).toBe(204);
    await page.goto(path);
    await expect(page.getByTestId('shared-gone')).toBeVisible();
    problems.push(...(await check(page, `logged out ${path} (revoked)`)));
    expect(problems).toEqual([]);
  } finally {
    await coordinator.dispose();
  }
});

test('the public page of a password reset link fits a phone, and so does an incomplete link', async ({ page }) => {
  await page.goto('/reset#AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE');
  await expect(page.getByTestId('reset-form')).toBeVisible();
  const problems = await check(page, 'logged out /reset');
  await page.goto('/reset');
  await expect(page.getByTestId('reset-no-token')).toBeVisible();
  problems.push(...(await check(page, 'logged out /reset (no token)')));
  expect(problems).toEqual([]);
});

for (const role of Object.keys(users) as Role[]) {
  test(`every page of the ${role} fits a phone and passes axe`, async ({ page }) => {
    test.setTimeout(240_000);
    await login(page, users[role]);
    const paths = await pagesOf(page, role);
    expect(paths.length, 'pages found').toBeGreaterThan(0);
    const problems: string[] = [];
    for (const [i, path] of paths.entries()) {
      await page.goto(path);
      await settled(page);
      const where = `${role} ${path}`;
      // A page the role cannot open would say so: the list above must only hold reachable pages.
      if (await page.getByTestId('forbidden').count()) problems.push(`${where}: the page says forbidden`);
      problems.push(...(await check(page, where)));
      // What the page shows behind a disclosure: its details open, then each form a button opens
      // (a button with aria-expanded, which only shows a form; the new shipment's form).
      const details = await page.locator('main details:not([open])').count();
      if (details) {
        await page.locator('main details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        problems.push(...(await check(page, `${where} (details open)`)));
      }
      for (const testid of await disclosureButtons(page)) {
        await page.locator(`main [data-testid="${testid}"]`).first().click();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        problems.push(...(await check(page, `${where} (${testid} open)`)));
      }
      if (i === 0) {
        // The folded navigation, open.
        await page.getByTestId('menu-toggle').click();
        await expect(page.locator('#shell-menu')).toBeVisible();
        problems.push(...(await check(page, `${where} (menu open)`)));
        await page.getByTestId('menu-toggle').click();
      }
    }
    console.log(`${role}: ${paths.length} pages`);
    expect(problems, `${problems.length} problems on ${paths.length} pages of the ${role}`).toEqual([]);
  });
}

test.describe('a form sent with errors', () => {
  test('the request form marks its required fields and focuses the first invalid one', async ({ page }) => {
    await login(page, users.structure);
    await page.goto('/requests/new');
    await settled(page);
    const form = page.getByTestId('request-form');
    await expect(form.getByTestId('required-legend')).toBeVisible();
    const quantity = page.getByTestId('field-quantity');
    await expect(quantity).toHaveAttribute('aria-required', 'true');
    await expect(form.locator('label', { has: quantity }).locator('.required-mark')).toBeVisible();
    await expect(page.getByTestId('field-leaflet_languages').locator('legend .required-mark')).toBeVisible();

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/requests') && r.request().method() === 'POST');
    await page.getByTestId('request-save').click();
    expect((await refused).status()).toBe(422);
    await expect(page.getByTestId('error-quantity')).toBeVisible();
    await expect(quantity).toBeFocused();
  });

  test('the referral form focuses its first invalid field', async ({ page }) => {
    await login(page, users.association);
    await page.goto('/referrals/new');
    await settled(page);
    const form = page.getByTestId('referral-form');
    await expect(form.getByTestId('required-legend')).toBeVisible();
    await expect(form.locator('legend .required-mark').first()).toBeVisible();

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/referrals') && r.request().method() === 'POST');
    await form.locator('button[type=submit]').click();
    expect((await refused).status()).toBe(422);
    // The first field with an error is the structure: the focus is on its first control.
    await expect(page.getByTestId('error-structure_id')).toBeVisible();
    await expect(page.getByTestId('field-structure_id').locator(':focus')).toHaveCount(1);
  });

  test('the organisation form marks its required fields and focuses the first invalid one', async ({ page }) => {
    await login(page, users.coordinator);
    await page.goto('/organisations/new');
    await settled(page);
    const form = page.getByTestId('organisation-form');
    await expect(form.getByTestId('required-legend')).toBeVisible();
    const name = page.getByTestId('field-name');
    await expect(name).toHaveAttribute('aria-required', 'true');
    const marked = (testid: string) => form.locator('label', { has: page.getByTestId(testid) }).locator('.required-mark');
    await expect(marked('field-name')).toBeVisible();
    // A structure needs its address; another kind of organisation only its name.
    await expect(marked('field-address')).toBeVisible();
    await expect(page.getByTestId('field-address')).toHaveAttribute('aria-required', 'true');
    await page.getByTestId('field-kind').selectOption('association');
    await expect(marked('field-name')).toBeVisible();
    await expect(marked('field-address')).toHaveCount(0);
    await expect(marked('field-code')).toHaveCount(0);
    await expect(page.getByTestId('field-address')).not.toHaveAttribute('aria-required', 'true');
    await page.getByTestId('field-kind').selectOption('structure');

    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/organisations') && r.request().method() === 'POST');
    await page.getByTestId('organisation-submit').click();
    expect((await refused).status()).toBe(422);
    await expect(page.getByTestId('error-name')).toBeVisible();
    await expect(name).toBeFocused();
  });
});

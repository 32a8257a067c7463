// Shipping, page by page: logistics lists its shipments (each tracking number opening the
// carrier's tracking page), puts the demo structure's closed parcel CO-000001 in a new shipment
// (after the form's errors) and ships it; the coordinator declares the demo's shipment #3 lost
// after a confirmation, while logistics, on a page opened before, is refused its return; the
// demo structure, logged out, opens the parcel's QR code, logs in, lands back on it and confirms
// that everything arrived, then sees its deliveries only; the coordinator resolves the demo's
// open incident (card 52 missing from CO-000005) and the structure sees none of it.
// Cards move here (in transit, lost, delivered), which stock.spec.ts and workflow.spec.ts count:
// this file runs after them and after zz-packing.spec.ts, which closes CO-000001 (packed here
// through the API when that file did not run).
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  apiSession,
  cameraTestLaunchOptions,
  DEMO_STRUCTURE,
  deliveryPathFromPackingList,
  demoIccid,
  login,
  packingOrder,
  packThroughApi,
  users,
} from './helpers';

test.describe.configure({ mode: 'serial' });
// The launch options of zz-packing.spec.ts: files with other worker options run after all the
// others, so that with the same ones this file runs after zz-packing.spec.ts, as its name says.
test.use({ launchOptions: cameraTestLaunchOptions });

const PARCEL = 1; // CO-000001, the demo structure's parcel.
let shipmentId = 0;

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

test.beforeAll(async ({ baseURL }) => {
  const logistics = await apiSession(baseURL!, users.logistics);
  await packThroughApi(logistics, PARCEL);
  expect((await packingOrder(logistics, PARCEL)).state).toBe('packed');
  await logistics.dispose();
});

test('logistics lists its shipments, each tracking number opening the carrier\'s page', async ({ page }) => {
  await login(page, users.logistics);
  await expect(page.getByTestId('nav-shipments')).toHaveText('Expéditions');
  await page.getByTestId('nav-shipments').click();
  await expect(page).toHaveURL(/\/shipments$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Expéditions');
  await expect(page.getByTestId('nav-shipments')).toHaveAttribute('aria-current', 'page');

  const first = page.locator('[data-testid="shipment-row"][data-shipment="1"]');
  await expect(first.getByTestId('shipment-carrier')).toHaveText('La Poste Colissimo');
  const tracking = first.getByTestId('shipment-tracking');
  await expect(tracking).toContainText('6A20200410001');
  await expect(tracking).toHaveAttribute('href', 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A20200410001');
  await expect(tracking).toHaveAttribute('target', '_blank');
  await expect(tracking).toHaveAttribute('rel', 'noopener');
  await expect(first.getByTestId('shipment-state')).toHaveText('Livrée');
  await expect(first.getByTestId('shipment-parcel-ref')).toHaveText('CO-000002');

  const states: Record<number, [string, string]> = {
    2: ['prepared', 'Prête à partir'],
    3: ['shipped', 'En route'],
    5: ['lost', 'Perdue'],
    6: ['returned', 'Retournée'],
  };
  for (const [id, [state, label]] of Object.entries(states)) {
    const row = page.locator(`[data-testid="shipment-row"][data-shipment="${id}"]`);
    await expect(row.getByTestId('shipment-state')).toHaveAttribute('data-state', state);
    await expect(row.getByTestId('shipment-state')).toHaveText(label);
  }
  await expect(page.locator('[data-testid="shipment-row"][data-shipment="2"] [data-testid="shipment-tracking"]')).toHaveAttribute(
    'href',
    'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XY123456789FR',
  );

  // The state filter.
  await page.getByTestId('shipments-filter-state').selectOption('lost');
  await expect(page.getByTestId('shipment-row')).not.toHaveCount(0);
  for (const state of await page.getByTestId('shipment-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))) {
    expect(state).toBe('lost');
  }
});

test('logistics puts the closed parcel in a new shipment, after the form\'s errors, and ships it', async ({ page }) => {
  await login(page, users.logistics);
  await page.goto('/shipments');
  await page.getByTestId('shipment-new').click();
  const parcel = page.locator(`[data-testid="shipment-parcel"][data-order="${PARCEL}"]`);
  await expect(parcel).toContainText('CO-000001');
  await expect(parcel).toContainText(DEMO_STRUCTURE.name);
  // A parcel already in a shipment (CO-000003, in the prepared #2) is not offered.
  await expect(page.locator('[data-testid="shipment-parcel"][data-order="3"]')).toHaveCount(0);
  await expect(page.getByTestId('field-carrier').locator('option')).toHaveText([
    'Choisissez un transporteur',
    'Chronopost',
    'DHL',
    'La Poste Colissimo',
  ]);

  // Nothing filled in: each field says what is wrong with it.
  await page.getByTestId('shipment-create').click();
  await expect(page.getByTestId('error-carrier')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('error-tracking_number')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('error-packing_order_ids')).toHaveText('Ce champ est obligatoire.');
  await expect(page.getByTestId('field-tracking_number')).toHaveAttribute('aria-invalid', 'true');

  await page.getByTestId('field-carrier').selectOption('COLISSIMO');
  await page.getByTestId('field-tracking_number').fill('6A20261126001');
  await parcel.getByTestId('shipment-parcel-check').check();
  await page.getByTestId('shipment-create').click();
  await expect(page).toHaveURL(/\/shipments\/\d+\?created$/);
  shipmentId = Number(/\/shipments\/(\d+)/.exec(page.url())![1]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Expédition n° ${shipmentId}`);
  await expect(page.getByTestId('shipment-created')).toBeVisible();
  await expect(page.getByTestId('shipment-state')).toHaveAttribute('data-state', 'prepared');
  await expect(page.getByTestId('shipment-tracking')).toHaveAttribute('href', 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A20261126001');
  const row = page.locator(`[data-testid="shipment-parcel-row"][data-order="${PARCEL}"]`);
  await expect(row).toHaveAttribute('data-state', 'packed');
  await expect(page.getByTestId('shipment-declare_lost')).toHaveCount(0);

  // Shipped: its cards are on their way, and it can only come back now (logistics declares no loss).
  // One tap asks first, stating the consequence.
  await page.getByTestId('shipment-ship').click();
  await expect(page.getByTestId('shipment-ship-warning')).toContainText('ne peut plus être modifié');
  await expect(page.getByTestId('shipment-state')).toHaveAttribute('data-state', 'prepared');
  await page.getByTestId('shipment-transition-confirm').click();
  await expect(page.getByTestId('shipment-state')).toHaveAttribute('data-state', 'shipped');
  await expect(page.getByTestId('shipment-state')).toHaveText('En route');
  await expect(page.getByTestId('shipment-done')).toHaveText('Expédition marquée expédiée\u202f: ses cartes sont en transit.');
  await expect(row).toHaveAttribute('data-state', 'shipped');
  await expect(page.getByTestId('shipment-ship')).toHaveCount(0);
  await expect(page.getByTestId('shipment-return')).toBeVisible();
  await expect(page.getByTestId('shipment-declare_lost')).toHaveCount(0);

  // The list shows it on its way.
  await page.getByTestId('shipment-back').click();
  await expect(page.locator(`[data-testid="shipment-row"][data-shipment="${shipmentId}"]`)).toHaveAttribute('data-state', 'shipped');
});

test('the coordinator declares a shipment lost after a confirmation; a stale page is refused', async ({ browser }) => {
  // Logistics opens the shipment on its way first.
  const logistics = await as(browser, users.logistics);
  await logistics.goto('/shipments/3');
  await expect(logistics.getByTestId('shipment-return')).toBeVisible();

  const coordinator = await as(browser, users.coordinator);
  await coordinator.getByTestId('nav-shipments').click();
  await coordinator.locator('[data-testid="shipment-row"][data-shipment="3"]').getByTestId('shipment-link').click();
  await expect(coordinator).toHaveURL(/\/shipments\/3$/);
  await expect(coordinator.getByTestId('shipment-state')).toHaveAttribute('data-state', 'shipped');

  // First thoughts: the form, then nothing done.
  await coordinator.getByTestId('shipment-declare_lost').click();
  await expect(coordinator.getByTestId('shipment-lost-warning')).toHaveText(
    'Les 7 cartes de cette expédition seront déclarées perdues. Les colis déjà confirmés par leur structure ne changent pas.',
  );
  await coordinator.getByTestId('shipment-transition-keep').click();
  await expect(coordinator.getByTestId('shipment-transition-form')).toHaveCount(0);
  await expect(coordinator.getByTestId('shipment-state')).toHaveAttribute('data-state', 'shipped');

  // Then declared lost, with a reason.
  await coordinator.getByTestId('shipment-declare_lost').click();
  await coordinator.getByTestId('field-reason').fill('Réclamation Colissimo n° 4521');
  await expect(coordinator.getByTestId('shipment-transition-confirm')).toHaveText('Confirmer la perte');
  await coordinator.getByTestId('shipment-transition-confirm').click();
  await expect(coordinator.getByTestId('shipment-state')).toHaveAttribute('data-state', 'lost');
  await expect(coordinator.getByTestId('shipment-state')).toHaveText('Perdue');
  await expect(coordinator.getByTestId('shipment-done')).toHaveText('Expédition déclarée perdue\u202f: ses cartes sont marquées perdues.');
  await expect(coordinator.locator('[data-testid="shipment-parcel-row"][data-order="4"]')).toHaveAttribute('data-state', 'lost');
  await expect(coordinator.getByTestId('shipment-closed-at')).toBeVisible();
  await expect(coordinator.getByTestId('shipment-actions')).toHaveCount(0);

  // Logistics, still on its page, would send it back: the server refuses, the page says why.
  await logistics.getByTestId('shipment-return').click();
  await logistics.getByTestId('field-reason').fill('Adresse introuvable');
  await logistics.getByTestId('shipment-transition-confirm').click();
  const refused = logistics.getByTestId('shipment-transition-problem');
  await expect(refused).toHaveAttribute('data-code', 'shipment_transition_refused');
  await expect(refused).toContainText("impossible\u202f: l'expédition est perdue");
  await expect(logistics.getByTestId('shipment-state')).toHaveAttribute('data-state', 'lost');

  for (const page of [logistics, coordinator]) await page.context().close();
});

test('the structure opens its parcel\'s QR code, logs in, lands back on it and confirms that all arrived', async ({ browser, baseURL }) => {
  expect(shipmentId, 'the shipment made above').toBeGreaterThan(0);
  const logisticsApi = await apiSession(baseURL!, users.logistics);
  const path = await deliveryPathFromPackingList(logisticsApi, PARCEL);
  const total = (await packingOrder(logisticsApi, PARCEL)).total;
  await logisticsApi.dispose();

  // Logged out: the login page, then back to the parcel, even after a reload of the login page.
  const page = await (await browser.newContext()).newPage();
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path)}$`));
  await page.reload();
  await page.getByTestId('login-email').fill(users.structure);
  await page.getByTestId('login-password').fill('relais-demo');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByTestId('nav-deliveries')).toHaveAttribute('aria-current', 'page');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Colis CO-000001');
  // Its home shows the parcel on its way, with the same confirmation one tap away.
  await page.getByTestId('nav-dashboard').click();
  const onTheWay = page.locator(`[data-testid="dashboard-parcel"][data-order="${PARCEL}"]`);
  await expect(onTheWay).toContainText('Colis CO-000001');
  await expect(onTheWay.getByTestId('dashboard-confirm')).toHaveText('Confirmer la réception');
  await expect(onTheWay.getByTestId('dashboard-confirm')).toHaveAttribute('href', path);
  await onTheWay.getByTestId('dashboard-confirm').click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByTestId('delivery-state')).toHaveAttribute('data-state', 'shipped');
  await expect(page.getByTestId('delivery-recipient')).toHaveText(DEMO_STRUCTURE.name);
  await expect(page.getByTestId('delivery-sender')).toContainText('ARES');
  await expect(page.getByTestId('delivery-total')).toHaveAttribute('data-total', String(total));
  await expect(page.getByTestId('delivery-all')).toHaveText(`Tout est arrivé\u202f: ${total} cartes`);

  await page.getByTestId('delivery-all').click();
  await expect(page.getByTestId('delivery-all-confirm')).toContainText(`les ${total} cartes envoyées sont toutes arrivées`);
  await page.getByTestId('delivery-all-confirm-yes').click();
  await expect(page.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
  await expect(page.getByTestId('delivery-outcome-title')).toHaveText('Réception confirmée, merci\u202f!');
  await expect(page.getByTestId('delivery-received')).toHaveText(`${total} cartes reçues sur ${total}.`);
  // People are named, not shown by their address.
  await expect(page.getByTestId('delivery-when')).toContainText('par Julien Moreau');
  await expect(page.getByTestId('delivery-when')).not.toContainText('@');
  await expect(page.getByTestId('delivery-no-incident')).toBeVisible();
  await expect(page.getByTestId('delivery-all')).toHaveCount(0);

  // Its deliveries: only the shipments carrying its parcels, now delivered, read only.
  await page.getByTestId('nav-deliveries').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Livraisons');
  await expect(page.getByTestId('shipment-new')).toHaveCount(0);
  const rows = page.getByTestId('shipment-row');
  await expect(page.locator(`[data-testid="shipment-row"][data-shipment="${shipmentId}"]`)).toHaveAttribute('data-state', 'delivered');
  const shown = await rows.evaluateAll((items) => items.map((i) => Number(i.getAttribute('data-shipment'))));
  for (const demo of [1, 2, 3, 4, 5, 6]) expect(shown, 'the other structures\' shipments').not.toContain(demo);
  for (const structure of await page.getByTestId('shipment-parcel-ref').evaluateAll((refs) => refs.map((r) => r.getAttribute('data-structure')))) {
    expect(structure).toBe(String(DEMO_STRUCTURE.id));
  }
  // Each of its parcels opens the delivery confirmation page, as the QR code does.
  await expect(
    page.locator(`[data-testid="shipment-row"][data-shipment="${shipmentId}"]`).getByTestId('shipment-parcel-ref'),
  ).toHaveAttribute('href', /^\/deliveries\/[A-Za-z0-9_-]{24}$/);
  await page.locator(`[data-testid="shipment-row"][data-shipment="${shipmentId}"]`).getByTestId('shipment-link').click();
  await expect(page.getByTestId('shipment-state')).toHaveAttribute('data-state', 'delivered');
  await expect(page.getByTestId('shipment-actions')).toHaveCount(0);

  // Another structure's shipment is not found.
  await page.goto('/shipments/1');
  await expect(page.getByTestId('shipment-problem')).toHaveText('Expédition introuvable.');
  await page.context().close();
});

test('the coordinator resolves the demo\'s missing card; the structure sees none of it', async ({ browser }) => {
  const card52 = demoIccid(52);
  const coordinator = await as(browser, users.coordinator);
  await coordinator.getByTestId('nav-incidents').click();
  await expect(coordinator).toHaveURL(/\/incidents$/);
  await expect(coordinator.getByTestId('incidents-filter-state')).toHaveValue('open');
  const row = coordinator.locator(`[data-testid="incident-row"][data-iccid="${card52}"]`);
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(row.getByTestId('incident-kind')).toHaveText('Carte manquante');
  await expect(row.getByTestId('incident-parcel')).toHaveText('CO-000005');
  await expect(row.getByTestId('incident-parcel')).toHaveAttribute('href', '/packing/5');
  await expect(row.getByTestId('incident-structure')).toHaveText('CADA Croix-Rouge française Plaisance-du-Touch');
  await expect(row.getByTestId('incident-state')).toHaveText('Ouvert');
  await expect(row.getByTestId('incident-lost')).toHaveText('Perdue');
  await expect(row.getByTestId('incident-found')).toHaveText('Retrouvée');
  await expect(row.getByTestId('incident-set_aside')).toHaveCount(0);

  // Found after all, with a note.
  await row.getByTestId('incident-found').click();
  const review = coordinator.getByTestId('incident-review');
  await expect(review).toContainText(`La carte ${card52} du colis CO-000005 a été retrouvée`);
  await review.getByTestId('incident-note-field').fill('Restée au fond du carton.');
  await review.getByTestId('incident-confirm').click();
  await expect(row).toHaveAttribute('data-state', 'resolved');
  await expect(row.getByTestId('incident-resolution')).toHaveText('Retrouvée');
  await expect(row.getByTestId('incident-note')).toHaveText('Restée au fond du carton.');
  await expect(row.getByTestId('incident-found')).toHaveCount(0);
  await expect(coordinator.getByTestId('incident-resolved')).toContainText('traité\u202f: Retrouvée');

  // Listed among the resolved ones now.
  await coordinator.getByTestId('incidents-filter-state').selectOption('resolved');
  await expect(coordinator.locator(`[data-testid="incident-row"][data-iccid="${card52}"]`)).toHaveAttribute('data-state', 'resolved');

  // The card reached its structure.
  const card = (await (await coordinator.request.get(`/api/v1/sims/${card52}`)).json()) as { state: string; holder_id: number };
  expect(card.state).toBe('at_structure');
  await coordinator.context().close();

  // The demo structure has no incident of its own, and no button.
  const structure = await as(browser, users.structure);
  await structure.getByTestId('nav-incidents').click();
  await expect(structure.getByRole('heading', { level: 1 })).toHaveText('Incidents de livraison');
  await expect(structure.getByTestId('incidents-filter-state')).toHaveValue('');
  await expect(structure.locator(`[data-testid="incident-row"][data-iccid="${card52}"]`)).toHaveCount(0);
  await expect(structure.getByTestId('incident-lost')).toHaveCount(0);
  await structure.context().close();
});

// The whole chain, through every role's screen: the demo structure asks for 2 cards and submits;
// the coordinator approves, previews and applies the allocation, and makes the packing orders;
// logistics packs the new parcel at the station (one wrong scan first), closes it, puts it in a
// shipment and ships it; the structure opens the page of the QR code printed on the packing list
// and scans the cards it received, all but one; the parcel is delivered with one missing card,
// which the coordinator declares lost; the request is then fulfilled.
// It runs last (zzz-), after the files that count the stock and zz-packing.spec.ts and
// zz-shipping.spec.ts, whatever they left: its parcel is the one the allocation just made.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  apiSession,
  cameraTestLaunchOptions,
  DEMO_STRUCTURE,
  deliveryPathFromPackingList,
  idFromUrl,
  login,
  packingOrder,
  stockIccid,
  users,
} from './helpers';

// The launch options of zz-packing.spec.ts and zz-shipping.spec.ts, so that this file runs after
// them (files with other worker options run after all the others, in name order).
test.use({ launchOptions: cameraTestLaunchOptions });

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

/** Types a code as a USB scanner does, Enter included, into the focused field. */
async function scan(page: Page, field: string, code: string): Promise<void> {
  await expect(page.getByTestId(field)).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('a request is allocated, packed, shipped, received with a card missing, and the incident resolved', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);

  // 1. The structure asks for 2 cards and submits.
  const structure = await as(browser, users.structure);
  await structure.getByTestId('nav-requests').click();
  await structure.getByTestId('request-new').click();
  await structure.getByTestId('field-quantity').fill('2');
  await structure.getByTestId('need-keep_in_touch').fill('2');
  await structure.getByTestId('leaflet_languages-fr').check();
  await structure.getByTestId('field-comment').fill('Deux familles arrivées cette semaine.');
  await structure.getByTestId('request-save').click();
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'draft');
  const requestId = idFromUrl(structure);
  await structure.getByTestId('transition-submit').click();
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'submitted');

  // 2. The coordinator approves it, previews the allocation and applies it.
  const coordinator = await as(browser, users.coordinator);
  await coordinator.goto(`/requests/${requestId}`);
  await coordinator.getByTestId('transition-approve').click();
  await expect(coordinator.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');
  await coordinator.getByTestId('nav-allocation').click();
  const line = coordinator.locator(`[data-testid="allocation-line"][data-request="${requestId}"]`);
  await expect(line).toContainText(DEMO_STRUCTURE.name);
  await expect(line).toHaveAttribute('data-allocated', '2');
  await coordinator.getByTestId('allocation-apply').click();
  await coordinator.getByTestId('allocation-confirm-submit').click();
  await expect(coordinator.getByTestId('allocation-applied')).toHaveAttribute('data-applied', 'true');

  // 3. It makes the packing orders: the 2 cards go into the demo structure's open parcel, a new
  // one when it has none.
  await coordinator.getByTestId('nav-packing').click();
  await coordinator.getByTestId('packing-prepare').click();
  const preparedNote = coordinator.getByTestId('packing-prepared');
  await expect(preparedNote).toHaveAttribute('data-count', /^\d+$/);
  const touched = ['data-count', 'data-filled'].map(async (a) => Number(await preparedNote.getAttribute(a)));
  expect((await touched[0]) + (await touched[1])).toBeGreaterThan(0);
  const api = await apiSession(baseURL!, users.coordinator);
  const open = (await (await api.get('/api/v1/packing-orders?state=open&limit=200')).json()) as {
    items: { id: number; structure_id: number }[];
  };
  const orderId = Math.max(...open.items.filter((o) => o.structure_id === DEMO_STRUCTURE.id).map((o) => o.id));
  const order = await packingOrder(api, orderId);
  // The request's 2 cards (and those of any other request of the structure approved meanwhile).
  expect(order.total).toBeGreaterThanOrEqual(2);
  const total = order.total;
  const cards = order.sims.map((s) => s.iccid);
  const wrong = await stockIccid(api);
  expect(cards).not.toContain(wrong);
  const reference = `CO-${String(orderId).padStart(6, '0')}`;
  await expect(coordinator.locator(`[data-testid="packing-order-row"][data-order="${orderId}"]`)).toHaveAttribute('data-state', 'open');

  // 4. Logistics packs it: a card of the stock first (red), then the parcel's two (green); closes it.
  const logistics = await as(browser, users.logistics);
  await logistics.locator(`[data-testid="packing-order-row"][data-order="${orderId}"]`).getByTestId('packing-order-link').click();
  await expect(logistics.getByTestId('packing-progress')).toHaveText(`0 / ${total}`);
  await scan(logistics, 'scan-field', wrong);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-signal', 'wrong');
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-outcome', 'scan_other_order');
  for (const iccid of cards) await scan(logistics, 'scan-field', iccid);
  await expect(logistics.getByTestId('packing-progress')).toHaveText(`${total} / ${total}`);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-signal', 'ok');
  await expect(logistics.locator('[data-testid="scan-log-entry"][data-signal="wrong"]')).toHaveCount(1);
  await logistics.getByTestId('packing-close').click();
  await logistics.getByTestId('packing-close-confirm-yes').click();
  await expect(logistics.getByTestId('packing-state')).toHaveAttribute('data-state', 'packed');

  // 5. It puts the parcel in a shipment and ships it.
  await logistics.getByTestId('nav-shipments').click();
  await logistics.getByTestId('shipment-new').click();
  await logistics.getByTestId('field-carrier').selectOption('CHRONOPOST');
  await logistics.getByTestId('field-tracking_number').fill('XY20261126FR');
  await logistics.locator(`[data-testid="shipment-parcel"][data-order="${orderId}"]`).getByTestId('shipment-parcel-check').check();
  await logistics.getByTestId('shipment-create').click();
  await expect(logistics.getByTestId('shipment-state')).toHaveAttribute('data-state', 'prepared');
  await expect(logistics.getByTestId('shipment-tracking')).toHaveAttribute(
    'href',
    'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XY20261126FR',
  );
  await logistics.getByTestId('shipment-ship').click();
  await logistics.getByTestId('shipment-transition-confirm').click();
  await expect(logistics.getByTestId('shipment-state')).toHaveAttribute('data-state', 'shipped');
  await expect(logistics.locator(`[data-testid="shipment-parcel-row"][data-order="${orderId}"]`)).toHaveAttribute('data-state', 'shipped');
  const shipmentId = idFromUrl(logistics);

  // 6. The structure opens the QR code of the packing list and scans what arrived: all the cards
  // but one, a card scanned twice by mistake, a code that is no card, a card of another parcel.
  const path = await deliveryPathFromPackingList(api, orderId);
  await structure.goto(path);
  await expect(structure.getByRole('heading', { level: 1 })).toHaveText(`Colis ${reference}`);
  await expect(structure.getByTestId('delivery-state')).toHaveAttribute('data-state', 'shipped');
  await expect(structure.getByTestId('delivery-all')).toHaveText(`Tout est arrivé\u202f: ${total} cartes`);
  await structure.getByTestId('delivery-scan-start').click();
  const missing = cards[cards.length - 1];
  const arrived = cards.slice(0, -1);
  const received = arrived[0];
  for (const iccid of arrived) {
    await scan(structure, 'delivery-scan-field', iccid);
    await expect(structure.getByTestId('delivery-scan-notice')).toHaveAttribute('data-kind', 'ok');
    await expect(structure.getByTestId('delivery-scan-notice')).toHaveText(`${iccid}\u202f: reçue.`);
  }
  await scan(structure, 'delivery-scan-field', `${received}F`);
  await expect(structure.getByTestId('delivery-scan-notice')).toHaveAttribute('data-kind', 'duplicate');
  await expect(structure.getByTestId('delivery-scan-notice')).toHaveText(`${received} est déjà dans la liste\u202f: ignorée.`);
  await scan(structure, 'delivery-scan-field', 'hello');
  await expect(structure.getByTestId('delivery-scan-notice')).toHaveAttribute('data-kind', 'invalid');
  // A card of another parcel, scanned then taken out of the list.
  await scan(structure, 'delivery-scan-field', wrong);
  await expect(structure.getByTestId('delivery-scan-notice')).toHaveAttribute('data-kind', 'unexpected');
  const unexpected = structure.locator(`[data-testid="delivery-scanned-card"][data-iccid="${wrong}"]`);
  await expect(unexpected).toContainText('pas dans ce colis');
  await expect(structure.getByTestId('delivery-scanned-card')).toHaveCount(arrived.length + 1);
  await unexpected.getByTestId('delivery-scanned-remove').click();
  await expect(structure.getByTestId('delivery-scanned-card')).toHaveCount(arrived.length);
  await expect(structure.getByTestId('delivery-scan-count')).toHaveAttribute('data-expected', String(arrived.length));
  await expect(structure.getByTestId('delivery-scan-missing')).toHaveText(
    '1 carte envoyée n\'est pas scannée\u202f: elle sera signalée manquante.',
  );
  await expect(structure.getByTestId('delivery-scan-submit')).toHaveText(
    arrived.length === 1 ? 'Valider la réception (1 carte)' : `Valider la réception (${arrived.length} cartes)`,
  );
  await structure.getByTestId('delivery-scan-submit').click();

  // Delivered, with the missing card reported.
  await expect(structure.getByTestId('delivery-state')).toHaveAttribute('data-state', 'delivered');
  await expect(structure.getByTestId('delivery-received')).toHaveText(
    arrived.length === 1 ? `1 carte reçue sur ${total}.` : `${arrived.length} cartes reçues sur ${total}.`,
  );
  const incidents = structure.getByTestId('delivery-incident');
  await expect(incidents).toHaveCount(1);
  await expect(incidents).toHaveAttribute('data-kind', 'missing_sim');
  await expect(incidents).toHaveAttribute('data-iccid', missing);
  await expect(incidents).toContainText('Carte manquante');
  await expect(structure.getByTestId('delivery-incidents')).toContainText('1 carte envoyée n\'a pas été reçue.');
  // The shipment, whose only parcel is confirmed, is delivered.
  const shipment = (await (await api.get(`/api/v1/shipments/${shipmentId}`)).json()) as { state: string };
  expect(shipment.state).toBe('delivered');
  // The request waits for the missing card.
  await structure.goto(`/requests/${requestId}`);
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'approved');

  // 7. The coordinator declares the missing card lost.
  await coordinator.getByTestId('nav-incidents').click();
  const row = coordinator.locator(`[data-testid="incident-row"][data-iccid="${missing}"]`);
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(row).toHaveAttribute('data-kind', 'missing_sim');
  await expect(row.getByTestId('incident-parcel')).toHaveText(reference);
  await expect(row.getByTestId('incident-structure')).toHaveText(DEMO_STRUCTURE.name);
  await row.getByTestId('incident-lost').click();
  await expect(coordinator.getByTestId('incident-review')).toContainText(`Déclarer perdue la carte ${missing} du colis ${reference}\u202f?`);
  await coordinator.getByTestId('incident-confirm').click();
  await expect(row).toHaveAttribute('data-state', 'resolved');
  await expect(row.getByTestId('incident-resolution')).toHaveText('Perdue');
  const lost = (await (await api.get(`/api/v1/sims/${missing}`)).json()) as { state: string };
  expect(lost.state).toBe('lost');
  await api.dispose();

  // 8. Every card of the request is settled: it is fulfilled; the structure sees its incident resolved.
  await structure.reload();
  await expect(structure.getByTestId('request-state')).toHaveAttribute('data-state', 'fulfilled');
  await expect(structure.getByTestId('request-state')).toHaveText('Servie');
  // Its history follows its cards into their parcel: made, closed, shipped, delivered, in order,
  // before it was fulfilled; people named, not shown by their address.
  const steps = await structure
    .locator(`[data-testid="request-parcel-step"][data-order="${orderId}"]`)
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-step')));
  expect(steps).toEqual(['made', 'closed', 'shipped', 'delivered']);
  const timeline = await structure
    .getByTestId('request-timeline')
    .locator('li')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-step') ?? i.getAttribute('data-transition')));
  expect(timeline.indexOf('delivered')).toBeLessThan(timeline.lastIndexOf('fulfil'));
  expect(timeline.indexOf('made')).toBeGreaterThan(timeline.indexOf('allocate'));
  await expect(structure.getByTestId('request-timeline')).not.toContainText('@demo.relais');
  await structure.getByTestId('nav-incidents').click();
  const own = structure.locator(`[data-testid="incident-row"][data-iccid="${missing}"]`);
  await expect(own).toHaveAttribute('data-state', 'resolved');
  await expect(own.getByTestId('incident-resolution')).toHaveText('Perdue');
  await expect(structure.getByTestId('incident-lost')).toHaveCount(0);

  for (const page of [structure, coordinator, logistics]) await page.context().close();
});

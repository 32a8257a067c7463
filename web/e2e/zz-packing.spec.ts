// Packing: the coordinator makes the packing orders from the reserved cards, logistics opens the
// demo structure's parcel at the packing station and scans its cards as a USB barcode scanner
// does (the ICCID typed into the focused field, then Enter): a good card, the same again, a card
// of the stock, something that is no card, a defective card replaced and its replacement, the
// rest but one; the last one with a phone's camera filming its barcode; then closes the parcel
// and opens its documents.
// Packing moves the demo's 12 reserved cards to packed and takes a card from the stock, which
// stock.spec.ts and workflow.spec.ts count: this file runs last (zz-), after workflow.spec.ts has
// maybe reserved more cards for the demo structure, so that it reads the parcel's cards from the
// server rather than assuming them.
import { expect, test, type Page } from '@playwright/test';
import { code128Svg, filmBarcode } from './barcode';
import { apiSession, cameraTestLaunchOptions, DEMO_STRUCTURE, demoIccid, login, users } from './helpers';

// Chromium's fake camera (a test pattern, no barcode) and no permission prompt, so that the
// station's camera can be turned on headless. The test that reads a barcode films one of its own
// (./barcode.ts).
test.use({ launchOptions: cameraTestLaunchOptions });

type Order = { id: number; structure_id: number; state: string; total: number; packed: number };
type OrderDetail = Order & { sims: { iccid: string; state: string }[] };

/** Types a code into the focused element as a USB scanner does, Enter included. */
async function scan(page: Page, code: string): Promise<void> {
  await expect(page.getByTestId('scan-field')).toBeFocused();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/** Waits for the banner of the `n`th scan on this page and checks its signal. */
async function expectSignal(page: Page, signal: 'ok' | 'wrong', count: number): Promise<void> {
  await expect(page.getByTestId('scan-log-entry')).toHaveCount(count);
  await expect(page.getByTestId('scan-banner')).toHaveAttribute('data-signal', signal);
  await expect(page.getByTestId('scan-log-entry').first()).toHaveAttribute('data-signal', signal);
}

test('the coordinator prepares the parcels and logistics packs the demo structure\'s', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);

  // 1. The coordinator makes the orders from the page: one per structure with reserved cards in
  // no order yet (the demo's own open parcel for its structure may already hold cards 0 to 11).
  await login(page, users.coordinator);
  await page.getByTestId('nav-packing').click();
  await expect(page).toHaveURL(/\/packing$/);
  await expect(page.getByTestId('packing-prepare')).toHaveText('Préparer les colis');
  await page.getByTestId('packing-prepare').click();
  const prepared = page.getByTestId('packing-prepared');
  await expect(prepared).toHaveAttribute('data-count', /^\d+$/);
  const made = Number(await prepared.getAttribute('data-count'));
  // The cards of a structure whose parcel is still open (the demo structure's) join that parcel.
  const filled = Number(await prepared.getAttribute('data-filled'));
  const madeText = made === 1 ? '1 colis créé.' : `${made} colis créés.`;
  const filledText =
    filled === 1
      ? '1 colis encore ouvert a reçu les nouvelles cartes de sa structure\u202f: réimprimez son bordereau.'
      : `${filled} colis encore ouverts ont reçu les nouvelles cartes de leur structure\u202f: réimprimez leurs bordereaux.`;
  await expect(prepared).toHaveText(
    made === 0 && filled === 0
      ? 'Aucun nouveau colis\u202f: toutes les cartes réservées sont déjà dans un colis.'
      : [made > 0 ? madeText : '', filled > 0 ? filledText : ''].join(' ').trim(),
  );
  // Again: nothing is left to put in an order.
  await page.getByTestId('packing-prepare').click();
  await expect(prepared).toHaveAttribute('data-count', '0');
  await expect(prepared).toHaveText('Aucun nouveau colis\u202f: toutes les cartes réservées sont déjà dans un colis.');

  // The demo structure's open parcel with the demo's reserved cards 0 to 11, as the server has it.
  const coordinator = await apiSession(baseURL!, users.coordinator);
  const open = (await (await coordinator.get('/api/v1/packing-orders?state=open&limit=200')).json()) as { items: Order[] };
  let detail: OrderDetail | null = null;
  for (const order of open.items.filter((o) => o.structure_id === DEMO_STRUCTURE.id)) {
    const candidate = (await (await coordinator.get(`/api/v1/packing-orders/${order.id}`)).json()) as OrderDetail;
    if (candidate.sims.some((s) => s.iccid === demoIccid(0))) detail = candidate;
  }
  expect(detail, 'an open parcel with demo card 0').not.toBeNull();
  const orderId = detail!.id;
  const iccids = detail!.sims.map((s) => s.iccid);
  for (let n = 0; n < 12; n++) expect(iccids, `card ${n}`).toContain(demoIccid(n));
  expect(detail!.packed).toBe(0);
  const total = detail!.total;
  expect(total).toBe(iccids.length);
  // A card of the stock, in no parcel: demo card 100, unless an allocation took it.
  let stockCard = demoIccid(100);
  const card100 = (await (await coordinator.get(`/api/v1/sims/${stockCard}`)).json()) as { state: string };
  if (card100.state !== 'in_stock') {
    const page = (await (await coordinator.get('/api/v1/sims?state=in_stock&limit=1')).json()) as { items: { iccid: string }[] };
    stockCard = page.items[0].iccid;
  }
  expect(iccids).not.toContain(stockCard);
  await coordinator.dispose();

  const row = page.locator(`[data-testid="packing-order-row"][data-order="${orderId}"]`);
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(row).toHaveAttribute('data-structure', String(DEMO_STRUCTURE.id));
  await expect(row).toContainText(DEMO_STRUCTURE.name);
  await expect(row.getByTestId('packing-state')).toHaveText('En préparation');
  await expect(row.getByTestId('packing-order-progress')).toHaveText(`0 / ${total}`);
  await expect(row.getByTestId('packing-order-link')).toHaveText(`CO-${String(orderId).padStart(6, '0')}`);

  // 2. Logistics lands on its parcels and opens the demo structure's.
  const logistics = await (await browser.newContext()).newPage();
  await login(logistics, users.logistics);
  await expect(logistics).toHaveURL(/\/packing$/);
  await expect(logistics.getByTestId('nav-packing')).toHaveAttribute('aria-current', 'page');
  await expect(logistics.getByTestId('packing-prepare')).toHaveCount(0);
  await logistics
    .locator(`[data-testid="packing-order-row"][data-order="${orderId}"]`)
    .getByTestId('packing-order-link')
    .click();
  await expect(logistics).toHaveURL(new RegExp(`/packing/${orderId}$`));
  const progress = logistics.getByTestId('packing-progress');
  await expect(progress).toHaveText(`0 / ${total}`);
  await expect(logistics.getByTestId('scan-banner')).toHaveText('Prêt\u202f: scannez la première carte.');
  await expect(logistics.getByTestId('packing-card')).toHaveCount(total);
  await expect(logistics.getByTestId('packing-close')).toBeDisabled();

  // The camera: its reader's WebAssembly comes from this server, never from a CDN.
  const requested: string[] = [];
  logistics.on('request', (request) => requested.push(request.url()));
  await expect(logistics.getByTestId('camera-open')).toHaveText('Scanner avec la caméra');
  const wasm = logistics.waitForResponse((r) => /\/assets\/zxing_reader-[\w-]+\.wasm$/.test(new URL(r.url()).pathname));
  await logistics.getByTestId('camera-open').click();
  const wasmResponse = await wasm;
  expect(new URL(wasmResponse.url()).origin).toBe(new URL(baseURL!).origin);
  expect(wasmResponse.status()).toBe(200);
  expect(wasmResponse.headers()['content-type']).toBe('application/wasm');
  await expect(logistics.getByTestId('camera')).toHaveAttribute('data-status', /^(running|reader_failed)$/);
  expect(requested.filter((url) => new URL(url).origin !== new URL(baseURL!).origin)).toEqual([]);
  await logistics.getByTestId('camera-close').click();
  await expect(logistics.getByTestId('camera')).toHaveCount(0);
  await logistics.getByTestId('scan-field').click();

  // 3. A good card: green, 1 / total, the card ticked, the field empty and ready again.
  const card0 = demoIccid(0);
  await scan(logistics, card0);
  await expectSignal(logistics, 'ok', 1);
  await expect(logistics.getByTestId('scan-message')).toHaveText(`${card0}\u202f: carte mise dans le colis.`);
  await expect(progress).toHaveText(`1 / ${total}`);
  await expect(logistics.locator(`[data-testid="packing-card"][data-iccid="${card0}"]`)).toHaveAttribute('data-state', 'packed');
  await expect(logistics.getByTestId('scan-field')).toHaveValue('');
  await expect(logistics.getByTestId('scan-field')).toBeFocused();

  // 4. The same card again: red, already scanned; the progress does not move.
  await scan(logistics, card0);
  await expectSignal(logistics, 'wrong', 2);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-outcome', 'scan_already_packed');
  await expect(logistics.getByTestId('scan-message')).toContainText('déjà scannée');
  await expect(progress).toHaveText(`1 / ${total}`);

  // 5. A card of the stock: not for this parcel.
  await scan(logistics, stockCard);
  await expectSignal(logistics, 'wrong', 3);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-outcome', 'scan_other_order');
  await expect(logistics.getByTestId('scan-message')).toContainText("pas pour ce colis");

  // 6. A card's number mistyped (its check digit is wrong): a typing error, not a card to set
  // aside; then a well-formed number that no card has.
  const typo = stockCard.slice(0, -1) + String((Number(stockCard.at(-1)) + 1) % 10);
  await scan(logistics, typo);
  await expectSignal(logistics, 'wrong', 4);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-outcome', 'scan_invalid');
  await expect(logistics.getByTestId('scan-message')).toContainText('numéro invalide, vérifiez la saisie');
  await scan(logistics, '8933109999999999995');
  await expectSignal(logistics, 'wrong', 5);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-outcome', 'scan_unknown');
  await expect(logistics.getByTestId('scan-message')).toContainText('aucune carte connue');
  // The last scans, newest first.
  const outcomes = await logistics.getByTestId('scan-log-entry').evaluateAll((items) => items.map((i) => i.getAttribute('data-outcome')));
  expect(outcomes).toEqual(['scan_unknown', 'scan_invalid', 'scan_other_order', 'scan_already_packed', 'packed']);
  await expect(progress).toHaveText(`1 / ${total}`);

  // 7. Card 5 is defective: a card from stock replaces it, to scan next.
  const card5 = demoIccid(5);
  await logistics.getByTestId('defective-toggle').click();
  await logistics.getByTestId('defective-field').fill(card5);
  await logistics.getByTestId('defective-submit').click();
  const replacement = logistics.getByTestId('replacement');
  await expect(replacement).toHaveAttribute('data-iccid', /^89\d{17,18}$/);
  const spare = (await replacement.getAttribute('data-iccid'))!;
  expect(spare).not.toBe(card5);
  await expect(replacement).toHaveText(`Remplacée par ${spare}\u202f: scannez-la.`);
  await expect(logistics.getByTestId('scan-banner')).toHaveAttribute('data-signal', 'replaced');
  await expect(logistics.locator(`[data-testid="packing-card"][data-iccid="${card5}"]`)).toHaveCount(0);
  await expect(logistics.locator(`[data-testid="packing-card"][data-iccid="${spare}"]`)).toHaveAttribute('data-state', 'reserved');
  await expect(logistics.getByTestId('packing-card')).toHaveCount(total);
  await scan(logistics, spare);
  await expectSignal(logistics, 'ok', 6);
  await expect(progress).toHaveText(`2 / ${total}`);

  // 8. The rest but one, one after the other as fast as a scanner goes.
  const rest = iccids.filter((iccid) => iccid !== card0 && iccid !== card5);
  const lastCard = rest.pop()!;
  for (const iccid of rest) await scan(logistics, iccid);
  await expect(progress).toHaveText(`${total - 1} / ${total}`);
  await expect(logistics.locator('[data-testid="scan-log-entry"][data-signal="ok"]')).toHaveCount(total - 1);
  await expect(logistics.getByTestId('scan-log-entry').first()).toHaveAttribute('data-signal', 'ok');
  await expect(logistics.getByTestId('packing-close')).toBeDisabled();
  await logistics.context().close();

  // 9. The last one with a phone's camera filming its barcode. Relais's content security policy
  // has no 'wasm-unsafe-eval' (yet), which the polyfill's WebAssembly needs where the browser has
  // no BarcodeDetector of its own: this page does without the policy to show the rest works.
  const phoneContext = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 812 } });
  await filmBarcode(phoneContext, await code128Svg(lastCard));
  const phone = await phoneContext.newPage();
  await login(phone, users.logistics);
  await phone.goto(`/packing/${orderId}`);
  const phoneProgress = phone.getByTestId('packing-progress');
  await expect(phoneProgress).toHaveText(`${total - 1} / ${total}`);
  await phone.getByTestId('camera-open').click();
  await expect(phone.getByTestId('camera')).toHaveAttribute('data-status', 'running');
  await expect(phone.getByTestId('scan-banner')).toHaveAttribute('data-signal', 'ok', { timeout: 10_000 });
  await expect(phone.getByTestId('scan-message')).toHaveText(`${lastCard}\u202f: carte mise dans le colis.`);
  await expect(phoneProgress).toHaveText(`${total} / ${total}`);
  // The card stays under the camera: read again and again, it is not scanned twice.
  await phone.waitForTimeout(2500);
  await expect(phone.getByTestId('scan-log-entry')).toHaveCount(1);
  await phone.getByTestId('camera-close').click();
  await expect(phone.locator('[data-testid="packing-card"][data-state="packed"]')).toHaveCount(total);
  await expect(phone.getByTestId('packing-remaining')).toHaveText('Toutes les cartes sont dans le colis\u202f: vous pouvez le fermer.');

  // 10. Closed: the parcel is packed, the station gone.
  await phone.getByTestId('packing-close').click();
  await expect(phone.getByTestId('packing-close-confirm')).toContainText("On n'y scannera plus rien");
  await expect(phone.getByTestId('packing-state')).toHaveAttribute('data-state', 'open');
  await phone.getByTestId('packing-close-confirm-yes').click();
  await expect(phone.getByTestId('packing-state')).toHaveAttribute('data-state', 'packed');
  // The next step is offered: its shipment.
  await expect(phone.getByTestId('packing-go-ship')).toHaveAttribute('href', /^\/shipments\?new=\d+$/);
  await expect(phone.getByTestId('packing-state')).toHaveText('Prêt à partir');
  await expect(phone.getByTestId('scan-field')).toHaveCount(0);
  await expect(phone.getByTestId('packing-remaining')).toContainText('Colis fermé le');

  // 11. The documents open as PDF, with the session of the page.
  for (const testid of ['packing-list-pdf', 'label-pdf']) {
    const link = phone.getByTestId(testid);
    await expect(link).toHaveAttribute('target', '_blank');
    const response = await phone.request.get((await link.getAttribute('href'))!);
    expect(response.status(), testid).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }

  // Logistics' list shows the parcels to prepare by default: this one is no longer among them;
  // with every state, it shows packed, full.
  await phone.getByTestId('packing-back').click();
  await expect(phone.getByTestId('packing-filter-state')).toHaveValue('open');
  const packed = phone.locator(`[data-testid="packing-order-row"][data-order="${orderId}"]`);
  await expect(phone.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(packed).toHaveCount(0);
  await phone.getByTestId('packing-filter-state').selectOption('');
  await expect(packed).toHaveAttribute('data-state', 'packed');
  await expect(packed.getByTestId('packing-order-progress')).toHaveText(`${total} / ${total}`);
  await phoneContext.close();
});

test('a structure sees its parcel, read only, and has no station', async ({ page }) => {
  await login(page, users.structure);
  await expect(page.getByTestId('nav-packing')).toHaveCount(0);
  await page.goto('/packing');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Colis');
  await expect(page.getByTestId('packing-prepare')).toHaveCount(0);
  const rows = page.getByTestId('packing-order-row');
  await expect(rows.first()).toBeVisible();
  for (const structure of await rows.evaluateAll((items) => items.map((i) => i.getAttribute('data-structure')))) {
    expect(structure).toBe(String(DEMO_STRUCTURE.id));
  }
  await rows.first().getByTestId('packing-order-link').click();
  await expect(page.getByTestId('packing-progress')).toBeVisible();
  await expect(page.getByTestId('packing-read-only')).toBeVisible();
  await expect(page.getByTestId('scan-field')).toHaveCount(0);
  await expect(page.getByTestId('packing-close')).toHaveCount(0);
  await expect(page.getByTestId('packing-list-pdf')).toBeVisible();
});

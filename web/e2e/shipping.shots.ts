// Screenshots of the shipping screens, for a person to look at: the shipments and the new
// shipment form, a shipment with its moves, the incidents with a decision open, and the delivery
// page of a parcel on a 375 px phone (as its QR code opens it) and on a desktop.
// Run with `npm run shots` (after screens.shots.ts); images go to $SHOTS_DIR (default
// test-results/shots). The demo structure's parcel CO-000001 is packed and shipped through the API.
import { expect, test, type Page } from '@playwright/test';
import { apiSession, deliveryPathFromPackingList, login, packThroughApi, users } from './helpers';

const DIR = process.env.SHOTS_DIR ?? 'test-results/shots';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

async function shot(page: Page, name: string, fullPage = true) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.screenshot({ path: `${DIR}/${name}.png`, fullPage });
}

async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await login(page, email);
}

test('shipping screens', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);

  await login(page, users.logistics);
  await page.goto('/shipments');
  await expect(page.getByTestId('shipment-row').first()).toBeVisible();
  await shot(page, 'desktop-50-shipments-logistics');

  // The demo structure's parcel, closed, waits for a shipment.
  const logistics = await apiSession(baseURL!, users.logistics);
  await packThroughApi(logistics, 1);
  await page.getByTestId('shipment-new').click();
  await expect(page.getByTestId('shipment-parcel').first()).toBeVisible();
  await page.getByTestId('shipment-create').click();
  await expect(page.getByTestId('error-carrier')).toBeVisible();
  await shot(page, 'desktop-51-shipment-form-errors');
  await page.getByTestId('field-carrier').selectOption('COLISSIMO');
  await page.getByTestId('field-tracking_number').fill('6A20261126001');
  await page.locator('[data-testid="shipment-parcel"][data-order="1"]').getByTestId('shipment-parcel-check').check();
  await page.getByTestId('shipment-create').click();
  await expect(page.getByTestId('shipment-created')).toBeVisible();
  await shot(page, 'desktop-52-shipment-prepared');
  await page.getByTestId('shipment-ship').click();
  await page.getByTestId('shipment-transition-confirm').click();
  await expect(page.getByTestId('shipment-done')).toBeVisible();

  await switchTo(page, users.coordinator);
  await page.goto('/shipments');
  await expect(page.getByTestId('shipment-row').first()).toBeVisible();
  await shot(page, 'desktop-53-shipments-coordinator');
  await page.goto('/shipments/3');
  await page.getByTestId('shipment-declare_lost').click();
  await page.getByTestId('field-reason').fill('Réclamation Colissimo n° 4521');
  await shot(page, 'desktop-54-shipment-declare-lost');
  await page.goto('/incidents');
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await page.getByTestId('incident-row').first().getByTestId('incident-lost').click();
  await shot(page, 'desktop-55-incidents-review');

  // The delivery page as the QR code opens it, logged out first.
  const path = await deliveryPathFromPackingList(logistics, 1);
  await logistics.dispose();
  await page.context().clearCookies();
  await page.setViewportSize(PHONE);
  await page.goto(path);
  await expect(page.getByTestId('login-form')).toBeVisible();
  await shot(page, 'phone375-56-delivery-login');
  await page.getByTestId('login-email').fill(users.structure);
  await page.getByTestId('login-password').fill('relais-demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('delivery-all')).toBeVisible();
  await shot(page, 'phone375-57-delivery');
  await page.setViewportSize(DESKTOP);
  await shot(page, 'desktop-57-delivery');
  await page.setViewportSize(PHONE);

  await page.getByTestId('delivery-scan-start').click();
  const cards = (await (await page.request.get(path.replace('/deliveries/', '/api/v1/deliveries/'))).json()) as {
    sims: { iccid: string }[];
  };
  for (const { iccid } of cards.sims.slice(0, 4)) {
    await page.keyboard.type(iccid);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.type(cards.sims[1].iccid);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('delivery-scan-notice')).toHaveAttribute('data-kind', 'duplicate');
  await shot(page, 'phone375-58-delivery-scanning');
  await page.setViewportSize(DESKTOP);
  await shot(page, 'desktop-58-delivery-scanning');
  await page.setViewportSize(PHONE);

  await page.getByTestId('delivery-scan-submit').click();
  await expect(page.getByTestId('delivery-outcome')).toBeVisible();
  await shot(page, 'phone375-59-delivery-done');
  await page.setViewportSize(DESKTOP);
  await shot(page, 'desktop-59-delivery-done');

  await page.getByTestId('nav-deliveries').click();
  await expect(page.getByTestId('shipment-row').first()).toBeVisible();
  await shot(page, 'desktop-60-deliveries-structure');
  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await shot(page, 'desktop-61-incidents-structure');
  await page.setViewportSize(PHONE);
  await shot(page, 'phone375-61-incidents-structure');
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('nav-deliveries').click();
  await expect(page.getByTestId('shipment-row').first()).toBeVisible();
  await shot(page, 'phone375-60-deliveries-structure');
});

// The app has an icon: a SIM card in its primary colour, linked from every page and served
// by relais as SVG.
import { expect, test } from '@playwright/test';

test('every page links the SVG favicon, and the server sends it as image/svg+xml', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('type', 'image/svg+xml');

  const icon = await request.get('/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  const svg = await icon.text();
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg).toContain('#0172ad');
});

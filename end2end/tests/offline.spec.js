// (d) After one online visit to the home page only, the whole catalogue works with the network
// cut — reload, search, and service pages never visited — and with the server process stopped.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';

let server;
const total = countServices();
test.beforeAll(async () => { server = await startServer(3114); });
test.afterAll(async () => { await server.cleanup(); });

const networkState = (page) => page.evaluate(() => fetch('/healthz', { cache: 'no-store' }).then(() => 'reached', () => 'cut'));

test('network cut: reload, search and unvisited service pages work from the device', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);

  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');

  await page.reload();
  await interactive(page);
  await expect(page.getByRole('heading', { name: 'Peristiwa kehidupan' })).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toBeVisible();

  // search, on the device
  await page.getByRole('searchbox').fill('skck');
  await page.getByRole('button', { name: 'Cari' }).click();
  const hit = page.getByTestId('service-list').getByRole('link', { name: /SKCK/ });
  await expect(hit).toBeVisible();
  // a service page never visited
  await hit.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('SKCK');
  expect(await page.getByTestId('requirements').getByRole('checkbox').count()).toBeGreaterThan(1);

  // typed addresses of pages never visited (the service worker's offline shell, rendered on the phone)
  await page.goto(server.url + '/layanan/akta-kematian');
  await interactive(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Akta Kematian');
  await expect(page.getByRole('heading', { name: 'Persyaratan' })).toBeVisible();
  expect(await page.getByTestId('requirements').locator('li').count()).toBeGreaterThan(0);

  await page.goto(server.url + '/cari?q=npwp');
  await interactive(page);
  await expect(page.getByTestId('service-list').getByRole('link').first()).toContainText(/NPWP/);
  expect(await networkState(page)).toBe('cut');
});

test('server stopped: the app still opens, searches and shows any service', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);
  await server.stop();
  try {
    expect(await networkState(page)).toBe('cut');
    await page.reload();
    await interactive(page);
    await expect(page.getByRole('link', { name: `Semua layanan (${total})` })).toBeVisible();

    await page.goto(server.url + '/layanan/nib-usaha-mikro-kecil');
    await interactive(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('NIB');
    expect(await page.getByTestId('requirements').locator('li').count()).toBeGreaterThan(0);

    await page.goto(server.url + '/cari?q=kartu%20keluarga');
    await interactive(page);
    await expect(page.getByTestId('service-list').getByRole('link').nth(1)).toBeVisible();

    // and with the network cut as well
    await context.setOffline(true);
    await page.goto(server.url + '/layanan');
    await interactive(page);
    await expect(page.getByTestId('service-list').getByRole('link')).toHaveCount(total);
  } finally {
    await server.start();
  }
});

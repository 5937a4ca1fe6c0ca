// (f) Switching to English survives a reload, online and offline.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';

let server;
const total = countServices();
test.beforeAll(async () => { server = await startServer(3116); });
test.afterAll(async () => { await server.cleanup(); });

test('English is remembered across reloads, online and offline', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);
  await expect(page.getByRole('heading', { name: 'Kategori' })).toBeVisible();

  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { name: 'Categories' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(server.url + '/'); // switched in place, no trip to the server

  // online reload: the server renders English from the remembered choice
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Life events' })).toBeVisible();
  await interactive(page);

  // offline reload, and a page never visited
  await context.setOffline(true);
  await page.reload();
  await interactive(page);
  await expect(page.getByRole('heading', { name: 'Life events' })).toBeVisible();
  await page.goto(server.url + '/layanan/akta-kelahiran');
  await interactive(page);
  await expect(page.getByRole('heading', { name: 'Requirements' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Birth');

  // and back to Indonesian, offline
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { name: 'Persyaratan' })).toBeVisible();
  await page.reload();
  await interactive(page);
  await expect(page.getByRole('heading', { name: 'Persyaratan' })).toBeVisible();
});

// (a) With JavaScript off, pages are readable: they are rendered on the server.
import { test, expect } from '@playwright/test';
import { startServer, countServices } from './server.js';

let server;
test.beforeAll(async () => { server = await startServer(3111); });
test.afterAll(async () => { await server.cleanup(); });
test.use({ javaScriptEnabled: false });

test('home shows search, life events and categories without JavaScript', async ({ page }) => {
  const res = await page.goto(server.url + '/');
  expect(res.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('searchbox')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Peristiwa kehidupan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Kategori' })).toBeVisible();
  expect(await page.locator('.tiles a').count()).toBeGreaterThanOrEqual(6);
  await expect(page.getByRole('link', { name: `Semua layanan (${countServices()})` })).toBeVisible();
});

test('search results come from the server without JavaScript', async ({ page }) => {
  await page.goto(server.url + '/');
  await page.getByRole('searchbox').fill('paspor hilang');
  await page.getByRole('button', { name: 'Cari' }).click();
  await expect(page).toHaveURL(/\/cari\?q=paspor(\+|%20)hilang/);
  await expect(page.getByTestId('result-count')).toHaveText('1 layanan ditemukan');
  await expect(page.getByTestId('service-list').getByRole('link')).toContainText(/paspor/i);
});

test('a service page shows its whole standard without JavaScript', async ({ page }) => {
  const res = await page.goto(server.url + '/layanan/ktp-el-baru');
  expect(res.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('KTP-el');
  for (const h of ['Persyaratan', 'Prosedur', 'Biaya', 'Jangka waktu penyelesaian', 'Produk layanan', 'Tempat layanan', 'Dasar hukum', 'Kontak dan pengaduan']) {
    await expect(page.getByRole('heading', { name: h, exact: true })).toBeVisible();
  }
  expect(await page.getByTestId('requirements').locator('li').count()).toBeGreaterThan(0);
  await expect(page.getByTestId('verified')).toContainText('Terakhir diverifikasi');
  await expect(page.locator('.facts')).toContainText('Gratis');
});

test('an unknown service is a 404 page, in the language of the site', async ({ page }) => {
  const res = await page.goto(server.url + '/layanan/tidak-ada');
  expect(res.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
});

test('the language switch works without JavaScript (through the server)', async ({ page }) => {
  await page.goto(server.url + '/layanan/paspor-baru');
  await page.getByTestId('lang-switch').click();
  await expect(page).toHaveURL(server.url + '/layanan/paspor-baru');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Requirements' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('passport');
});

test('without JavaScript, a form can be read to prepare, and the phone-only pages say why they are empty', async ({ page }) => {
  // The service page offers the form; the form's address lists what it will ask (sections and
  // questions) so the citizen can get documents ready, and leads into the server's own form,
  // which needs no JavaScript (issue 13; nojs-apply.spec.js fills it in).
  await page.goto(server.url + '/layanan/ktp-el-baru');
  await page.getByTestId('apply').click();
  await expect(page).toHaveURL(server.url + '/ajukan/ktp-el-baru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Formulir');
  await expect(page.getByRole('heading', { name: 'Data pemohon' })).toBeVisible();
  await expect(page.locator('main')).toContainText('NIK');
  await expect(page.getByTestId('web-form-start').getByRole('link')).toHaveAttribute('href', '/formulir/ktp-el-baru');
  // A service without a form has no form page.
  expect((await page.goto(server.url + '/ajukan/tidak-ada')).status()).toBe(404);
  // Applications live on the phone: the server has nothing to show and says so.
  const mine = await page.goto(server.url + '/permohonan');
  expect(mine.status()).toBe(200);
  await expect(page.locator('main')).toContainText('tersimpan di perangkat Anda, sehingga memerlukan JavaScript');
});

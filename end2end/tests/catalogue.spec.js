// (b) Hydrated: search, open a result, tick a requirement; the tick survives a reload.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, interactive, syncQuery, offlineReady, countServices } from './server.js';

let server;
test.beforeAll(async () => { server = await startServer(3112); });
test.afterAll(async () => { await server.cleanup(); });

test('search, open a result, tick a requirement, reload: still ticked', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await page.getByRole('searchbox').fill('sim perpanjangan');
  await page.getByRole('button', { name: 'Cari' }).click();
  await expect(page).toHaveURL(/\/cari\?q=sim(\+|%20)perpanjangan/);
  const results = page.getByTestId('service-list').getByRole('link');
  await expect(results.first()).toBeVisible();
  expect(await results.count()).toBeGreaterThanOrEqual(1);
  // every result holds both words somewhere; the first one has them in its name
  await expect(results.first()).toContainText(/perpanjangan/i);
  await results.first().click();
  await expect(page).toHaveURL(/\/layanan\/perpanjangan-sim/);
  const slug = new URL(page.url()).pathname.split('/').pop();

  const requirements = page.getByTestId('requirements').getByRole('checkbox');
  await expect(requirements.first()).toBeVisible();
  const n = await requirements.count();
  expect(n).toBeGreaterThan(1);
  await requirements.nth(1).check();
  await expect(requirements.nth(1)).toBeChecked();

  await page.reload();
  await interactive(page);
  const after = page.getByTestId('requirements').getByRole('checkbox');
  await expect(after.nth(1)).toBeChecked();
  await expect(after.nth(0)).not.toBeChecked();
  // kept on the device, per service
  const stored = await page.evaluate((s) => localStorage.getItem(`loket.ticks.${s}`), slug);
  expect(JSON.parse(stored)).toHaveLength(1);

  // unticking is remembered too
  await after.nth(1).uncheck();
  await page.reload();
  await interactive(page);
  await expect(page.getByTestId('requirements').getByRole('checkbox').nth(1)).not.toBeChecked();
});

test('search ignores case, prefers services with every word, says when it offers fewer, and when nothing matches', async ({ page }) => {
  await page.goto(server.url + '/cari?q=AKTA%20kelahiran');
  await interactive(page);
  await expect(page.getByTestId('service-list').getByRole('link').first()).toContainText('Akta Kelahiran');
  await expect(page.getByTestId('partial')).toHaveCount(0);
  // no service is both a birth certificate and a passport: those with one of the words, flagged
  await page.goto(server.url + '/cari?q=akta%20paspor');
  await expect(page.getByTestId('partial')).toContainText('Tidak ada layanan yang memuat semua kata Anda');
  await expect(page.getByTestId('service-list').getByRole('link').first()).toBeVisible();
  await page.goto(server.url + '/cari?q=qqqq%20zzzz');
  await expect(page.getByTestId('result-count')).toHaveText('0 layanan ditemukan');
  await expect(page.getByText('Tidak ada layanan yang cocok')).toBeVisible();
});

test('a category page lists its services and links to them', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await page.locator('section[aria-labelledby="categories"] .tiles a').first().click();
  await expect(page).toHaveURL(/\/kategori\//);
  const links = page.getByTestId('service-list').getByRole('link');
  await expect(links.first()).toBeVisible();
  await links.first().click();
  await expect(page.getByTestId('service')).toBeVisible();
});

test('a page the arriving catalogue leaves as it was is not written again', async ({ page }) => {
  // A first visit: the server sends the page once, and its hydration data only a fingerprint
  // of it, so the app takes the page's HTML from the document. When the catalogue lands on the
  // phone the page is rendered again from the phone's copy: the same page, so the document
  // must not be touched (the reader's place, focus and selection stay).
  await page.goto(server.url + '/layanan/akta-kelahiran');
  await interactive(page);
  const sent = await page.evaluate(async () => {
    document.querySelector('div.page h1').__kept = true;
    const html = await (await fetch(location.href)).text();
    const start = html.indexOf('<div class="page">') + 18;
    return html.slice(start, html.indexOf('</div></main>', start));
  });
  // The document's copy is not the server's string byte for byte, so without the fingerprint
  // the re-render would compare unequal and write the page again.
  expect(await page.evaluate(() => document.querySelector('div.page').innerHTML)).not.toBe(sent);
  await page.getByTestId('offline-ready').waitFor();
  // Rendered again from the phone's copy once it is complete: the page's nodes are the same.
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => document.querySelector('div.page h1').__kept)).toBe(true);
});

test('what the citizen is typing survives the catalogue arriving on the phone', async ({ page }) => {
  // Hold the first catalogue download until the citizen has typed, then let it land — with a
  // change on the server meanwhile, so the page is re-rendered under the citizen's fingers.
  let release;
  const typed = new Promise((r) => { release = r; });
  await page.route('**/api/catalogue/sync?*', async (route) => { await typed; await route.continue(); });
  const own = await startServer(3118); // this test changes the catalogue
  try {
    const server = own;
    await page.goto(server.url + '/');
    await interactive(page);
    await expect(page.getByRole('link', { name: /Semua layanan \(30\)/ })).toBeVisible();
    await page.getByRole('searchbox').pressSequentially('akta kelahiran');
    const file = join(server.catalogue, 'kemenag.toml');
    writeFileSync(file, readFileSync(file, 'utf8').split('[[service]]')[0]);
    expect(server.importCatalogue(file)).toMatch(/1 withdrawn/);
    const synced = page.waitForResponse((r) => syncQuery(r.url()) !== null);
    release();
    // The phone's first sync: the national scope's outlines from its start, held until now, so
    // it carries the catalogue as it is after the import.
    const first = await synced;
    expect(syncQuery(first.url())).toEqual({ scope: '', since: '0', after: '', outline: 'true' });
    const body = await first.json();
    expect(body.changed).toHaveLength(29);
    expect(body.more).toBe(false);
    await page.getByTestId('offline-ready').waitFor();
    await expect(page.getByRole('link', { name: /Semua layanan \(29\)/ })).toBeVisible();
    await expect(page.getByRole('searchbox')).toHaveValue('akta kelahiran');
    await expect(page.getByRole('searchbox')).toBeFocused();
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect(page).toHaveURL(/\/cari\?q=akta(\+|%20)kelahiran/);
  } finally {
    await own.cleanup();
  }
});

test('a first catalogue sync that gets no answer is tried again soon, with no online event to wake it', async ({ browser }) => {
  // The first visit's sync fails as a dropped connection does; the phone must not wait for the
  // next periodic round (ten minutes) or for an "online" event that does not come.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let asks = 0;
  await page.route('**/api/catalogue/sync?*', async (route) => {
    asks += 1;
    if (asks === 1) await route.abort('internetdisconnected');
    else await route.continue();
  });
  try {
    await page.goto(server.url + '/');
    await interactive(page);
    await offlineReady(page, countServices());
    expect(asks).toBeGreaterThanOrEqual(2);
  } finally {
    await ctx.close();
  }
});

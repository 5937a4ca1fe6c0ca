// Long lists come 50 services to a page (issue 14: a national catalogue lists hundreds in a
// category). A generated catalogue of 300 services is imported with the real CLI while the server
// runs (its pages follow the import at once); the server pages /layanan without JavaScript, and
// the phone renders the same page of the same list from its own copy with the network cut.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, interactive, offlineReady, networkState, BIN, CATALOGUE } from './server.js';

let server;
let generated;
test.describe.configure({ timeout: 120_000 });
test.beforeAll(async () => {
  server = await startServer(3231);
  generated = join(mkdtempSync(join(tmpdir(), 'loket-generated-')), 'catalogue');
  execFileSync(BIN, ['--catalogue', CATALOGUE, '--log', 'warn', 'generate-catalogue',
    '--services', '300', '--agencies', '20', '--provinces', '3', generated], { encoding: 'utf8' });
  server.importCatalogue(generated);
});
test.afterAll(async () => {
  await server.cleanup();
  rmSync(join(generated, '..'), { recursive: true, force: true });
});

const cards = (page) => page.locator('[data-testid="service-list"] .card-title');
// Services are told apart by their addresses: two offices may offer services of one name.
const links = (page) => page.locator('[data-testid="service-list"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
const pager = (page) => page.getByTestId('pager');

test('the server lists 300 services 50 to a page, without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/layanan');
  await expect(page.locator('p.count')).toHaveText('300 layanan');
  await expect(cards(page)).toHaveCount(50);
  await expect(pager(page)).toContainText('Halaman 1 dari 6');
  const first = await links(page);
  await pager(page).getByRole('link', { name: /Berikutnya/ }).click();
  await expect(page).toHaveURL(server.url + '/layanan?hal=2');
  await expect(cards(page)).toHaveCount(50);
  await expect(pager(page)).toContainText('Halaman 2 dari 6');
  const second = await links(page);
  expect(second).toHaveLength(50);
  expect(second.filter((href) => first.includes(href))).toEqual([]);
  // The last page holds the rest, and links back only.
  await page.goto(server.url + '/layanan?hal=6');
  await expect(cards(page)).toHaveCount(50);
  await expect(pager(page).getByRole('link')).toHaveCount(1);
  // A page past the end is the last one.
  await page.goto(server.url + '/layanan?hal=99');
  await expect(pager(page)).toContainText('Halaman 6 dari 6');
  await context.close();
});

test('offline, the phone renders the same page of the list from its own copy', async ({ page, context }) => {
  // The phone keeps the national services and the provinces chosen: here every province the
  // generated catalogue has, so its copy holds the server's whole list.
  const provinces = [...new Set(execFileSync('sh', ['-c', `grep -ho '^province *= *"[0-9]*"' "${generated}"/*.toml || true`], { encoding: 'utf8' }).match(/\d\d/g) || [])];
  expect(provinces).toHaveLength(3);
  await context.addCookies([{ name: 'loket_provinsi', value: provinces.join('.'), url: server.url }]);
  await page.goto(server.url + '/layanan?hal=2');
  await interactive(page);
  const fromServer = await links(page);
  expect(fromServer).toHaveLength(50);
  await offlineReady(page, 300);

  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');
  await page.goto(server.url + '/layanan?hal=3');
  await interactive(page);
  await expect(pager(page)).toContainText('Halaman 3 dari 6');
  await pager(page).getByRole('link', { name: /Sebelumnya/ }).click();
  await expect(page).toHaveURL(server.url + '/layanan?hal=2');
  await expect(pager(page)).toContainText('Halaman 2 dari 6');
  await expect(cards(page)).toHaveCount(50);
  expect(await links(page)).toEqual(fromServer);
});

// A new version of the app waits and is offered as "Perbarui / Update"; it never takes over a
// page by itself, and after the update the page runs on the new worker and its caches only.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';

let server;
test.beforeAll(async () => { server = await startServer(3117); });
test.afterAll(async () => { await server.cleanup(); });

const cacheNames = (page) => page.evaluate(async () => (await caches.keys()).sort());
const swVersion = (page) => page.evaluate(async () => (await (await fetch('/sw.js')).text()).match(/VERSION = "([0-9a-f]+)"/)[1]);

test('a new version is offered, not forced, and replaces the old caches when accepted', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, countServices());
  const oldVersion = await swVersion(page);
  expect(await cacheNames(page)).toContain(`loket-shell-${oldVersion}`);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);

  // The server is redeployed as a new release.
  await server.stop();
  await server.start(['--release-tag', 'second-release']);
  const newVersion = await swVersion(page);
  expect(newVersion).not.toBe(oldVersion);

  await page.reload();
  await interactive(page);
  // installed and waiting: offered, while the old worker still serves this page
  await expect(page.getByTestId('update-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('update-banner')).toContainText('Versi baru tersedia');
  expect(await cacheNames(page)).toContain(`loket-shell-${oldVersion}`);

  // Accepted: the new worker takes over and the page reloads on it (once its reload is done,
  // not while the old page still runs).
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 }),
    page.getByRole('button', { name: 'Perbarui' }).click(),
  ]);
  await interactive(page);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  expect(await cacheNames(page)).toContain(`loket-shell-${newVersion}`);
  // No cache of the old version is left, and none comes back while the page is used (an old
  // worker's late write once brought one back after the new worker had deleted it).
  await expect.poll(() => cacheNames(page), { timeout: 10_000 }).not.toContainEqual(expect.stringContaining(oldVersion));
  await page.reload();
  await interactive(page);
  const names = await cacheNames(page);
  expect(names).toContain(`loket-shell-${newVersion}`);
  expect(names.filter((n) => n.includes(oldVersion))).toEqual([]);
});

// (h) Following a request: the receipt carries a PIN; on another device the reference + PIN
// find the request and keep it there; its timeline stays readable offline; the citizen can
// cancel before review; wrong PINs are limited.
import { test, expect } from '@playwright/test';
import { startServer, interactive, countServices } from './server.js';
import { REFERENCE, sendKtp } from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3164); });
test.afterAll(async () => { await server.cleanup(); });

test('the receipt gives a PIN; another device finds the request with it and keeps it, offline too', async ({ browser }) => {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  const { id, reference, pin } = await sendKtp(page, server, total);
  expect(reference).toMatch(REFERENCE);
  expect(pin).toMatch(/^\d{6}$/);
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'submitted');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(1);

  // Another device, no account: the tracking page.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(server.url + '/lacak');
  await interactive(page2);
  const wrong = pin === '000000' ? '111111' : '000000';
  await page2.locator('#f-reference').fill(reference.toLowerCase());
  await page2.locator('#f-pin').fill(wrong);
  await page2.getByTestId('track').click();
  await expect(page2.getByTestId('track-error')).toContainText('tidak cocok');
  await page2.locator('#f-pin').fill(pin);
  await page2.getByTestId('track').click();
  await page2.waitForURL(`**/permohonan/${id}`);
  await expect(page2.getByTestId('reference')).toHaveText(reference);
  await expect(page2.getByTestId('request-status')).toHaveAttribute('data-status', 'submitted');
  await expect(page2.getByTestId('timeline').locator('li')).toHaveCount(1);
  // Kept on that device: listed, and readable with the network cut.
  await page2.goto(server.url + '/permohonan');
  await expect(page2.locator(`[data-testid="app-item"][data-id="${id}"]`)).toHaveAttribute('data-state', 'sent');
  await page2.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
  await other.setOffline(true);
  await page2.goto(server.url + `/permohonan/${id}`);
  await expect(page2.getByTestId('reference')).toHaveText(reference);
  await expect(page2.getByTestId('timeline').locator('li')).toHaveCount(1);
  await other.setOffline(false);

  // The first device cancels (before review): the status and timeline say so, and the other
  // device learns it from request_updates the next time it looks.
  await page.getByTestId('cancel-request').click();
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('cancel-request')).toHaveCount(0);
  await page2.goto(server.url + '/permohonan');
  await interactive(page2);
  await expect(page2.getByTestId('updates-notice')).toBeVisible({ timeout: 30_000 });
  await expect(page2.locator(`[data-testid="app-item"][data-id="${id}"] [data-testid="new-update"]`)).toBeVisible();
  await page2.goto(server.url + `/permohonan/${id}`);
  await expect(page2.getByTestId('request-status')).toHaveAttribute('data-status', 'cancelled');
  await phone.close();
  await other.close();
});

test('wrong PINs for one reference are limited', async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const { reference, pin } = await sendKtp(page, server, total);
  const guess = await browser.newContext();
  const p = await guess.newPage();
  await p.goto(server.url + '/lacak');
  await interactive(p);
  await p.locator('#f-reference').fill(reference);
  const wrong = pin === '999999' ? '888888' : '999999';
  for (let i = 0; i < 5; i++) {
    await p.locator('#f-pin').fill(wrong);
    await p.getByTestId('track').click();
    await expect(p.getByTestId('track-error')).toContainText('tidak cocok');
    await p.getByTestId('track-error').evaluate((e) => { e.hidden = true; e.textContent = ''; });
  }
  // The sixth try is refused even with the right PIN.
  await p.locator('#f-pin').fill(pin);
  await p.getByTestId('track').click();
  await expect(p.getByTestId('track-error')).toContainText('Terlalu banyak percobaan');
  await ctx.close();
  await guess.close();
});

test('news asked for while an ask is still under way is not lost: another ask follows it', async ({ browser }) => {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await sendKtp(page, server, total);
  // The phone's next ask for news is held, as on a slow connection; later ones go through.
  let asks = 0;
  let hold;
  const held = new Promise((resolve) => { hold = resolve; });
  await phone.route('**/api/requests/updates', async (route) => {
    asks += 1;
    if (asks === 1) hold(route);
    else await route.continue();
  });
  await page.reload();
  const first = await held;
  // Meanwhile the connection drops and comes back: the browser says "online", which asks again.
  await phone.setOffline(true);
  await phone.setOffline(false);
  // The held ask then fails, as a dropped connection does. The ask made meanwhile must still
  // happen (it was once dropped because a round was running, until the next 5-minute tick).
  await first.abort('internetdisconnected');
  await expect.poll(() => asks, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'submitted');
  await phone.close();
});

test('an ask for news that gets no answer is tried again soon, with no online event to wake it', async ({ browser }) => {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await sendKtp(page, server, total);
  // The browser says "online", but the phone's asks get nowhere, as just after a connection
  // returns (Chromium fires "online" before its fetches always get through): the first two
  // fail. Nothing else happens on the page, so only a retry of the phone's own can ask again
  // (before, the next ask was the 5-minute tick).
  let asks = 0;
  await phone.route('**/api/requests/updates', async (route) => {
    asks += 1;
    if (asks <= 2) await route.abort('internetdisconnected');
    else await route.continue();
  });
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/requests/updates') && r.status() === 200, { timeout: 30_000 });
  await page.reload();
  await answered;
  expect(asks).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'submitted');
  await phone.close();
});

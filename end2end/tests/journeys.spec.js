// Issue 10's journeys, one test each: someone holding a receipt reaches tracking from the home
// page in one tap and is understood when typing the PIN as the receipt shows it; every input
// kind, passwords included, is styled as a full-size field.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';
import { startApplication, fillKtp, submit, untilState } from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3167); });
test.afterAll(async () => { await server.cleanup(); });

test('a person with a receipt reaches tracking from the home page in one tap', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  const door = page.getByTestId('track-door');
  await door.getByRole('link', { name: 'Lacak permohonan' }).click();
  await expect(page).toHaveURL(server.url + '/lacak');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lacak permohonan');
});

test('the PIN is accepted as the receipt shows it ("283 599"); empty fields are named', async ({ browser }) => {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await page.goto(server.url + '/');
  await offlineReady(page, total);
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page);
  await submit(page);
  await untilState(page, 'sent', 60_000);
  const reference = (await page.getByTestId('reference').innerText()).trim();
  const pin = (await page.getByTestId('pin').innerText()).trim();
  expect(pin).toMatch(/^\d{6}$/);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(server.url + '/lacak');
  await interactive(page2);
  // Nothing typed: the summary names the reference, not "does not match".
  await page2.getByTestId('track').click();
  await expect(page2.getByTestId('track-error')).toHaveText('Masukkan nomor referensi dari tanda terima.');
  await page2.locator('#f-reference').fill(reference);
  await page2.getByTestId('track').click();
  await expect(page2.getByTestId('track-error')).toHaveText('Masukkan PIN dari tanda terima.');
  // Typed as printed, with a space: all seven characters fit and the request is found.
  const spaced = `${pin.slice(0, 3)} ${pin.slice(3)}`;
  await page2.locator('#f-pin').fill(spaced);
  await expect(page2.locator('#f-pin')).toHaveValue(spaced);
  await page2.getByTestId('track').click();
  await page2.waitForURL(`**/permohonan/${id}`);
  await expect(page2.getByTestId('reference')).toHaveText(reference);
  await phone.close();
  await other.close();
});

test('password fields are full-size fields like the login beside them', async ({ page }) => {
  for (const path of ['/akun', '/staff']) {
    await page.goto(server.url + path);
    const password = page.locator('input[type=password]').first();
    const login = page.locator('form.form input[type=text], form.form input[type=email], form.form input[type=tel]').first();
    await expect(password).toBeVisible();
    const p = await password.boundingBox();
    const l = await login.boundingBox();
    expect(p.height, `${path}: password field height`).toBeGreaterThanOrEqual(44);
    expect(Math.abs(p.width - l.width), `${path}: as wide as the login field`).toBeLessThan(2);
  }
});

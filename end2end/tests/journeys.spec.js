// Issue 10's journeys, one test each: someone holding a receipt reaches tracking from the home
// page (or any page's footer) in one tap and is understood when typing the PIN as the receipt
// shows it; every input kind, passwords included, is styled as a full-size field; searches
// forgive typos and everyday words and never end in a dead end (online and offline); staff
// sign-in names empty fields in the page's language; an address that is no application is 404.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, syncQuery } from './server.js';
import { sendKtp } from './forms.js';
import { expectAccessible } from './a11y.js';

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
  const { id, reference, pin } = await sendKtp(page, server, total);
  expect(pin).toMatch(/^\d{6}$/);

  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(server.url + '/lacak');
  await interactive(page2);
  // Nothing typed: the summary names the reference, not "does not match".
  await page2.getByTestId('track').click();
  await expect(page2.getByTestId('track-error')).toHaveText('Masukkan nomor referensi dari tanda terima.');
  await expect(page2).toHaveTitle(/^Kesalahan: Lacak permohonan/);
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

test('the error title stays when the catalogue arrives under the page, and goes with the page', async ({ page }) => {
  // Hold the first catalogue download until the error is shown: its arrival re-reads the page
  // and sets the title again (this once lost "Kesalahan: " in CI).
  let release;
  const shown = new Promise((r) => { release = r; });
  await page.route('**/api/catalogue/sync?*', async (route) => { await shown; await route.continue(); });
  await page.goto(server.url + '/lacak');
  await interactive(page);
  await page.getByTestId('track').click();
  await expect(page.getByTestId('track-error')).toBeVisible();
  await expect(page).toHaveTitle('Kesalahan: Lacak permohonan · Loket');
  const synced = page.waitForResponse((r) => syncQuery(r.url()) !== null);
  release();
  const first = await synced;
  expect(syncQuery(first.url())).toEqual({ scope: '', since: '0', after: '', outline: 'true' });
  expect((await first.json()).changed).toHaveLength(total);
  await page.getByTestId('offline-ready').waitFor();
  await expect(page.getByTestId('track-error')).toBeVisible();
  await expect(page).toHaveTitle('Kesalahan: Lacak permohonan · Loket');
  // Another page and back: a fresh page, no errors, no prefix.
  await page.locator('a.brand').click();
  await expect(page).toHaveURL(server.url + '/');
  await page.getByTestId('footer-track').click();
  await expect(page).toHaveURL(server.url + '/lacak');
  await expect(page.getByTestId('track-error')).toBeHidden();
  await expect(page).toHaveTitle('Lacak permohonan · Loket');
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

test('the footer of every page leads to tracking, and axe passes on /lacak', async ({ page }) => {
  await page.goto(server.url + '/layanan/skck');
  await interactive(page);
  await page.getByTestId('footer-track').click();
  await expect(page).toHaveURL(server.url + '/lacak');
  await expectAccessible(page, '/lacak');
});

test('searches forgive typos and everyday words, and say how many in good English', async ({ page }) => {
  const first = async (q) => {
    await page.goto(server.url + '/cari?q=' + encodeURIComponent(q));
    await interactive(page);
    return page.getByTestId('service-list').getByRole('link').first();
  };
  await expect(await first('pasport')).toContainText('Paspor');
  await expect(await first('bikin ktp')).toContainText('KTP-el');
  await expect(await first('akte kelahran')).toContainText('Akta Kelahiran');
  // a sentence: the filler is dropped; "paspor anak" is one of the passport's keywords (synonyms
  // live in the catalogue data)
  await expect(await first('bagaimana cara membuat paspor untuk anak saya')).toContainText('Paspor');
  await expectAccessible(page, 'search results');
  // one result is "1 service", not "1 services"
  await page.goto(server.url + '/bahasa/en?next=' + encodeURIComponent('/cari?q=paspor hilang'));
  await expect(page.getByTestId('result-count')).toHaveText('1 service found');
});

test('a search that finds nothing offers ways forward, and an empty one is titled plainly', async ({ page }) => {
  await page.goto(server.url + '/cari?q=zxqv%20wrrrt');
  await interactive(page);
  await expect(page.getByTestId('result-count')).toHaveText('0 layanan ditemukan');
  const ways = page.getByTestId('no-results');
  await expect(ways).toContainText('memeriksa ejaannya');
  await expect(page.locator('#categories + ul.tiles a').first()).toBeVisible();
  await expect(page.locator('#life-events + ul.tiles a').first()).toBeVisible();
  await expectAccessible(page, 'no results');
  await ways.getByRole('link', { name: 'melihat semua layanan' }).click();
  await expect(page).toHaveURL(server.url + '/layanan');

  await page.goto(server.url + '/cari?q=');
  await interactive(page);
  await expect(page).toHaveTitle(/^Cari layanan/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cari layanan');
  await expect(page.locator('#categories + ul.tiles a').first()).toBeVisible();
  await expectAccessible(page, 'empty search');

  // a long query is cut at a whole word, never inside one, and can be typed in full
  const long = 'paspor '.repeat(14) + 'kelahiran';
  await page.getByRole('searchbox').fill(long);
  await expect(page.getByRole('searchbox')).toHaveValue(long);
  await page.goto(server.url + '/cari?q=' + encodeURIComponent(long));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hasil pencarian untuk “' + 'paspor '.repeat(14).trim() + '”');
});

test('offline, the phone searches its own copy and forgives the same typos', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await offlineReady(page, total);
  await context.setOffline(true);
  await page.getByRole('searchbox').fill('pasport');
  await page.getByRole('searchbox').press('Enter');
  await expect(page).toHaveURL(/\/cari\?q=pasport/);
  await expect(page.getByTestId('service-list').getByRole('link').first()).toContainText('Paspor');
  await page.getByRole('searchbox').fill('zxqv');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.getByTestId('no-results')).toBeVisible();
  await context.close();
});

test('staff sign-in names the empty fields in Indonesian, keeps the login after a failed try, keeps to the back office and says how to get an account', async ({ page }) => {
  await page.goto(server.url + '/staff');
  await interactive(page);
  await expect(page.getByTestId('staff-account-hint')).toContainText('admin instansi');
  // the citizen's links are not the back office's
  await expect(page.getByTestId('outbox-link')).toBeHidden();
  await expect(page.getByTestId('footer-track')).toBeHidden();
  await page.getByTestId('sign-in').click();
  await expect(page).toHaveURL(/\/staff\?gagal=kosong/);
  const summary = page.getByTestId('sign-in-error');
  await expect(summary).toContainText('Masukkan nomor HP atau email Anda');
  await expect(summary).toContainText('Masukkan kata sandi Anda');
  await expect(page).toHaveTitle(/^Kesalahan: /);
  await expect(page.locator('#f-login-error')).toHaveText('Masukkan nomor HP atau email Anda');
  await expectAccessible(page, 'staff sign-in with errors');
  // each line of the summary links to its field, which says what is wrong
  await expect(summary.getByRole('link', { name: 'Masukkan kata sandi Anda' })).toHaveAttribute('href', '#f-password');
  await expect(page.locator('#f-password')).toHaveAttribute('aria-describedby', 'f-password-error');
  // a wrong pair says so without "login"
  await page.locator('#f-login').fill('0812 0000 0000');
  await page.locator('#f-password').fill('bukan-sandinya-1');
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Nomor HP/email atau kata sandi salah');
  await expect(page.getByTestId('sign-in-error')).not.toContainText('Login');
  // the login typed comes back filled in; the password never does
  await expect(page.locator('#f-login')).toHaveValue('0812 0000 0000');
  await expect(page.locator('#f-password')).toHaveValue('');
});

test('an address that is no application answers 404', async ({ page }) => {
  const answer = await page.goto(server.url + '/permohonan/bukan-id');
  expect(answer.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
});

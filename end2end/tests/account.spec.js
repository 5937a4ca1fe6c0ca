// (j) Accounts are optional for citizens: an application made without one is claimed when the
// citizen creates an account on that phone, and then appears on another device after signing
// in there, with its timeline. Changing the password on one device signs the other out; after
// signing out, no copy of the account page (with the login) is kept on the phone.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';
import { startApplication, fillKtp, submit, untilState } from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3166); });
test.afterAll(async () => { await server.cleanup(); });

const LOGIN = '0812-7777-1234';
const PASSWORD = 'nasi goreng kampung';
const NEW_PASSWORD = 'soto ayam lamongan';

test('a request made before signing up follows the new account to another device', async ({ browser }) => {
  const phoneA = await browser.newContext();
  const a = await phoneA.newPage();
  await a.goto(server.url + '/');
  await offlineReady(a, total);
  const id = await startApplication(a, server, 'ktp-el-baru');
  await fillKtp(a);
  await submit(a);
  await untilState(a, 'sent', 60_000);
  const reference = (await a.getByTestId('reference').innerText()).trim();

  // Phone A: create the account from "Permohonan saya" (weak password first: refused, said why).
  await a.goto(server.url + '/permohonan');
  await interactive(a);
  await a.getByTestId('account-link').click();
  const up = a.getByTestId('account-up');
  await up.locator('input[name="login"]').fill(LOGIN);
  await up.locator('input[name="password"]').fill('12345678901');
  await up.locator('button').click();
  await expect(a.getByTestId('account-error')).toBeVisible();
  await expect(a.getByTestId('account-error')).toContainText('angka');
  await up.locator('input[name="password"]').fill(PASSWORD);
  await up.locator('button').click();
  await expect(a.getByTestId('signed-in-as')).toContainText('+6281277771234');

  // Phone B: a wrong password is refused; the right one shows the request made on phone A.
  const phoneB = await browser.newContext();
  const b = await phoneB.newPage();
  await b.goto(server.url + '/');
  await offlineReady(b, total);
  await b.goto(server.url + '/akun');
  await interactive(b);
  const signIn = b.getByTestId('account-in');
  await signIn.locator('input[name="login"]').fill(LOGIN);
  await signIn.locator('input[name="password"]').fill('bukan kata sandinya');
  await signIn.locator('button').click();
  await expect(b.getByTestId('account-error')).toBeVisible();
  await signIn.locator('input[name="password"]').fill(PASSWORD);
  await signIn.locator('button').click();
  await expect(b.getByTestId('signed-in-as')).toBeVisible();
  await b.goto(server.url + '/permohonan');
  const item = b.locator(`[data-testid="app-item"][data-id="${id}"]`);
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await item.locator('a').first().click();
  await expect(b.getByTestId('reference')).toHaveText(reference);
  await expect(b.getByTestId('timeline').locator('li')).toHaveCount(1);

  // Changing the password on phone B (a plain form): B stays signed in, phone A is signed out.
  await b.goto(server.url + '/akun');
  const change = b.getByTestId('change-password-form');
  await change.locator('#p-current').fill('bukan kata sandinya');
  await change.locator('#p-new').fill(NEW_PASSWORD);
  await Promise.all([b.waitForNavigation({ waitUntil: 'load' }), b.getByTestId('change-password').click()]);
  await expect(b.getByTestId('password-error')).toBeVisible();
  await b.getByTestId('change-password-form').locator('#p-current').fill(PASSWORD);
  await b.getByTestId('change-password-form').locator('#p-new').fill(NEW_PASSWORD);
  await Promise.all([b.waitForNavigation({ waitUntil: 'load' }), b.getByTestId('change-password').click()]);
  await expect(b.getByTestId('password-changed')).toBeVisible();
  await expect(b.getByTestId('signed-in-as')).toBeVisible();
  await a.goto(server.url + '/akun');
  await expect(a.getByTestId('account-in')).toBeVisible();

  // Signing out on phone B: the account page offers to sign in again.
  await b.goto(server.url + '/akun');
  await b.getByTestId('sign-out').click();
  await expect(b.getByTestId('account-in')).toBeVisible();
  // A shared phone: the service worker kept no copy of /akun (it showed the login), so offline
  // it shows nobody.
  const kept = await b.evaluate(async () => {
    const paths = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
    }
    return paths;
  });
  expect(kept.filter((p) => p === '/akun' || p.startsWith('/staff'))).toEqual([]);
  await phoneB.setOffline(true);
  await b.goto(server.url + '/akun').catch(() => {});
  await expect(b.locator('body')).not.toContainText('+6281277771234');
  await phoneA.close();
  await phoneB.close();
});

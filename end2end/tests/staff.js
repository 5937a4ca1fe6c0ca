// Back-office helpers for the browser tests: staff invited through the real API by a system
// admin that the real CLI made, and an invited officer's first sign-in (which must replace the
// temporary password before anything else).
import { execFileSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { BIN } from './server.js';

/** The temporary password the admin gives, and the one the officer chooses. */
export const TEMPORARY = 'kopi tubruk pagi 17';
export const OWN = 'teh manis sore hari 17';

/** Makes a system admin with the CLI, who invites `login` as `role` of `agency`. */
export async function invite(server, login, { agency = 'dukcapil', role = 'officer' } = {}) {
  await inviteAll(server, [{ login, role, agency }]);
}

/** Makes a system admin with the CLI (once: the CLI refuses a second), who invites each of
 * `people` ({login, role, agency = 'dukcapil'}). */
export async function inviteAll(server, people) {
  execFileSync(BIN, ['--data-dir', server.dataDir, '--log', 'warn', 'create-admin', '--login', 'root@loket.go.id'], {
    env: { ...process.env, LOKET_ADMIN_PASSWORD: 'rahasia negara 1945' },
  });
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'root@loket.go.id', password: 'rahasia negara 1945' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  for (const { login, role, agency = 'dukcapil' } of people) {
    const res = await fetch(`${server.url}/api/staff/invite`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ login, temporary_password: TEMPORARY, role, agency }),
    });
    expect(res.status, await res.text()).toBe(200);
  }
}

/** Signs the invited `login` in on /staff and replaces the temporary password; ends on the queue. */
export async function firstSignIn(page, server, login) {
  await page.goto(server.url + '/staff');
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(TEMPORARY);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  const form = page.getByTestId('change-password-form');
  await form.locator('#p-current').fill(TEMPORARY);
  await form.locator('#p-new').fill(OWN);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('change-password').click()]);
  await expect(page.getByTestId('queue-filters')).toBeVisible();
}

/** Signs `login` in on /staff with the password chosen at the first sign-in, or, on a server
 * where it never signed in (Playwright starts a new worker, and so a new server, after a
 * failure), signs in the first time; ends on the queue. */
export async function signIn(page, server, login) {
  await page.goto(server.url + '/staff');
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(OWN);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  if (await page.getByTestId('sign-in-error').count()) return firstSignIn(page, server, login);
  await expect(page.getByTestId('queue-filters')).toBeVisible();
}

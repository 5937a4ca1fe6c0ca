// Satisfaction (issue 11): the walk-in survey at the counter, answered without JavaScript
// through its plain form (a missing answer is named, a sent one thanked), its QR code, and the
// staff's IKM page, which shows nothing below five answers and the regulation's figures from
// the fifth on. Every new page state passes axe (WCAG 2.2 A/AA).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { startServer, BIN } from './server.js';
import { expectAccessible } from './a11y.js';

let server;
const SERVICE = 'akta-kelahiran'; // Dukcapil, free of charge
const OFFICER = 'petugas@dukcapil.go.id';
const PASSWORD = 'kopi tubruk pagi 17';
const OWN_PASSWORD = 'teh manis sore hari 17';
test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  server = await startServer(3191);
  execFileSync(BIN, ['--data-dir', server.dataDir, '--log', 'warn', 'create-admin', '--login', 'root@loket.go.id'], {
    env: { ...process.env, LOKET_ADMIN_PASSWORD: 'rahasia negara 1945' },
  });
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'root@loket.go.id', password: 'rahasia negara 1945' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const invite = await fetch(`${server.url}/api/staff/invite`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ login: OFFICER, temporary_password: PASSWORD, role: 'officer', agency: 'dukcapil' }),
  });
  expect(invite.status, await invite.text()).toBe(200);
});
test.afterAll(async () => { await server.cleanup(); });

/** Answers the walk-in survey in `page` (no JavaScript) with `values` for u1…u9 and sends it. */
async function answerWalkIn(page, values) {
  await page.goto(`${server.url}/survei/${SERVICE}`);
  for (const [i, v] of values.entries()) {
    const id = v === 1 ? `#f-u${i + 1}` : `#f-u${i + 1}-${v - 1}`;
    await page.locator(id).check();
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('survey-send').click()]);
  await expect(page.getByTestId('survey-thanks')).toBeVisible();
}

async function officerPage(browser) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + '/staff');
  await page.locator('#f-login').fill(OFFICER);
  await page.locator('#f-password').fill(PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  const form = page.getByTestId('change-password-form');
  await form.locator('#p-current').fill(PASSWORD);
  await form.locator('#p-new').fill(OWN_PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('change-password').click()]);
  await expect(page.getByTestId('queue-filters')).toBeVisible();
  return { ctx, page };
}

test('the walk-in survey works without JavaScript: nine questions, a missing answer named, thanks', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const res = await page.goto(`${server.url}/survei/${SERVICE}`);
  expect(res.status()).toBe(200);
  await expect(page.getByTestId('survey-service')).toContainText('Akta Kelahiran');
  await expect(page.locator('fieldset[data-unsur]')).toHaveCount(9);
  await expect(page.locator('input[type="radio"]')).toHaveCount(36);
  await expect(page.locator('fieldset[data-unsur="u4"] legend')).toContainText('biaya/tarif');
  // Only the first question answered: back with each missing one named and linked.
  await page.locator('#f-u1-3').check();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('survey-send').click()]);
  const summary = page.getByTestId('survey-error');
  await expect(summary).toBeVisible();
  await expect(summary.locator('a')).toHaveCount(8);
  await expect(summary.locator('a[href="#f-u2"]')).toContainText('Sistem, Mekanisme, dan Prosedur');
  expect(await page.title()).toMatch(/^Kesalahan: /);
  const missing = page.url();
  // All nine: thanks.
  await answerWalkIn(page, [4, 4, 4, 4, 4, 4, 4, 4, 4]);
  const thanks = page.url();
  // axe runs in the page's JavaScript: the same three states, in a browser with the app.
  const jsCtx = await browser.newContext();
  const withJs = await jsCtx.newPage();
  for (const [url, what] of [[`${server.url}/survei/${SERVICE}`, 'the walk-in survey'],
    [missing, 'the walk-in survey with missing answers'], [thanks, 'the walk-in survey, thanks']]) {
    await withJs.goto(url);
    await expect(withJs.locator('h1')).toHaveText('Survei Kepuasan Masyarakat');
    await expectAccessible(withJs, what);
  }
  await jsCtx.close();
  // The counter's QR code: an SVG drawn by the server.
  const qr = await fetch(`${server.url}/survei/${SERVICE}/qr.svg`);
  expect(qr.status).toBe(200);
  expect(qr.headers.get('content-type')).toBe('image/svg+xml');
  expect(await qr.text()).toContain('<svg');
  await ctx.close();
});

test('the staff IKM page shows nothing below five answers and the regulation\'s figures from five', async ({ browser }) => {
  const { ctx, page } = await officerPage(browser);
  // Reached from the back office's navigation.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('nav-ikm').click()]);
  const row = page.locator(`[data-testid="ikm-service"][data-service="${SERVICE}"]`);
  await expect(row.getByTestId('ikm-too-few')).toBeVisible();
  await expect(page.getByTestId('ikm-value')).toHaveCount(0);
  await expectAccessible(page, 'the IKM page below five answers');
  // Three more walk-in answers of all 4 (four in all): still nothing.
  const citizen = await browser.newContext({ javaScriptEnabled: false });
  const form = await citizen.newPage();
  for (let i = 0; i < 3; i++) await answerWalkIn(form, [4, 4, 4, 4, 4, 4, 4, 4, 4]);
  await page.reload();
  await expect(row.getByTestId('ikm-too-few')).toBeVisible();
  await expect(page.getByTestId('ikm-value')).toHaveCount(0);
  // The fifth, all 3: (4 × 36 + 27) × 25 / 45 = 95.00, grade A; NRR 3.80 on every unsur.
  await answerWalkIn(form, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
  await page.reload();
  await expect(row.getByTestId('ikm-value')).toHaveText('95,00');
  await expect(row.getByTestId('ikm-grade')).toContainText('A');
  await expect(row.locator('[data-testid="ikm-nrr"] tr[data-unsur="u3"] td')).toHaveText('3,80');
  // No request of this period: the sample needs none; five answers reached.
  await expect(row.getByTestId('ikm-sample')).toHaveText('5 / 0');
  await expect(page.getByTestId('ikm-agency').getByTestId('ikm-value')).toHaveText('95,00');
  await expectAccessible(page, 'the IKM page from five answers');
  // The whole year, through the period chooser.
  await page.selectOption('#f-periode', { index: 4 });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('ikm-period').locator('button').click()]);
  await expect(row.getByTestId('ikm-value')).toHaveText('95,00');
  await citizen.close();
  await ctx.close();
});

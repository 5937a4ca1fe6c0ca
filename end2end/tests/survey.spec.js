// Satisfaction (issue 11): the walk-in survey at the counter, answered without JavaScript
// through its plain form (a missing answer is named, a sent one thanked), its QR code, and the
// staff's IKM page, which shows nothing below five answers and the regulation's figures from
// the fifth on. Every new page state passes axe (WCAG 2.2 A/AA).
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, networkState } from './server.js';
import { startApplication, fillKtp, submit, untilState } from './forms.js';
import { expectAccessible } from './a11y.js';
import { invite, firstSignIn, signIn } from './staff.js';

let server;
const SERVICE = 'akta-kelahiran'; // Dukcapil, free of charge
const OFFICER = 'petugas@dukcapil.go.id';
test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  server = await startServer(3191);
  await invite(server, OFFICER);
});
test.afterAll(async () => { await server.cleanup(); });

/** Answers the walk-in survey in `page` (no JavaScript) with `values` for u1…u9 and sends it. */
async function answerWalkIn(page, values, service = SERVICE) {
  await page.goto(`${server.url}/survei/${service}`);
  for (const [i, v] of values.entries()) {
    const id = v === 1 ? `#f-u${i + 1}` : `#f-u${i + 1}-${v - 1}`;
    await page.locator(id).check();
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('survey-send').click()]);
  await expect(page.getByTestId('survey-thanks')).toBeVisible();
}

/** The officer in a browser of their own (the first time, replacing the temporary password). */
let signedInBefore = false;
async function officerPage(browser) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  if (signedInBefore) await signIn(page, server, OFFICER);
  else await firstSignIn(page, server, OFFICER);
  signedInBefore = true;
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

/** The IKM row of `service` on the officer's IKM page, reloaded. */
async function ikmRow(page, service) {
  await page.goto(`${server.url}/staff/ikm`);
  return page.locator(`[data-testid="ikm-service"][data-service="${service}"]`);
}

test('a completed request is surveyed on the phone offline, sent once when online, and moves the IKM', async ({ browser }) => {
  const KTP = 'ktp-el-baru';
  const citizenCtx = await browser.newContext();
  const citizen = await citizenCtx.newPage();
  await citizen.goto(server.url + '/');
  await offlineReady(citizen, countServices());
  const id = await startApplication(citizen, server, KTP);
  await fillKtp(citizen);
  // What the citizen expects, optional (KTP-el's standard promises no number of days, so the
  // days are not filled in): a cost that is not a number is named, and nothing is sent until
  // it is fixed.
  const expectation = citizen.getByTestId('expect');
  await expect(citizen.locator('#f-expect_days')).toHaveValue('');
  await expectAccessible(citizen, 'check your answers with the expectations');
  await citizen.locator('#f-expect_days').fill('10');
  await citizen.locator('#f-expect_cost').fill('gratis kan?');
  await citizen.getByTestId('submit').click();
  await expect(citizen.locator('#f-expect_cost-error')).toHaveText('Tulis angka bulat saja, atau kosongkan.');
  await expect(citizen).toHaveTitle(/^Kesalahan: /);
  await expect(citizen.getByTestId('app-state')).toHaveCount(0);
  await citizen.locator('#f-expect_cost').fill('Rp 0');
  await expectation.locator('#f-expect_ready-2').check();
  await submit(citizen);
  await untilState(citizen, 'sent', 60_000);
  // Not closed yet: no survey.
  await expect(citizen.getByTestId('survey')).toHaveCount(0);

  // The officer takes it to Selesai.
  const { ctx, page: officer } = await officerPage(browser);
  await officer.locator(`[data-testid="queue-item"][data-id="${id}"] a`).click();
  await officer.getByTestId('claim').click();
  await expect(officer.getByTestId('assigned')).toHaveText(OFFICER);
  for (const action of ['receive', 'review', 'approve', 'complete']) {
    const form = officer.getByTestId(`act-${action}`);
    await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
  }
  await expect(officer.getByTestId('staff-status')).toHaveAttribute('data-status', 'completed');
  // Four counter answers of all 4 for the same service: still fewer than five, nothing shown.
  const counter = await browser.newContext({ javaScriptEnabled: false });
  const form = await counter.newPage();
  for (let i = 0; i < 4; i++) await answerWalkIn(form, [4, 4, 4, 4, 4, 4, 4, 4, 4], KTP);
  let row = await ikmRow(officer, KTP);
  await expect(row.getByTestId('ikm-too-few')).toBeVisible();

  // The citizen's phone learns that the request is done and invites the survey, on the list
  // and on the request's page.
  await citizen.reload();
  await interactive(citizen);
  await expect(citizen.getByTestId('request-status')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await citizen.goto(server.url + '/permohonan');
  await expect(citizen.locator(`[data-testid="app-item"][data-id="${id}"]`).getByTestId('survey-invite')).toBeVisible();
  await citizen.locator(`[data-testid="app-item"][data-id="${id}"]`).getByTestId('survey-invite').click();
  const survey = citizen.getByTestId('survey');
  await expect(survey.locator('fieldset[data-unsur]')).toHaveCount(9);
  await expectAccessible(citizen, 'the survey of a completed request');

  // Offline: a missing answer is named; all nine are kept on the phone.
  await citizenCtx.setOffline(true);
  expect(await networkState(citizen)).toBe('cut');
  for (let u = 1; u <= 8; u++) await citizen.locator(`#f-u${u}-2`).check();
  await citizen.getByTestId('survey-send').click();
  await expect(citizen.locator('#survey [data-slot="error-summary"]')).toContainText('Jawab kesembilan pertanyaan');
  await citizen.locator('#f-u9-2').check();
  await citizen.getByTestId('survey-send').click();
  const state = citizen.getByTestId('survey-state');
  await expect(state).toHaveAttribute('data-sent', 'false');
  await expect(state).toContainText('tersimpan di ponsel ini');
  // A reload while offline keeps it; the agency has nothing yet.
  await citizen.reload();
  await expect(citizen.getByTestId('survey-state')).toHaveAttribute('data-sent', 'false');
  row = await ikmRow(officer, KTP);
  await expect(row.getByTestId('ikm-too-few')).toBeVisible();

  // Online: sent by itself, once.
  await citizenCtx.setOffline(false);
  await expect(citizen.getByTestId('survey-state')).toHaveAttribute('data-sent', 'true', { timeout: 30_000 });
  await expect(citizen.getByTestId('survey-state')).toContainText('Terima kasih');
  await expect(citizen.getByTestId('survey')).toHaveCount(0);
  // Four answers of 4 and this one of 3 on every unsur: (4 × 36 + 27) × 25 / 45 = 95.00.
  row = await ikmRow(officer, KTP);
  await expect(row.getByTestId('ikm-value')).toHaveText('95,00');
  await expect(row.getByTestId('ikm-sample')).toContainText('5 /');
  // Another round of the outbox (reconnecting) sends nothing more.
  await citizenCtx.setOffline(true);
  await citizenCtx.setOffline(false);
  await citizen.reload();
  await interactive(citizen);
  row = await ikmRow(officer, KTP);
  await expect(row.getByTestId('ikm-sample')).toContainText('5 /');
  await counter.close();
  await ctx.close();
  await citizenCtx.close();
});

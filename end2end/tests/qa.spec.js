// Questions on a service, answered in the open (issue 11): a citizen's question with a NIK is
// refused with the message and nothing is shown; a clean question is asked; an officer of the
// agency finds it in the back office's queue with its age, answers officially, accepts the
// answer and promotes it to the service's FAQ; the citizen's phone, offline after its next
// sync, shows the FAQ on the service page from its own copy of the catalogue. The question is
// asked offline on the service page and waits in the phone's outbox. axe on each new page state.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, networkState, syncQuery, phoneCopy } from './server.js';
import { expectAccessible } from './a11y.js';
import { invite, firstSignIn } from './staff.js';

let server;
const total = countServices();
const SERVICE = 'akta-kelahiran'; // Dukcapil
const OFFICER = 'petugas@dukcapil.go.id';
const QUESTION = 'Apakah akta kelahiran bisa diurus oleh kakek si anak?';
const ANSWER = 'Bisa, dengan surat kuasa dari orang tua dan KTP-el kakek.';
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  server = await startServer(3181);
  await invite(server, OFFICER);
});
test.afterAll(async () => { await server.cleanup(); });

/** Submits the form `form` (a plain post: the server answers with a page). */
async function post(page, form) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').first().click()]);
}

test('a NIK is refused by the server too, for a browser without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/layanan/${SERVICE}/tanya-jawab`);
  await expect(page.getByTestId('qa-none')).toBeVisible();
  await page.locator('#qa-body').fill('NIK saya 3201 0101 0190 0001, apakah bisa diwakilkan?');
  await post(page, page.getByTestId('qa-ask'));
  await expect(page.getByTestId('qa-refused')).toContainText('NIK (16 angka)');
  await expect(page.locator('body')).not.toContainText('3201 0101');
  await expect(page.getByTestId('qa-question')).toHaveCount(0);
  await ctx.close();
});

test('a question asked offline is sent once online, answered, accepted, promoted; the FAQ reads offline', async ({ browser }) => {
  const citizenCtx = await browser.newContext();
  const citizen = await citizenCtx.newPage();
  await citizen.goto(server.url + '/');
  await interactive(citizen);
  await offlineReady(citizen, total);
  const qaPage = `${server.url}/layanan/${SERVICE}/tanya-jawab`;
  await citizen.goto(qaPage);
  await expect(citizen.getByTestId('qa-none')).toBeVisible();
  await expectAccessible(citizen, 'the questions page, empty');

  // Offline, on the service page the phone renders from its own copy: a NIK is refused on the
  // phone before anything is kept; a clean question is kept for the outbox.
  await citizen.goto(server.url + '/');
  await interactive(citizen);
  await citizenCtx.setOffline(true);
  expect(await networkState(citizen)).toBe('cut');
  await citizen.getByRole('searchbox').fill('akta kelahiran');
  await citizen.getByRole('button', { name: 'Cari' }).click();
  await citizen.getByTestId('service-list').getByRole('link', { name: /Akta Kelahiran/ }).first().click();
  await expect(citizen.getByTestId('service')).toBeVisible();
  await citizen.locator('#qa-body').fill('NIK saya 3201 0101 0190 0001, apakah bisa diwakilkan?');
  await citizen.getByTestId('qa-ask').locator('button[type="submit"]').click();
  const summary = citizen.locator('[data-testid="service"] [data-slot="error-summary"]');
  await expect(summary).toContainText('NIK (16 angka)');
  await expect(citizen).toHaveTitle(/^Kesalahan: /);
  await citizen.locator('#qa-body').fill(QUESTION);
  await citizen.getByTestId('qa-ask').locator('button[type="submit"]').click();
  await expect(citizen.getByTestId('qa-queued')).toBeVisible();
  await expect(citizen.getByTestId('qa-ask')).toBeHidden();
  await expectAccessible(citizen, 'the service page with a question kept offline');
  // Nothing reached the server while offline.
  expect(await (await fetch(qaPage)).text()).not.toContain(QUESTION);
  // Online: the outbox sends it by itself, once.
  await citizenCtx.setOffline(false);
  await expect.poll(async () => (await fetch(qaPage)).text(), { timeout: 30_000 }).toContain(QUESTION);
  await citizen.goto(qaPage);
  await expect(citizen.getByTestId('qa-question')).toHaveCount(1);
  await expect(citizen.getByTestId('qa-question')).toContainText(QUESTION);
  await expectAccessible(citizen, 'the questions page, with the question');

  // The officer: the queue, an official answer, accept, promote.
  const officerCtx = await browser.newContext();
  const officer = await officerCtx.newPage();
  await firstSignIn(officer, server, OFFICER);
  await officer.goto(server.url + '/staff/tanya-jawab');
  const waiting = officer.getByTestId('qa-waiting');
  await expect(waiting).toHaveCount(1);
  await expect(waiting).toContainText(QUESTION);
  await expect(waiting).toContainText('Umur: 0 hari');
  await expectAccessible(officer, 'the unanswered questions queue');
  await waiting.locator('textarea[name="body"]').fill(ANSWER);
  await post(officer, waiting.getByTestId('qa-answer-form'));
  await expect(officer.getByTestId('qa-done')).toBeVisible();
  await expect(officer.getByTestId('qa-queue-empty')).toBeVisible();

  await officer.goto(qaPage);
  const answer = officer.getByTestId('qa-answer');
  await expect(answer.getByTestId('qa-official')).toHaveText('Jawaban resmi');
  await expectAccessible(officer, 'the questions page, for staff');
  await post(officer, answer.locator('form[action="/api/qa/accept"]'));
  await officer.goto(qaPage);
  await expect(officer.getByTestId('qa-accepted')).toBeVisible();
  await post(officer, officer.getByTestId('qa-answer').locator('form[action="/api/qa/promote"]'));
  await expect(officer.getByTestId('qa-sent')).toBeVisible();

  // The citizen's phone syncs once, then goes offline: the FAQ is on the service page, from
  // the phone's own copy (reached by the app's search, never loaded from the server).
  const delta = citizen.waitForResponse((r) => syncQuery(r.url()) !== null && r.status() === 200);
  await citizen.goto(server.url + '/');
  await interactive(citizen);
  const res = await delta;
  // The national scope from where the phone's first sync left it: only the promoted FAQ's service.
  const query = syncQuery(res.url());
  expect(query.scope).toBe('');
  expect(query.since).not.toBe('0');
  const body = await res.json();
  expect(body.changed.map((s) => s.slug)).toEqual([SERVICE]);
  expect(body.reset).toBe(false);
  // The page is stored in one IndexedDB transaction with the position after it.
  await expect.poll(async () => (await phoneCopy(citizen)).meta['at:']).toBe(`${body.since}/${body.after}`);
  await citizenCtx.setOffline(true);
  expect(await networkState(citizen)).toBe('cut');
  await citizen.getByRole('searchbox').fill('akta kelahiran');
  await citizen.getByRole('button', { name: 'Cari' }).click();
  await citizen.getByTestId('service-list').getByRole('link', { name: /Akta Kelahiran/ }).first().click();
  const faq = citizen.getByTestId('faq');
  await expect(faq).toContainText(QUESTION);
  await expect(faq).toContainText(ANSWER);
  await expect(citizen.getByTestId('faq-stale')).toHaveCount(0);
  await expectAccessible(citizen, 'the service page with its FAQ, offline');
  await citizenCtx.close();
  await officerCtx.close();
});

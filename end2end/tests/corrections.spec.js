// (issue 11, part 3) Corrections to the catalogue and who keeps it fresh: a citizen reports
// wrong information from a service page; an officer of the agency sees it on the dashboard and
// the desk, edits the field, sees the diff, publishes; a phone that was already synced, with
// the service page open, gets exactly that service in its next delta and shows the new text
// offline. "Masih benar" renews a verified date. The correction page works without JavaScript.
// Every new page passes axe.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, syncQuery } from './server.js';
import { expectAccessible } from './a11y.js';
import { invite, firstSignIn, signIn } from './staff.js';

let server;
const total = countServices();
const SERVICE = 'akta-kelahiran';
const OFFICER = 'petugas@dukcapil.go.id';
const NEW_TEXT = 'Paling lama 5 hari kerja sejak berkas lengkap.';
// A PNG as the server knows one: by its first bytes.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  server = await startServer(3182);
  await invite(server, OFFICER);
});
test.afterAll(async () => { await server.cleanup(); });

/** A full page load after `click`. */
async function load(page, click) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), click()]);
}

/** Today in Indonesia (WIB), as the server dates a verification. */
function todayWib() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

test('a reported mistake is fixed by the agency and reaches a synced phone in one delta', async ({ browser }) => {
  // The phone: synced, with the service page open; every page of the catalogue sync it fetches
  // is kept.
  const phoneCtx = await browser.newContext();
  const phone = await phoneCtx.newPage();
  const deltas = [];
  phone.on('response', async (r) => {
    const query = syncQuery(r.url());
    if (query) deltas.push({ query, body: await r.json() });
  });
  await phone.goto(`${server.url}/layanan/${SERVICE}`);
  await interactive(phone);
  await offlineReady(phone, total);
  await expect.poll(() => deltas.length).toBeGreaterThan(0);
  // The whole seed catalogue in one page of the national scope's outlines, from its start,
  // then in one page of its documents.
  expect(deltas[0].query).toEqual({ scope: '', since: '0', after: '', outline: 'true' });
  expect(deltas[0].body.changed).toHaveLength(total);
  await expect.poll(() => deltas.length).toBeGreaterThan(1);
  expect(deltas[1].query).toEqual({ scope: '', since: '0', after: '', catalogue: deltas[0].body.catalogue });
  const first = deltas[1].body;
  expect(first.changed).toHaveLength(total);
  expect(first.more).toBe(false);
  await expect(phone.locator('section[aria-labelledby="time"]')).not.toContainText(NEW_TEXT);

  // A citizen reports the mistake from the service page.
  const citizenCtx = await browser.newContext();
  const citizen = await citizenCtx.newPage();
  await citizen.goto(`${server.url}/layanan/${SERVICE}`);
  await interactive(citizen);
  await citizen.getByTestId('verified').getByRole('link', { name: 'Apakah informasi ini benar?' }).click();
  await expect(citizen.getByTestId('correction-form')).toBeVisible();
  await expectAccessible(citizen, 'the correction form');
  await citizen.locator('#f-field').selectOption('processing');
  await citizen.locator('#f-saw').fill('Tidak ada batas waktu');
  await citizen.locator('#f-should').fill(NEW_TEXT);
  await citizen.locator('#f-evidence').setInputFiles({ name: 'papan.png', mimeType: 'image/png', buffer: PNG });
  await load(citizen, () => citizen.getByTestId('correction-send').click());
  await expect(citizen.getByTestId('correction-thanks')).toBeVisible();
  await expectAccessible(citizen, 'the thanks');
  await citizenCtx.close();

  // The officer sees it on the dashboard and the desk, edits the field, sees the diff, publishes.
  const staffCtx = await browser.newContext();
  const officer = await staffCtx.newPage();
  await firstSignIn(officer, server, OFFICER);
  await officer.goto(server.url + '/staff/dasbor');
  await expect(officer.getByTestId('attention-corrections')).toContainText('Akta Kelahiran');
  await expectAccessible(officer, 'the dashboard with attention');
  await officer.goto(server.url + '/staff/layanan');
  const correction = officer.getByTestId('corrections').locator('li').first();
  await expect(correction.getByTestId('correction-should')).toHaveText(NEW_TEXT);
  await expect(correction.getByRole('link', { name: 'Buka foto' })).toBeVisible();
  await expectAccessible(officer, 'the desk');
  const row = officer.locator(`[data-testid="desk-services"] li[data-service="${SERVICE}"]`);
  await load(officer, () => row.getByRole('link', { name: 'Ubah', exact: true }).click());
  await expect(officer.getByTestId('edit-form')).toBeVisible();
  await expectAccessible(officer, 'the editor');
  const old = await officer.locator('#v-processing_id').inputValue();
  await officer.locator('#v-processing_id').fill(NEW_TEXT);
  await load(officer, () => officer.getByTestId('preview').click());
  const diff = officer.getByTestId('diff');
  await expect(diff.locator('tr[data-key="processing_id"] del')).toHaveText(old);
  await expect(diff.locator('tr[data-key="processing_id"] ins')).toHaveText(NEW_TEXT);
  await expectAccessible(officer, 'the preview');
  await load(officer, () => officer.getByTestId('publish').click());
  await expect(officer.getByTestId('history').locator('li').first()).toContainText(OFFICER);
  await expect(officer.getByTestId('history-diff').first()).toContainText(NEW_TEXT);
  await expectAccessible(officer, 'the history');
  // The correction is resolved, with a note.
  await officer.goto(server.url + '/staff/layanan');
  await officer.locator('#koreksi ~ ul li textarea').first().fill('Sudah diperbaiki.');
  await load(officer, () => officer.getByTestId('resolve').first().click());
  await expect(officer.getByTestId('no-corrections')).toBeVisible();

  // The phone, its service page still open, takes one delta when it comes back online: only
  // this service travels.
  await phoneCtx.setOffline(true);
  await phoneCtx.setOffline(false);
  const from = { scope: '', since: String(first.since), after: first.after, catalogue: first.catalogue };
  const carried = (d) => JSON.stringify(d.query) === JSON.stringify(from) && d.body.changed.length > 0;
  await expect.poll(() => deltas.some(carried)).toBe(true);
  const delta = deltas.find(carried).body;
  expect(delta.changed.map((s) => s.slug)).toEqual([SERVICE]);
  expect(delta.withdrawn).toEqual([]);
  expect(delta.changed[0].processing.id).toBe(NEW_TEXT);
  expect(delta.more).toBe(false);
  expect(delta.reset).toBe(false);
  // The open page re-reads the phone's copy.
  await expect(phone.locator('section[aria-labelledby="time"]')).toContainText(NEW_TEXT);
  // Offline, the phone's own copy shows the new text.
  await phoneCtx.setOffline(true);
  await phone.reload();
  await interactive(phone);
  await expect(phone.locator('section[aria-labelledby="time"]')).toContainText(NEW_TEXT);
  await phoneCtx.close();
  await staffCtx.close();
});

test('"Masih benar" renews the verified date', async ({ browser }) => {
  const staffCtx = await browser.newContext();
  const officer = await staffCtx.newPage();
  await signIn(officer, server, OFFICER);
  await officer.goto(server.url + '/staff/layanan');
  const row = officer.locator('[data-testid="desk-services"] li[data-service="ktp-el-baru"]');
  await expect(row.locator('time')).not.toHaveAttribute('datetime', todayWib());
  await load(officer, () => row.getByTestId('still-correct').click());
  await expect(officer.getByTestId('desk-note')).toBeVisible();
  await expect(officer.locator('[data-testid="desk-services"] li[data-service="ktp-el-baru"] time'))
    .toHaveAttribute('datetime', todayWib());
  await expectAccessible(officer, 'the desk after "Masih benar"');
  const page = await (await fetch(`${server.url}/layanan/ktp-el-baru`)).text();
  expect(page).toContain(`datetime="${todayWib()}"`);
  await staffCtx.close();
});

test('the correction page works without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/layanan/ktp-el-baru/koreksi`);
  // Nothing chosen: the form comes back with the problem named, and what was typed kept.
  await page.locator('#f-should').fill('Gratis');
  const refused = page.waitForResponse((r) => r.url().includes('/api/koreksi/'));
  await page.getByTestId('correction-send').click();
  expect((await refused).status()).toBe(422);
  await expect(page.getByTestId('correction-error')).toContainText('Pilih bagian yang salah');
  await expect(page.locator('#f-should')).toHaveValue('Gratis');
  await page.locator('#f-field').selectOption('cost');
  await page.getByTestId('correction-send').click();
  await expect(page.getByTestId('correction-thanks')).toBeVisible();
  await ctx.close();
  // axe runs in the page's JavaScript: the refused form again, in a browser with the app.
  const jsCtx = await browser.newContext();
  const withJs = await jsCtx.newPage();
  await withJs.goto(`${server.url}/layanan/ktp-el-baru/koreksi`);
  await withJs.locator('#f-should').fill('Gratis');
  await Promise.all([withJs.waitForNavigation({ waitUntil: 'load' }), withJs.getByTestId('correction-send').click()]);
  await expect(withJs.getByTestId('correction-error')).toContainText('Pilih bagian yang salah');
  await expectAccessible(withJs, 'the refused correction');
  await jsCtx.close();
});

// (g) The outbox: an application submitted without signal waits on the phone and goes by
// itself when the signal comes back; a lost answer (500, dropped connection) is retried and
// stored once; changed content under the same id is a conflict the citizen is told about; a
// refusal by the server brings the application back as a draft, at the field to fix.
//
// The server runs with --test-faults: POST /__test/faults makes chosen answers fail after the
// work is done (the commit happens), GET reports { fired, requests, files, upload_bytes }.
// The counters are for the whole server, so each test compares with its own starting point.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, interactive, offlineReady, countServices, networkState, arm, disarm, faults, untilFaults,
} from './server.js';
import {
  KTP, REFERENCE, referenceChecks, startApplication, fillKtp, fillField, submit, untilState, sectionShown,
  toCheckAnswers, badgeCount, appState, savesSettled,
} from './forms.js';

let server;
const total = countServices();
const SUBMIT = '/api/requests/submit';
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3162, { args: ['--test-faults'] }); });
test.afterEach(async () => { await disarm(server); });
test.afterAll(async () => { await server.cleanup(); });

/** Opens the app once online so it works offline, then starts a ktp-el-baru draft. */
async function readyDraft(page) {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);
  return startApplication(page, server, 'ktp-el-baru');
}

/** A ktp-el-baru application filled in and submitted with the network cut, waiting in the
 * outbox: its id, and the server's counters from before anything was sent. */
async function queuedOffline(page, context) {
  const id = await readyDraft(page);
  const start = await faults(server);
  await fillKtp(page);
  await context.setOffline(true);
  await submit(page);
  await untilState(page, 'queued');
  return { id, start };
}

/** Counts the submit calls the page makes (and how they ended). */
function watchSubmits(context) {
  const calls = [];
  context.on('request', (r) => { if (r.url().includes(SUBMIT)) calls.push({ at: Date.now(), request: r, failed: false }); });
  context.on('requestfailed', (r) => { const c = calls.find((c) => c.request === r); if (c) c.failed = true; });
  return calls;
}

async function reference(page) {
  const ref = page.getByTestId('confirmation').getByTestId('reference');
  await expect(ref).toHaveText(REFERENCE);
  const text = (await ref.innerText()).trim();
  expect(referenceChecks(text), `${text} has a valid check character`).toBe(true);
  return text;
}

test('submitted offline: queued, then sent by itself when the signal returns, once; the receipt opens offline', async ({ page, context }) => {
  const id = await readyDraft(page);
  const start = await faults(server); // before the photo: the app may upload it once chosen
  await fillKtp(page);

  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');
  await submit(page);
  await expect(page).toHaveURL(`${server.url}/permohonan/${id}`);
  await untilState(page, 'queued');
  await expect(page.getByTestId('app-state')).toContainText('Menunggu sinyal');
  await expect(page.getByTestId('outbox-badge')).toBeVisible();
  expect(await badgeCount(page)).toBe(1);
  await expect(page.getByTestId('confirmation')).toHaveCount(0);

  // Signal back, and nobody touches anything.
  await context.setOffline(false);
  await untilState(page, 'sent', 60_000);
  const ref = await reference(page);
  await expect(page.getByTestId('outbox-badge')).toBeHidden();
  const end = await faults(server);
  expect(end.requests - start.requests).toBe(1);
  expect(end.files - start.files).toBe(1);

  // The receipt is kept on the phone: it opens with the network cut.
  await context.setOffline(true);
  await page.reload();
  await interactive(page);
  await untilState(page, 'sent');
  expect(await reference(page)).toBe(ref);
  // …and "Permohonan saya" lists it as sent.
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  await expect(page.locator(`[data-testid="app-item"][data-id="${id}"]`)).toHaveAttribute('data-state', 'sent');
  expect(await networkState(page)).toBe('cut');
});

test('left "sending" by a page closed mid-send: shown as waiting at once on the next page offline, and sent when the signal returns', async ({ page, context }) => {
  const { id, start } = await queuedOffline(page, context);
  // What a page closed in the middle of a forced send ("Kirim sekarang", or the submit's own)
  // leaves in IndexedDB: the application marked as being sent, its backoff still minutes away.
  const left = await page.evaluate((id) => new Promise((resolve, reject) => {
    const open = indexedDB.open('loket');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('applications', 'readwrite');
      const store = tx.objectStore('applications');
      const get = store.get(id);
      get.onsuccess = () => {
        const app = JSON.parse(get.result);
        app.state = 'sending';
        app.next_try = Date.now() + 10 * 60_000;
        store.put(JSON.stringify(app), id);
      };
      tx.oncomplete = () => { db.close(); resolve(true); };
      tx.onerror = () => reject(tx.error);
    };
  }), id);
  expect(left).toBe(true);
  // The next page, still offline: nothing sends it, so it must not say it is being sent.
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  const item = page.locator(`[data-testid="app-item"][data-id="${id}"]`);
  await expect(item).toHaveAttribute('data-state', 'queued', { timeout: 10_000 });
  await expect(item).toContainText('Menunggu sinyal');
  expect((await faults(server)).requests - start.requests).toBe(0);
  // Signal back: sent once, by itself.
  await context.setOffline(false);
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 60_000 });
  expect((await faults(server)).requests - start.requests).toBe(1);
});

for (const mode of ['error_500', 'drop']) {
  test(`the answer to a submit is lost (${mode}): retried by itself, stored once, one reference`, async ({ page, context }) => {
    await readyDraft(page);
    await fillKtp(page);
    await arm(server, { path_prefix: SUBMIT, mode, times: 1 });
    const start = await faults(server);
    const calls = watchSubmits(context);

    await submit(page);
    await untilState(page, 'sent', 60_000);
    await reference(page);
    const end = await faults(server);
    expect(end.fired - start.fired).toBe(1);
    expect(end.requests - start.requests).toBe(1);
    expect(end.armed).toEqual([]);
    // The page saw the first answer lost (a 500, or a failed fetch: a connection closed before
    // any byte of the answer on a reused keep-alive socket is re-sent by Chromium itself,
    // unseen by the app, so the fault must let the answer start and then break)…
    if (mode === 'drop') expect(calls[0]?.failed, 'the first submit failed as the page saw it').toBe(true);
    // …and the app sent it again after a pause (the first retry comes after ~2 s, not at once).
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
  });
}

test('same id, other content after the first was stored: a conflict the citizen is told about', async ({ page, context }) => {
  const id = await readyDraft(page);
  const calls = watchSubmits(context);
  await fillKtp(page);
  // Every answer to a submit is lost, so the phone keeps trying; the first attempt is stored.
  await arm(server, { path_prefix: SUBMIT, mode: 'drop', times: 99 });
  const start = await faults(server);
  await submit(page);
  await untilFaults(server, (f) => f.requests - start.requests === 1, { what: 'the first attempt to be stored' });
  await untilState(page, 'queued');

  // The citizen, seeing "waiting", cancels, changes an answer and submits again: same id.
  await page.getByTestId('cancel').click();
  await expect(page.locator('[data-testid="section-form"], [data-testid="check-answers"]').first()).toBeVisible();
  await expect(page.getByTestId('app-state')).toHaveCount(0);
  await page.goto(`${server.url}/permohonan/${id}?bagian=1`);
  await interactive(page);
  await sectionShown(page, 1);
  await fillField(page, 'tempat_lahir', 'Bandung');
  await toCheckAnswers(page);
  await expect(page.locator('[data-testid="answer"][data-field="tempat_lahir"]')).toContainText('Bandung');
  const firedBefore = (await faults(server)).fired;
  await submit(page);
  expect(new URL(page.url()).pathname).toBe(`/permohonan/${id}`);
  // The changed application reaches the server (a conflict there), and that answer is lost too.
  await untilFaults(server, (f) => f.fired > firedBefore, { what: 'the changed application to be sent' });

  // Answers flow again; "Kirim sekarang" does not wait for the backoff (unless the retry timer
  // was quicker than this test).
  await disarm(server);
  await page.locator('[data-testid="app-state"][data-state="queued"], [data-testid="app-state"][data-state="attention"]').waitFor();
  if ((await appState(page)) === 'queued') await page.getByTestId('send-now').click({ timeout: 5000 }).catch(() => {});
  await untilState(page, 'attention', 30_000);
  await expect(page.getByTestId('app-state')).toContainText('Perlu tindakan Anda');
  await expect(page.getByTestId('attention-message')).toBeVisible();
  // The conflict's own message (the earlier content was received; the change was not sent).
  await expect(page.getByTestId('attention-message')).toContainText('sudah diterima');
  await expect(page.getByTestId('confirmation')).toHaveCount(0);
  // A 409 is not retried (waiting past the first retry's ~2 s): no new call, nothing new
  // stored, and it stays in "attention".
  const callsAtAttention = calls.length;
  await page.waitForTimeout(3000);
  await untilState(page, 'attention');
  expect(calls.length).toBe(callsAtAttention);
  expect((await faults(server)).requests - start.requests).toBe(1);
});

test('refused by the server (a rule changed meanwhile): back as a draft, at the field, with the server\'s message', async ({ page, context }) => {
  const file = join(server.catalogue, 'dukcapil.toml');
  const original = readFileSync(file, 'utf8');
  try {
    await readyDraft(page);
    const start = await faults(server);
    const calls = watchSubmits(context);
    await fillKtp(page);
    await context.setOffline(true);
    await submit(page);
    await untilState(page, 'queued');

    // While the phone waits for signal, an officer limits the full name to 3 characters (same
    // form version) and imports the catalogue.
    const blocks = original.split('[[service]]');
    const i = blocks.findIndex((b) => /^slug\s*=\s*"ktp-el-baru"/m.test(b));
    expect(i).toBeGreaterThan(0);
    const edited = blocks[i].replace(/(id\s*=\s*"nama_lengkap"[^[]*?max_length\s*=\s*)100\b/, (_, head) => `${head}3`);
    expect(edited).not.toBe(blocks[i]);
    blocks[i] = edited;
    writeFileSync(file, blocks.join('[[service]]'));
    expect(server.importCatalogue(file)).toMatch(/0 added, 1 changed/);

    await context.setOffline(false);
    // The page turns back into the draft's first section (the refused field's), by itself.
    await expect(page.getByTestId('returned-notice')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('returned-notice')).toContainText('dikembalikan');
    await expect(page.getByTestId('section-form')).toHaveAttribute('data-section', '1');
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await expect(page.getByTestId('error-summary').locator('a[href="#f-nama_lengkap"]')).toHaveCount(1);
    const message = page.locator('#f-nama_lengkap-error');
    await expect(message).toBeVisible();
    await expect(message).toContainText('3');
    // The answer is still there to be shortened, and nothing was stored.
    expect(await page.locator('#f-nama_lengkap').inputValue()).toBe(KTP.pemohon.nama_lengkap);
    expect((await faults(server)).requests - start.requests).toBe(0);
    await expect(page.getByTestId('outbox-badge')).toBeHidden();
    // A 422 is not retried.
    const callsAtReturn = calls.length;
    expect(callsAtReturn).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(3000);
    expect(calls.length).toBe(callsAtReturn);
    await page.goto(server.url + '/permohonan');
    await interactive(page);
    await expect(page.locator('[data-testid="app-item"][data-state="draft"]')).toHaveCount(1);
  } finally {
    writeFileSync(file, original);
    server.importCatalogue(file);
  }
});

test('while queued: "Kirim sekarang" and "Batalkan" show; cancelling makes it an editable draft that is not sent', async ({ page, context }) => {
  const { id, start } = await queuedOffline(page, context);
  await expect(page.getByTestId('send-now')).toBeVisible();
  await expect(page.getByTestId('cancel')).toBeVisible();
  // Sending now without signal fails quietly: still waiting, not "attention".
  await page.getByTestId('send-now').click();
  await page.waitForTimeout(1000);
  await untilState(page, 'queued');

  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('app-state')).toHaveCount(0);
  await expect(page.getByTestId('outbox-badge')).toBeHidden();
  // Editable again, same id, answers kept.
  await page.goto(`${server.url}/permohonan/${id}?bagian=1`);
  await interactive(page);
  await sectionShown(page, 1);
  expect(await page.locator('#f-nama_lengkap').inputValue()).toBe(KTP.pemohon.nama_lengkap);
  await fillField(page, 'nama_lengkap', 'Budi Santoso Wibowo');
  await savesSettled(page);
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  await expect(page.locator(`[data-testid="app-item"][data-id="${id}"]`)).toHaveAttribute('data-state', 'draft');

  // Signal back: a draft stays on the phone (waiting past the first retry's ~2 s).
  await context.setOffline(false);
  await page.waitForTimeout(4000);
  expect((await faults(server)).requests - start.requests).toBe(0);
  await expect(page.locator(`[data-testid="app-item"][data-id="${id}"]`)).toHaveAttribute('data-state', 'draft');
});

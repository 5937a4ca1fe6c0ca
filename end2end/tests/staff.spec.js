// (i) The whole life of a request across the counter: a citizen submits; an officer of the
// agency signs in to the back office, claims it and asks for more information; the citizen sees
// the note (offline first, then online), answers with a new photo; the officer approves and
// completes; the citizen's timeline shows every step, also offline afterwards. Invited staff
// must change the temporary password an admin chose before anything else; a disabled officer
// can be enabled again.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { startServer, interactive, offlineReady, countServices, BIN } from './server.js';
import { startApplication, fillKtp, submit, untilState, sectionShown, next, fillField, toCheckAnswers } from './forms.js';

let server;
const total = countServices();
const OFFICER = 'petugas@dukcapil.go.id';
const PASSWORD = 'kopi tubruk pagi 17'; // the temporary password the admin chose
const OWN_PASSWORD = 'teh manis sore hari 17';
const ADMIN = 'admin@dukcapil.go.id';
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  server = await startServer(3165);
  // A system admin from the command line (no default password anywhere), who invites an
  // officer of Dukcapil through the API.
  execFileSync(BIN, ['--data-dir', server.dataDir, '--log', 'warn', 'create-admin', '--login', 'root@loket.go.id'], {
    env: { ...process.env, LOKET_ADMIN_PASSWORD: 'rahasia negara 1945' },
  });
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'root@loket.go.id', password: 'rahasia negara 1945' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  for (const [login, role] of [[OFFICER, 'officer'], [ADMIN, 'agency_admin']]) {
    const invite = await fetch(`${server.url}/api/staff/invite`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ login, temporary_password: PASSWORD, role, agency: 'dukcapil' }),
    });
    expect(invite.status, await invite.text()).toBe(200);
  }
});
test.afterAll(async () => { await server.cleanup(); });

async function signIn(page, login) {
  await page.goto(server.url + '/staff');
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  await changeTemporary(page, PASSWORD);
}

// The first sign-in of an invited account: every back-office page is the change form until the
// temporary password is replaced; then the queue.
async function changeTemporary(page, temporary) {
  await expect(page.getByTestId('must-change-password')).toBeVisible();
  await expect(page.getByTestId('queue')).toHaveCount(0);
  const form = page.getByTestId('change-password-form');
  await form.locator('#p-current').fill(temporary);
  await form.locator('#p-new').fill(OWN_PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('change-password').click()]);
  await expect(page.getByTestId('queue-filters')).toBeVisible();
}

async function act(page, action, note = '', internal = '') {
  const form = page.getByTestId(`act-${action}`);
  if (note) await form.locator('textarea[name="note"]').fill(note);
  if (internal) await form.locator('textarea[name="internal_note"]').fill(internal);
  // A plain form post: the server answers with the same page again.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
}

test('a request goes round the counter and back, every step on the citizen\'s timeline', async ({ browser }) => {
  // The citizen.
  const citizenCtx = await browser.newContext();
  const citizen = await citizenCtx.newPage();
  await citizen.goto(server.url + '/');
  await offlineReady(citizen, total);
  const id = await startApplication(citizen, server, 'ktp-el-baru');
  await fillKtp(citizen);
  await submit(citizen);
  await untilState(citizen, 'sent', 60_000);
  const reference = (await citizen.getByTestId('reference').innerText()).trim();

  // The officer: signed out, /staff is the sign-in form; a wrong password says so.
  const staffCtx = await browser.newContext();
  const officer = await staffCtx.newPage();
  await officer.goto(server.url + '/staff');
  await officer.locator('#f-login').fill(OFFICER);
  await officer.locator('#f-password').fill('salah sekali kata sandinya');
  await officer.getByTestId('sign-in').click();
  await expect(officer.getByTestId('sign-in-error')).toBeVisible();
  await officer.locator('#f-login').fill(OFFICER);
  await officer.locator('#f-password').fill(PASSWORD);
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('sign-in').click()]);
  await changeTemporary(officer, PASSWORD);
  const item = officer.locator(`[data-testid="queue-item"][data-id="${id}"]`);
  await expect(item).toContainText(reference);
  await item.locator('a').click();
  await expect(officer.getByTestId('staff-reference')).toHaveText(reference);
  await expect(officer.getByTestId('staff-answers')).toContainText('Budi Santoso');
  await officer.getByTestId('claim').click();
  await expect(officer.getByTestId('assigned')).toHaveText(OFFICER);
  await act(officer, 'receive', 'Berkas Anda kami terima.');
  await act(officer, 'review', '', 'cek data KK');
  const ask = 'Foto Kartu Keluarga kurang jelas. Mohon unggah foto yang lebih terang.';
  await act(officer, 'ask_info', ask, 'foto buram');
  await expect(officer.getByTestId('staff-status')).toHaveAttribute('data-status', 'needs_info');

  // The citizen, offline first: the phone still shows what it last knew (submitted, or
  // received if it asked for updates while the officer worked), not yet the question.
  await citizenCtx.setOffline(true);
  await citizen.reload();
  await expect(citizen.getByTestId('request-status')).toHaveAttribute('data-status', /^(submitted|received|in_review)$/);
  await expect(citizen.getByTestId('needs-info')).toHaveCount(0);
  // Online again: the news arrives by itself, with the agency's note (not the internal one).
  await citizenCtx.setOffline(false);
  await expect(citizen.getByTestId('request-status')).toHaveAttribute('data-status', 'needs_info', { timeout: 30_000 });
  await expect(citizen.getByTestId('needs-info')).toContainText(ask);
  await expect(citizen.locator('main')).not.toContainText('foto buram');
  // The answer: the same application, edited (a clearer photo), sent back.
  await citizen.getByTestId('answer').click();
  await sectionShown(citizen, 1);
  await expect(citizen.getByTestId('answering')).toContainText(ask);
  await next(citizen);
  await next(citizen);
  await sectionShown(citizen, 3);
  await fillField(citizen, 'foto_kk', 'photo');
  await toCheckAnswers(citizen);
  await submit(citizen);
  await untilState(citizen, 'sent', 60_000);
  await expect(citizen.getByTestId('request-status')).toHaveAttribute('data-status', 'in_review');

  // The officer sees the answer, approves and completes.
  await officer.reload();
  await expect(officer.getByTestId('staff-status')).toHaveAttribute('data-status', 'in_review');
  await act(officer, 'approve', 'Permohonan disetujui. KTP-el dapat diambil di kantor Disdukcapil.');
  await act(officer, 'complete', 'KTP-el sudah diserahkan.');
  await expect(officer.getByTestId('staff-status')).toHaveAttribute('data-status', 'completed');
  // Six staff actions (claim, receive, review, ask, approve, complete) and the citizen's answer,
  // which is audited too since issue 8.
  await expect(officer.getByTestId('audit').locator('li')).toHaveCount(7);
  await expect(officer.getByTestId('audit').locator('li', { hasText: 'request.answer' })).toHaveCount(1);

  // The citizen's timeline: every step, in order; and the same with the network cut.
  const steps = ['submitted', 'received', 'in_review', 'needs_info', 'in_review', 'approved', 'completed'];
  await citizen.reload();
  await interactive(citizen);
  await expect(citizen.getByTestId('timeline').locator('li')).toHaveCount(steps.length, { timeout: 30_000 });
  expect(await citizen.getByTestId('timeline').locator('li').evaluateAll((l) => l.map((e) => e.dataset.status))).toEqual(steps);
  await citizenCtx.setOffline(true);
  await citizen.reload();
  await expect(citizen.getByTestId('timeline').locator('li')).toHaveCount(steps.length);
  expect(await citizen.getByTestId('timeline').locator('li').evaluateAll((l) => l.map((e) => e.dataset.status))).toEqual(steps);
  await expect(citizen.getByTestId('timeline')).toContainText('KTP-el sudah diserahkan.');
  await citizenCtx.close();
  await staffCtx.close();
});

test('an agency admin invites an officer, who can then sign in, and disables them again', async ({ browser }) => {
  const ctx = await browser.newContext();
  const admin = await ctx.newPage();
  await signIn(admin, ADMIN);
  await admin.goto(server.url + '/staff/petugas');
  const form = admin.getByTestId('invite-form');
  await form.locator('#f-login').fill('petugas2@dukcapil.go.id');
  await form.locator('#f-temporary_password').fill('123');
  await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), form.locator('button').click()]);
  await expect(admin.getByTestId('officers-error')).toBeVisible();
  await form.locator('#f-login').fill('petugas2@dukcapil.go.id');
  await form.locator('#f-temporary_password').fill('sementara sekali 2026');
  await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), form.locator('button').click()]);
  const row = admin.locator('[data-testid="officers"] li[data-login="petugas2@dukcapil.go.id"]');
  await expect(row).toBeVisible();

  const other = await browser.newContext();
  const officer = await other.newPage();
  await officer.goto(server.url + '/staff');
  await officer.locator('#f-login').fill('petugas2@dukcapil.go.id');
  await officer.locator('#f-password').fill('sementara sekali 2026');
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('sign-in').click()]);
  await changeTemporary(officer, 'sementara sekali 2026');
  // Officers see the list but cannot invite.
  await officer.goto(server.url + '/staff/petugas');
  await expect(officer.getByTestId('officers')).toBeVisible();
  await expect(officer.getByTestId('invite-form')).toHaveCount(0);

  await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), row.getByTestId('disable').click()]);
  await expect(row).toContainText('Nonaktif');
  // The disabled officer's session ends at once: the back office asks to sign in again.
  await officer.goto(server.url + '/staff');
  await expect(officer.getByTestId('sign-in-form')).toBeVisible();
  await officer.locator('#f-login').fill('petugas2@dukcapil.go.id');
  await officer.locator('#f-password').fill(OWN_PASSWORD);
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('sign-in').click()]);
  await expect(officer.getByTestId('sign-in-error')).toBeVisible();
  // Enabled again by the admin: the officer signs in with their own password.
  await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), row.getByTestId('enable').click()]);
  await expect(row.getByTestId('disabled')).toHaveCount(0);
  await expect(row.getByTestId('disable')).toBeVisible();
  await officer.locator('#f-login').fill('petugas2@dukcapil.go.id');
  await officer.locator('#f-password').fill(OWN_PASSWORD);
  await Promise.all([officer.waitForNavigation({ waitUntil: 'load' }), officer.getByTestId('sign-in').click()]);
  await expect(officer.getByTestId('queue-filters')).toBeVisible();
  await ctx.close();
  await other.close();
});

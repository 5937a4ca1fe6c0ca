// Issue 10's application journeys on the phone, one test each: changing an answer from "check
// your answers" and coming straight back (also through a question the change made necessary);
// a second "Ajukan permohonan" offering the draft instead of making another; the task list of a
// long form; "Tidak diisi" for what was left empty; the storage warning said once; a PNG kept
// as a PNG under its own name.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';
import { expectAccessible } from './a11y.js';
import {
  KTP, APP_URL, startApplication, sectionShown, fillKtp, fillSection, fillField, next, submit, untilState,
  photoJpeg, savesSettled,
} from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 240_000 });
test.beforeAll(async () => { server = await startServer(3171); });
test.afterAll(async () => { await server.cleanup(); });

const answerRow = (page, field) => page.getByTestId('check-answers').locator(`[data-testid="answer"][data-field="${field}"]`);

test('Ubah then Simpan: focus on the field, straight back to check answers with the new value, offline and across a reload', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await offlineReady(page, total);
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page);
  await context.setOffline(true);

  const change = answerRow(page, 'nama_lengkap').getByTestId('change');
  // The link names the answer it changes for screen readers.
  await expect(change).toHaveText(/^Ubah Nama lengkap/);
  await change.click();
  await sectionShown(page, 1);
  await expect(page).toHaveURL(new RegExp(`/permohonan/${id}\\?bagian=1&ubah=nama_lengkap$`));
  await expect(page.locator('#f-nama_lengkap')).toBeFocused();
  const save = page.getByTestId('next');
  await expect(save).toHaveText('Simpan dan kembali ke Periksa jawaban');
  await expect(page.getByTestId('back')).toHaveAttribute('href', `/permohonan/${id}?periksa=1`);

  // A reload in the middle keeps the change mode (the address carries it).
  await page.reload();
  await interactive(page);
  await sectionShown(page, 1);
  await expect(page.locator('#f-nama_lengkap')).toBeFocused();
  await expect(save).toHaveText('Simpan dan kembali ke Periksa jawaban');

  await page.locator('#f-nama_lengkap').fill('Budi Santoso Wijaya');
  await save.click();
  // Not through sections 2–4: check answers comes back at once, with the new value.
  await expect(page.getByTestId('check-answers')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/permohonan/${id}\\?periksa=1$`));
  await expect(answerRow(page, 'nama_lengkap')).toContainText('Budi Santoso Wijaya');
  await expectAccessible(page, 'check answers after a change');
});

test('a change that asks a new question goes through that question before check answers', async ({ page }) => {
  // KTP-el cetak ulang: the reason "hilang" (section 2) makes the police's loss report (section
  // 3) required. (SKCK had this shape, but Polri takes SKCK applications in its own channel.)
  await startApplication(page, server, 'ktp-el-cetak-ulang');
  await fillSection(page, { nik: KTP.pemohon.nik, nama_lengkap: KTP.pemohon.nama_lengkap, alamat: 'Jl. Melati No. 5, Bandung' });
  await next(page);
  await fillSection(page, { alasan: 'rusak' });
  await next(page);
  const small = { width: 400, height: 300 };
  for (const f of ['foto_kk', 'foto_ktp_rusak']) {
    await fillField(page, f, await photoJpeg(page, small));
  }
  await next(page);
  await fillSection(page, { no_hp: KTP.kontak.no_hp });
  await next(page);
  await expect(page.getByTestId('check-answers')).toBeVisible();
  await expect(answerRow(page, 'foto_surat_kehilangan')).toHaveCount(0);

  await answerRow(page, 'alasan').getByTestId('change').click();
  await sectionShown(page, 2);
  await expect(page.locator('#f-alasan')).toBeFocused();
  await fillField(page, 'alasan', 'hilang');
  await page.getByTestId('next').click();
  // The new question first, in change mode, with the focus on it…
  await sectionShown(page, 3);
  await expect(page).toHaveURL(/\?bagian=3&ubah=foto_surat_kehilangan$/);
  await expect(page.locator('#f-foto_surat_kehilangan')).toBeFocused();
  await fillField(page, 'foto_surat_kehilangan', await photoJpeg(page, small));
  await page.getByTestId('next').click();
  // …then straight back to check answers, both answers there.
  await expect(page.getByTestId('check-answers')).toBeVisible();
  await expect(answerRow(page, 'alasan')).toContainText('KTP-el hilang');
  await expect(answerRow(page, 'foto_surat_kehilangan')).toContainText('foto-kk.jpg');
});

test('a second "Ajukan permohonan" offers the draft with its progress instead of a copy', async ({ page }) => {
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page, { sections: 1 });
  await savesSettled(page);

  await page.goto(server.url + '/layanan/ktp-el-baru');
  await interactive(page);
  await page.getByTestId('apply').click();
  const prompt = page.getByTestId('continue-draft');
  await expect(prompt).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anda sudah punya draf permohonan ini');
  await expect(prompt.getByTestId('sections-done')).toHaveText('1 dari 4 bagian selesai');
  await expect(prompt.getByTestId('continue')).toHaveText('Lanjutkan draf Anda');
  await expect(prompt.getByTestId('start-new')).toHaveText('Mulai permohonan baru');
  await expectAccessible(page, 'continue-draft prompt');

  // The same prompt in English.
  await page.getByTestId('lang-switch').click();
  await expect(prompt.getByTestId('continue')).toHaveText('Continue your draft');
  await expect(prompt.getByTestId('sections-done')).toHaveText('1 of 4 sections done');
  await page.getByTestId('lang-switch').click();
  await expect(prompt.getByTestId('continue')).toHaveText('Lanjutkan draf Anda');

  // Continuing opens the draft where it was left: section 2.
  await prompt.getByTestId('continue').click();
  await page.waitForURL(APP_URL);
  expect(new URL(page.url()).pathname).toBe(`/permohonan/${id}`);
  await sectionShown(page, 2);
  await expect(page.getByTestId('sections-done')).toHaveText('1 dari 4 bagian selesai');

  // One row, with its progress.
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  const items = page.getByTestId('my-applications').locator('[data-testid="app-item"]');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-id', id);
  await expect(items.first().getByTestId('sections-done')).toHaveText('1 dari 4 bagian selesai');
});

test('a long form has a task list: each section with its status, to jump to', async ({ page }) => {
  await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page, { sections: 1 });
  const tasks = page.getByTestId('task-list').getByTestId('task');
  await expect(tasks).toHaveCount(4);
  const status = (n) => tasks.and(page.locator(`[data-section="${n}"]`));
  await expect(status(1)).toHaveAttribute('data-status', 'done');
  await expect(status(1)).toContainText('Selesai');
  await expect(status(2)).toContainText('Belum dimulai');
  await expect(status(2).getByRole('link')).toHaveAttribute('aria-current', 'step');
  await expectAccessible(page, 'section with its task list');
  await fillField(page, 'alamat', KTP.alamat.alamat);
  await savesSettled(page);

  // Jump straight to section 4; section 2 is now done, 3 still to do.
  await status(4).getByRole('link', { name: 'Kontak' }).click();
  await sectionShown(page, 4);
  await expect(status(2)).toHaveAttribute('data-status', 'done');
  await expect(status(3)).toHaveAttribute('data-status', 'not-started');
  await fillField(page, 'no_hp', KTP.kontak.no_hp);
  await savesSettled(page);
  await page.reload();
  await interactive(page);
  await sectionShown(page, 4);
  await expect(status(4)).toContainText('Selesai');
  await expect(status(3)).toHaveAttribute('data-status', 'not-started');
});

test('an optional question left empty says "Tidak diisi" on check answers', async ({ page }) => {
  await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page, { answers: { email: '' } });
  await expect(answerRow(page, 'email').locator('dd').first()).toHaveText('Tidak diisi');
  await expect(answerRow(page, 'no_hp').locator('dd').first()).toHaveText(KTP.kontak.no_hp);
});

test('the storage warning is said once, on the first section', async ({ page }) => {
  await startApplication(page, server, 'ktp-el-baru');
  const warning = page.getByTestId('storage-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Peramban dapat menghapus draf');
  await fillKtp(page, { sections: 1 });
  await sectionShown(page, 2);
  await expect(warning).toHaveCount(0);
  await fillSection(page, { alamat: KTP.alamat.alamat });
  await next(page);
  await sectionShown(page, 3);
  await expect(warning).toHaveCount(0);
});

test('a PNG is kept as a PNG under its own name, and the server takes it', async ({ page }) => {
  await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page, { sections: 2 });
  const png = Buffer.from(await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#000';
    g.font = '32px sans-serif';
    g.fillText('KARTU KELUARGA', 40, 80);
    const blob = await new Promise((ok) => c.toBlob(ok, 'image/png'));
    return [...new Uint8Array(await blob.arrayBuffer())];
  }));
  const size = await fillField(page, 'foto_kk', { name: 'kk.png', mimeType: 'image/png', buffer: png });
  expect(size).toBe(png.length);
  const status = page.locator('[data-testid="file-status"][data-field="foto_kk"]');
  await expect(status).toHaveAttribute('data-type', 'image/png');
  await expect(status).toContainText('kk.png (PNG,');
  await next(page);
  await fillSection(page, { no_hp: KTP.kontak.no_hp });
  await next(page);
  await expect(answerRow(page, 'foto_kk').locator('dd').first()).toHaveText('kk.png');
  await submit(page);
  await untilState(page, 'sent', 60_000);
});

// (f) Applying: a draft lives on the phone. Whatever the citizen typed is there again after a
// reload, after closing the app, and with the network cut; answers are checked as the citizen
// goes, with messages that lead to the field; questions that depend on an answer come and go
// with it, and an answer to a hidden question is neither shown nor sent.
//
// UI contract used here (data-testids are fixed): a[data-testid=apply] on the service page;
// /ajukan/{slug} makes a draft and becomes /permohonan/{UUIDv7}; form[data-testid=section-form]
// [data-section][data-sections]; [data-field] wrappers (attribute `hidden` when not shown);
// #f-{id} controls; #f-{id}-error; error-summary; next/back; save-status[data-saves];
// check-answers with answer[data-field] rows and change links; /permohonan lists app-item
// [data-id][data-state] with delete → confirm-delete / keep.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, networkState } from './server.js';
import {
  KTP, UUID_V7, appId, startApplication, sectionShown, fieldWrapper, fillField, fillSection, readField, readFields,
  saves, savedAfter, savesSettled, next, toCheckAnswers, photoJpeg, untilState,
} from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3161); });
test.afterAll(async () => { await server.cleanup(); });

const PEMOHON = Object.keys(KTP.pemohon);

test('a half-filled draft survives a reload: every answer and the section come back', async ({ page }) => {
  const id = await startApplication(page, server, 'ktp-el-baru', { via: 'link' });
  // The id is made on the phone (UUIDv7) and the address names it: /ajukan/… is replaced.
  expect(id).toMatch(UUID_V7);
  await expect(page.getByTestId('progress')).toHaveText('Bagian 1 dari 4');
  await expect(page.getByTestId('section-form')).toHaveAttribute('data-sections', '4');

  await fillSection(page, KTP.pemohon);
  await next(page);
  await expect(page).toHaveURL(new RegExp(`/permohonan/${id}\\?bagian=2$`));
  await expect(page.getByTestId('progress')).toHaveText('Bagian 2 dari 4');

  // Half the address, typed key by key without leaving the field: the input events alone
  // must get it saved (no blur, no "Lanjut").
  const half = KTP.alamat.alamat.slice(0, 24);
  const before = await saves(page);
  await page.locator('#f-alamat').pressSequentially(half);
  await savedAfter(page, before);
  await savesSettled(page);
  await expect(page.getByTestId('save-status')).toContainText('Tersimpan di perangkat ini');

  await page.reload();
  await interactive(page);
  await sectionShown(page, 2);
  expect(await readField(page, 'alamat')).toBe(half);

  // Without ?bagian the draft opens where it was left, not at the start.
  await page.goto(`${server.url}/permohonan/${id}`);
  await interactive(page);
  await sectionShown(page, 2);
  expect(await readField(page, 'alamat')).toBe(half);
  await page.getByTestId('back').click();
  await sectionShown(page, 1);
  expect(await readFields(page, PEMOHON)).toEqual(KTP.pemohon);

  // With this draft on the phone, "Ajukan permohonan" offers it; a new one is made only when
  // asked for. /ajukan/…?baru=1 was replaced in the history, so "back" never makes another
  // draft: it leads to the offer, then to the service page.
  await page.goto(`${server.url}/layanan/ktp-el-baru`);
  await interactive(page);
  await page.getByTestId('apply').click();
  await page.getByTestId('continue-draft').getByTestId('start-new').click();
  await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}/);
  const fresh = appId(page);
  expect(fresh).not.toBe(id);
  await sectionShown(page, 1);
  await page.goBack();
  await expect(page).toHaveURL(`${server.url}/ajukan/ktp-el-baru`);
  await expect(page.getByTestId('continue-draft')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(`${server.url}/layanan/ktp-el-baru`);
  await page.goto(`${server.url}/permohonan`);
  await interactive(page);
  await expect(page.getByTestId('my-applications').locator('[data-testid="app-item"]')).toHaveCount(2);
});

test('a draft left by closing the app is listed under "Permohonan saya" and resumes', async ({ context }) => {
  let page = await context.newPage();
  const id = await startApplication(page, server, 'ktp-el-baru');
  await expect(page.getByTestId('outbox-link')).toHaveAttribute('href', '/permohonan');
  await fillSection(page, KTP.pemohon);
  await next(page);
  await fillField(page, 'alamat', KTP.alamat.alamat); // leaving the field: saved at once
  await savesSettled(page);
  await page.close();

  page = await context.newPage();
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  const item = page.getByTestId('my-applications').locator(`[data-testid="app-item"][data-id="${id}"]`);
  await expect(item).toHaveAttribute('data-state', 'draft');
  await expect(item).toContainText('KTP-el');
  // Nothing was submitted, so the header's outbox badge shows nothing.
  await expect(page.getByTestId('outbox-badge')).toBeHidden();

  await item.locator(`a[href*="/permohonan/${id}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`/permohonan/${id}`));
  await sectionShown(page, 2);
  expect(await readField(page, 'alamat')).toBe(KTP.alamat.alamat);
  await page.getByTestId('back').click();
  await sectionShown(page, 1);
  expect(await readFields(page, PEMOHON)).toEqual(KTP.pemohon);
});

test('offline mid-form: typing is still saved, and a reload without network brings it all back', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillField(page, 'nik', KTP.pemohon.nik);
  await fillField(page, 'nama_lengkap', KTP.pemohon.nama_lengkap);

  // The signal goes.
  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');
  const { nik, nama_lengkap, ...rest } = KTP.pemohon;
  await fillSection(page, rest);
  await next(page);
  const half = KTP.alamat.alamat.slice(0, 30);
  const before = await saves(page);
  await page.locator('#f-alamat').pressSequentially(half);
  await savedAfter(page, before);
  await savesSettled(page);

  // Reload with no network at all: the service worker's shell, the app, and the draft from
  // IndexedDB.
  await page.reload();
  await interactive(page);
  await sectionShown(page, 2);
  expect(new URL(page.url()).pathname).toBe(`/permohonan/${id}`);
  expect(await readField(page, 'alamat')).toBe(half);
  await page.getByTestId('back').click();
  await sectionShown(page, 1);
  expect(await readFields(page, PEMOHON)).toEqual(KTP.pemohon);

  // A new application can be started with the network cut, too (the form comes from the
  // phone's copy of the catalogue).
  await page.goto(server.url + '/ajukan/ktp-el-cetak-ulang');
  await interactive(page);
  await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}/);
  await sectionShown(page, 1);
  const other = new URL(page.url()).pathname.split('/')[2];
  expect(other).toMatch(UUID_V7);
  expect(other).not.toBe(id);
  expect(await networkState(page)).toBe('cut');
});

test('wrong answers are flagged on leaving the field and on "Lanjut"; the summary leads to the field', async ({ page }) => {
  await startApplication(page, server, 'ktp-el-baru');
  const nik = page.locator('#f-nik');
  const nikError = page.locator('#f-nik-error');
  // A phone shows the number pad for a NIK.
  await expect(nik).toHaveAttribute('inputmode', 'numeric');
  await expect(nik).toHaveAttribute('name', 'nik');
  // The date of birth is typed as day, month and year on the number pad, not a date picker.
  for (const part of ['', '-month', '-year']) {
    await expect(page.locator(`#f-tanggal_lahir${part}`)).toHaveAttribute('inputmode', 'numeric');
  }
  await expect(nikError).toBeHidden();

  // Too short: flagged when leaving the field, with a message about the length.
  await nik.fill('317101150590');
  await nik.blur();
  await expect(nikError).toBeVisible();
  await expect(nikError).toHaveAttribute('data-testid', 'field-error');
  await expect(nikError).toContainText('16');
  // Sixteen digits but serial 0000: the message names that problem, not a generic one.
  await nik.fill('3171011505900000');
  await nik.blur();
  await expect(nikError).toContainText('0000');

  // "Lanjut" with that and everything else empty: a summary, every field's message, and the
  // citizen stays on section 1.
  await page.getByTestId('next').click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary).toContainText('Ada yang perlu diperbaiki');
  for (const f of PEMOHON) {
    await expect(summary.locator(`a[href="#f-${f}"]`)).toHaveCount(1);
    await expect(page.locator(`#f-${f}-error`)).toBeVisible();
  }
  await expect(page.getByTestId('section-form')).toHaveAttribute('data-section', '1');
  expect(page.url()).not.toContain('bagian=2');

  // The summary's link puts the cursor in the field.
  await page.locator('#f-nama_lengkap').focus();
  await summary.locator('a[href="#f-nik"]').click();
  await expect(nik).toBeFocused();

  // Corrected and left: its message goes; the others stay until they are answered.
  await nik.fill(KTP.pemohon.nik);
  await nik.blur();
  await expect(nikError).toBeHidden();
  await expect(page.locator('#f-nama_lengkap-error')).toBeVisible();
  const { nik: _, ...rest } = KTP.pemohon;
  await fillSection(page, rest);
  await next(page);
  await sectionShown(page, 2);
});

test('a question shown by an answer comes and goes with it; a hidden answer is neither listed nor sent', async ({ page }) => {
  // akta-kelahiran: "alasan_terlambat" (long text, required) shows only when
  // "dilaporkan_terlambat" (yes/no) is "ya"; both in section 1.
  const id = await startApplication(page, server, 'akta-kelahiran');
  const reasonField = fieldWrapper(page, 'alasan_terlambat');
  await expect(reasonField).toHaveAttribute('hidden', '');
  await expect(reasonField).toBeHidden();

  const reason = 'Jalan ke kantor Disdukcapil terputus banjir selama tiga bulan';
  await fillSection(page, {
    nama_anak: 'Putri Ayu Lestari', jenis_kelamin_anak: 'perempuan', tempat_lahir_anak: 'Bogor',
    tanggal_lahir_anak: '2024-01-15', dilaporkan_terlambat: 'ya',
  });
  await expect(reasonField).toBeVisible();
  await expect(reasonField).not.toHaveAttribute('hidden');
  await fillField(page, 'alasan_terlambat', reason);
  await next(page);
  // Mother's NIK: a woman's (day 15 + 40 = 55), father's left empty (optional).
  await fillSection(page, { nik_ibu: '3201015505920003' });
  await next(page);
  const small = { width: 900, height: 700 };
  await fillSection(page, {
    ada_surat_keterangan_lahir: 'ya',
    foto_surat_keterangan_lahir: await photoJpeg(page, small),
    foto_buku_nikah: await photoJpeg(page, small),
    foto_kk: await photoJpeg(page, small),
  });
  await next(page);
  await fillSection(page, { no_hp: '0813 1234 5678' });
  await next(page);

  // Shown while "ya".
  const check = page.getByTestId('check-answers');
  await expect(check).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/permohonan/${id}\\?periksa=1$`));
  await expect(check.locator('[data-testid="answer"][data-field="alasan_terlambat"]')).toContainText(reason);

  // The citizen changes their mind: "Ubah" on that answer leads back to its section.
  await check.locator('[data-testid="answer"][data-field="dilaporkan_terlambat"] a[data-testid="change"]').click();
  await sectionShown(page, 1);
  await expect(reasonField).toBeVisible();
  await fillField(page, 'dilaporkan_terlambat', 'tidak');
  await expect(reasonField).toBeHidden();
  await expect(reasonField).toHaveAttribute('hidden', '');
  // Hidden and required: no longer asked for.
  await toCheckAnswers(page);
  await expect(check.locator('[data-testid="answer"][data-field="alasan_terlambat"]')).toHaveCount(0);
  await expect(check.locator('[data-testid="answer"][data-field="dilaporkan_terlambat"]')).toContainText('Tidak');
  await expect(check).not.toContainText(reason);

  // …and it is not sent.
  const sent = page.waitForRequest((r) => r.url().includes('/api/requests/submit') && r.method() === 'POST', { timeout: 60_000 });
  await page.getByTestId('submit').click();
  const body = JSON.parse((await sent).postData());
  const answers = (body.envelope || body).answers;
  expect(answers.dilaporkan_terlambat).toBe('tidak');
  expect(answers).not.toHaveProperty('alasan_terlambat');
  expect(JSON.stringify(body)).not.toContain(reason);
  await untilState(page, 'sent', 60_000);
});

test('two drafts of one service are both listed; deleting one, after confirming, leaves the other', async ({ page }) => {
  const a = await startApplication(page, server, 'ktp-el-baru');
  await fillField(page, 'nama_lengkap', 'Ani Lestari');
  await savesSettled(page);
  const b = await startApplication(page, server, 'ktp-el-baru');
  expect(b).not.toBe(a);
  await fillField(page, 'nama_lengkap', 'Bayu Pratama');
  await savesSettled(page);

  await page.goto(server.url + '/permohonan');
  await interactive(page);
  const items = page.getByTestId('my-applications').locator('[data-testid="app-item"]');
  const itemA = items.and(page.locator(`[data-id="${a}"]`));
  const itemB = items.and(page.locator(`[data-id="${b}"]`));
  await expect(items).toHaveCount(2);
  await expect(itemA).toHaveAttribute('data-state', 'draft');
  await expect(itemB).toHaveAttribute('data-state', 'draft');

  // "Hapus draf" asks first (on that draft only); "keep" keeps it.
  await expect(itemA.getByTestId('confirm-delete')).toBeHidden();
  await itemA.getByTestId('delete').click();
  await expect(itemA.getByTestId('confirm-delete')).toBeVisible();
  await expect(itemB.getByTestId('confirm-delete')).toBeHidden();
  await expect(items).toHaveCount(2);
  await itemA.getByTestId('keep').click();
  await expect(itemA.getByTestId('confirm-delete')).toBeHidden();
  await expect(items).toHaveCount(2);

  await itemA.getByTestId('delete').click();
  await itemA.getByTestId('confirm-delete').click();
  await expect(itemA).toHaveCount(0);
  await expect(itemB).toHaveCount(1);

  // Gone from the device, not just from the screen; the other draft is untouched.
  await page.reload();
  await interactive(page);
  await expect(itemB).toHaveCount(1);
  await expect(items).toHaveCount(1);
  await page.goto(`${server.url}/permohonan/${b}`);
  await interactive(page);
  await sectionShown(page, 1);
  expect(await readField(page, 'nama_lengkap')).toBe('Bayu Pratama');
});

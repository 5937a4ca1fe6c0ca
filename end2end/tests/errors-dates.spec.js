// Issue 10, items 7 and 8: an error says what to do in the field's own words (in the summary and
// beside the field, the page title starting "Kesalahan: "), and the date of birth is typed as
// day, month and year (GOV.UK's date input), kept in the draft part by part across a reload and
// with the network cut, checked part by part, and shown on "check your answers" as a date.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, networkState } from './server.js';
import { expectAccessible } from './a11y.js';
import {
  KTP, startApplication, sectionShown, fillField, fillSection, readField, savedAfter, saves,
  savesSettled, next,
} from './forms.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3172); });
test.afterAll(async () => { await server.cleanup(); });

/** The summary's text for a field and the field's own message. */
function messages(page, id) {
  const summary = page.getByTestId('error-summary');
  return { link: summary.locator(`a[href^="#f-${id}"]`), beside: page.locator(`#f-${id}-error`) };
}

test('an empty section names what to do for each field, and the title says there is an error', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await startApplication(page, server, 'ktp-el-baru');
  await page.getByTestId('next').click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  const expected = {
    nik: 'Masukkan NIK',
    nama_lengkap: 'Masukkan nama lengkap',
    tempat_lahir: 'Masukkan tempat lahir',
    tanggal_lahir: 'Masukkan tanggal lahir',
    jenis_kelamin: 'Pilih jenis kelamin',
    status_perkawinan: 'Pilih status perkawinan',
  };
  for (const [id, text] of Object.entries(expected)) {
    const { link, beside } = messages(page, id);
    await expect(link).toHaveText(text);
    await expect(beside).toHaveText(`Kesalahan: ${text}`);
  }
  await expect(summary).not.toContainText('Wajib diisi');
  await expect(page).toHaveTitle(/^Kesalahan: /);
  await expectAccessible(page, 'a form section with errors');

  // A wrong shape is said with the field's name and what it must be.
  await fillField(page, 'nik', '317101150590');
  await expect(messages(page, 'nik').beside).toHaveText('Kesalahan: NIK harus 16 angka');

  // Fixed, the message goes; the whole section answered, the next page's title is plain.
  await fillSection(page, KTP.pemohon);
  await next(page);
  await sectionShown(page, 2);
  await expect(page).not.toHaveTitle(/Kesalahan/);

  // The same words in English.
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await sectionShown(page, 2);
  await page.getByTestId('next').click();
  await expect(messages(page, 'alamat').link).toHaveText('Enter address');
  await expect(page).toHaveTitle(/^Error: /);
});

test('the date of birth is typed in parts, kept across a reload and offline, checked, and read back as a date', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, total);
  await startApplication(page, server, 'ktp-el-baru');

  // Three number-pad boxes in one fieldset, with a legend and an example.
  const field = page.locator('fieldset[data-field="tanggal_lahir"]');
  await expect(field.locator('legend')).toHaveText('Tanggal lahir');
  await expect(field).toContainText('Contoh: 27 3 2007');
  for (const [part, label] of [['', 'Tanggal'], ['-month', 'Bulan'], ['-year', 'Tahun']]) {
    const input = page.locator(`#f-tanggal_lahir${part}`);
    await expect(input).toHaveAttribute('inputmode', 'numeric');
    await expect(input).toHaveAttribute('type', 'text');
    await expect(page.getByLabel(label, { exact: true })).toHaveCount(1);
  }
  await expectAccessible(page, 'the date of birth field');

  // Half typed (day and month), then a reload: both parts come back.
  let before = await saves(page);
  await page.locator('#f-tanggal_lahir').pressSequentially('27');
  await page.locator('#f-tanggal_lahir-month').pressSequentially('3');
  // Leaving the day and month boxes on the way to the year is not a mistake yet.
  await page.locator('#f-tanggal_lahir-month').blur();
  await expect(page.locator('#f-tanggal_lahir-error')).toBeHidden();
  await savedAfter(page, before);
  await savesSettled(page);
  await page.reload();
  await interactive(page);
  await sectionShown(page, 1);
  expect(await readField(page, 'tanggal_lahir')).toBe('-3-27');

  // Without a year, "Lanjut" names the missing year and its link lands in the year box.
  await page.getByTestId('next').click();
  const { link, beside } = messages(page, 'tanggal_lahir');
  await expect(link).toHaveText('Tanggal lahir harus berisi tahun');
  await expect(link).toHaveAttribute('href', '#f-tanggal_lahir-year');
  await expect(beside).toContainText('Tanggal lahir harus berisi tahun');
  await expectAccessible(page, 'the date of birth with a missing part');
  await link.click();
  await expect(page.locator('#f-tanggal_lahir-year')).toBeFocused();

  // The network goes; the year typed offline survives a reload without network.
  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');
  before = await saves(page);
  await page.locator('#f-tanggal_lahir-year').pressSequentially('2007');
  await savedAfter(page, before);
  await savesSettled(page);
  await expect(beside).toBeHidden();
  await page.reload();
  await interactive(page);
  await sectionShown(page, 1);
  expect(await readField(page, 'tanggal_lahir')).toBe('2007-3-27');
  await context.setOffline(false);

  // A day that does not exist and a birth in the future are named.
  const { tanggal_lahir, ...rest } = KTP.pemohon;
  await fillSection(page, rest);
  await fillField(page, 'tanggal_lahir', '2007-2-31');
  await page.getByTestId('next').click();
  await expect(link).toHaveText('Tanggal lahir harus tanggal yang ada');
  await fillField(page, 'tanggal_lahir', `${new Date().getFullYear() + 1}-1-1`);
  await page.getByTestId('next').click();
  await expect(link).toHaveText('Tanggal lahir harus hari ini atau sebelumnya');
  await fillField(page, 'tanggal_lahir', '1899-12-31');
  await page.getByTestId('next').click();
  await expect(link).toHaveText('Tanggal lahir tidak boleh sebelum 1 Januari 1900');

  // Right at last: "check your answers" reads it as a date.
  await fillField(page, 'tanggal_lahir', '2007-3-27');
  await next(page);
  for (const section of [KTP.alamat, KTP.dokumen, KTP.kontak]) {
    await fillSection(page, section);
    await next(page);
  }
  await page.getByTestId('check-answers').waitFor({ timeout: 30_000 });
  const answer = page.locator('[data-testid="answer"][data-field="tanggal_lahir"] dd').first();
  await expect(answer).toHaveText('27 Maret 2007');
});

// Issue 13, part 3: applying without JavaScript. A browser that runs no scripts applies for the
// KTP-el from the service's apply page to the reference number through the server's own form:
// section by section as plain posts, an error summary on the way, a photo as an ordinary file
// field, "check your answers", the receipt with reference and PIN; a reload keeps the draft;
// exactly one request is stored (read from the server's SQLite file with sqlite3), channel `web`.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, interactive } from './server.js';
import { expectAccessible } from './a11y.js';
import { REFERENCE } from './forms.js';

let server;
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3222); });
test.afterAll(async () => { await server.cleanup(); });

/** Rows of `sql` on the server's database file, as text lines. */
function sql(query) {
  return execFileSync('sqlite3', [join(server.dataDir, 'loket.db'), query], { encoding: 'utf8' }).trim();
}

/** Runs axe on the page at `page`'s address in a browser with scripts on (axe is a script)
 * holding the same cookies, so it sees the same draft. */
async function axe(browser, page, what) {
  const withScripts = await browser.newContext();
  await withScripts.addCookies(await page.context().cookies());
  const p = await withScripts.newPage();
  await p.goto(page.url());
  await interactive(p);
  await expectAccessible(p, what);
  await withScripts.close();
}

// The smallest JPEG a browser sends as it is (the server judges the first bytes).
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF kartu keluarga')]);

test('without JavaScript: from the apply page to the reference number, one request stored', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/ajukan/ktp-el-baru');
  await page.getByTestId('web-form-start').getByRole('link').click();
  await expect(page).toHaveURL(/\/formulir\/ktp-el-baru$/);
  await expect(page.getByTestId('progress')).toContainText('1');
  await axe(browser, page, 'the server form, section 1');

  // Continue with the section half done: the error summary and the fields' messages, what was
  // typed kept.
  await page.locator('#f-nama_lengkap').fill('Siti Aminah');
  await page.locator('#f-nik').fill('12345');
  await page.getByTestId('next').click();
  await expect(page).toHaveURL(/bagian=1&galat=1/);
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Ada yang perlu diperbaiki');
  await expect(page.getByTestId('field-error').first()).toBeVisible();
  await expect(page.locator('#f-nama_lengkap')).toHaveValue('Siti Aminah');
  await expect(page).toHaveTitle(/^Kesalahan/);
  await axe(browser, page, 'the server form with its error summary');

  // The draft lives on the server under this browser's cookie: a reload keeps it.
  await page.reload();
  await expect(page.locator('#f-nama_lengkap')).toHaveValue('Siti Aminah');

  await page.locator('#f-nik').fill('3171050512900001');
  await page.locator('#f-tempat_lahir').fill('Jakarta');
  await page.locator('#f-tanggal_lahir').fill('15');
  await page.locator('#f-tanggal_lahir-month').fill('1');
  await page.locator('#f-tanggal_lahir-year').fill('1990');
  await page.locator('input[name="jenis_kelamin"][value="perempuan"]').check();
  await page.locator('input[name="status_perkawinan"][value="belum_kawin"]').check();
  await page.getByTestId('next').click();
  await expect(page).toHaveURL(/bagian=2$/);
  await page.locator('#f-alamat').fill('Jl. Kenari 5, Jakarta Pusat');
  await page.getByTestId('next').click();

  // The photo as an ordinary file field.
  await expect(page).toHaveURL(/bagian=3$/);
  await page.locator('#f-foto_kk').setInputFiles({ name: 'kk.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await page.getByTestId('next').click();
  await expect(page).toHaveURL(/bagian=4$/);
  await page.locator('#f-no_hp').fill('081234567890');
  await page.getByTestId('next').click();

  // Check your answers, with a change link that goes back and returns.
  await expect(page).toHaveURL(/periksa=1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Periksa jawaban Anda');
  await expect(page.getByTestId('check-answers')).toContainText('kk.jpg');
  await axe(browser, page, 'check your answers (server form)');
  await page.locator('[data-field="tempat_lahir"]').getByTestId('change').click();
  await expect(page).toHaveURL(/bagian=1&ubah=tempat_lahir/);
  await page.locator('#f-tempat_lahir').fill('Bandung');
  await page.getByTestId('next').click();
  await expect(page).toHaveURL(/periksa=1$/);
  await expect(page.locator('[data-field="tempat_lahir"]')).toContainText('Bandung');
  expect(sql('SELECT COUNT(*) FROM requests')).toBe('0');

  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/selesai=1$/);
  const reference = (await page.getByTestId('reference').textContent()).trim();
  expect(reference).toMatch(REFERENCE);
  await expect(page.getByTestId('pin')).toHaveText(/^\d{6}$/);
  await expect(page.getByTestId('receipt-track')).toContainText('/lacak');
  await axe(browser, page, 'the receipt (server form)');

  // Going back and sending the same confirmation again stores nothing more.
  await page.goBack();
  await expect(page).toHaveURL(/periksa=1$/);
  await page.getByTestId('submit').click().catch(() => {});
  await page.waitForLoadState('load');
  expect(sql("SELECT COUNT(*) || ' ' || channel || ' ' || reference FROM requests")).toBe(`1 web ${reference}`);
  await context.close();
});

// Issue 10, items 10–12: which channel is official, what happens after sending, and the
// requirement checklist's count. One journey per test, in Indonesian (one English check where
// the copy is new), with axe on every page state reached.
import { test, expect } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices } from './server.js';
import { sendKtp } from './forms.js';
import { expectAccessible } from './a11y.js';

let server;
const total = countServices();
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3174); });
test.afterAll(async () => { await server.cleanup(); });

test('the passport page sends people to M-Paspor, and /ajukan/paspor-baru starts no draft', async ({ page }) => {
  await page.goto(server.url + '/');
  await offlineReady(page, total);
  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await expect(page.getByTestId('apply')).toHaveCount(0);
  const official = page.getByTestId('official-channel').getByRole('link');
  await expect(official).toHaveText('Ajukan lewat Aplikasi M-Paspor (imigrasi.go.id)');
  await expect(official).toHaveAttribute('href', 'https://www.imigrasi.go.id');
  await expect(page.locator('main')).toContainText('Permohonan layanan ini tidak diterima lewat Loket.');
  await expectAccessible(page, 'the passport page');
  // Only office channels (SIM renewal at the Satpas): the button goes to the offices listed.
  await page.goto(server.url + '/layanan/perpanjangan-sim');
  await interactive(page);
  await expect(page.getByTestId('official-channel').getByRole('link'))
    .toHaveText('Datang ke Satpas, SIM Keliling, atau Gerai SIM');
  await expect(page.getByTestId('official-channel').getByRole('link')).toHaveAttribute('href', '#where');

  // The form's address, on the phone and from the server: no draft, a 404.
  await page.goto(server.url + '/ajukan/paspor-baru');
  await interactive(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
  await expect(page).toHaveURL(server.url + '/ajukan/paspor-baru');
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  await expect(page.locator('main')).toContainText('Belum ada permohonan di perangkat ini.');
  expect((await page.request.get(server.url + '/ajukan/paspor-baru')).status()).toBe(404);

  await page.goto(server.url + '/layanan/paspor-baru');
  await interactive(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('official-channel').getByRole('link'))
    .toHaveText('Apply through M-Paspor app (imigrasi.go.id)');
});

test('after sending a KTP-el application: where to go, what to bring, the biometric visit, then cancel', async ({ page }) => {
  await sendKtp(page, server, total);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan terkirim');
  await expect(page.getByTestId('confirmation-hint')).toContainText('Catat nomor referensi ini');
  const next = page.getByTestId('next-steps');
  await expect(next.getByRole('heading', { level: 2 })).toHaveText('Apa yang terjadi selanjutnya');
  await expect(next.getByTestId('next-office')).toContainText('Datang ke Disdukcapil kabupaten/kota');
  await expect(next.getByTestId('next-bring')).toContainText('Bawa dokumen asli persyaratan:');
  await expect(next.getByTestId('next-bring')).toContainText('Fotokopi Kartu Keluarga (KK)');
  await expect(next).toContainText('Ikuti perekaman biometrik: foto wajah, sidik jari, iris mata, dan tanda tangan.');
  await expect(next).toContainText('Jangka waktu penyelesaian:');
  // Cancelling comes after the next steps, not above them.
  const cancelAfter = await page.evaluate(() => {
    const steps = document.querySelector('[data-testid="next-steps"]');
    const cancel = document.querySelector('[data-testid="cancel-request"]');
    return !!(steps && cancel && (steps.compareDocumentPosition(cancel) & Node.DOCUMENT_POSITION_FOLLOWING));
  });
  expect(cancelAfter, 'cancel follows the next steps').toBe(true);
  await expectAccessible(page, 'the confirmation');
});

test('a receipt added on /lacak reads as a tracked request, not as one just sent', async ({ browser }) => {
  const phone = await browser.newContext();
  const { id, reference, pin } = await sendKtp(await phone.newPage(), server, total);
  const counter = await browser.newContext();
  const page = await counter.newPage();
  await page.goto(server.url + '/');
  await offlineReady(page, total);
  await page.goto(server.url + '/lacak');
  await interactive(page);
  await page.locator('#f-reference').fill(reference);
  await page.locator('#f-pin').fill(pin);
  await page.getByTestId('track').click();
  await page.waitForURL(`**/permohonan/${id}`);
  await expect(page.getByTestId('reference')).toHaveText(reference);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Permohonan yang dilacak');
  await expect(page.getByTestId('confirmation-hint')).toHaveText(/^Permohonan ini ditambahkan ke perangkat ini/);
  await expect(page.locator('main')).not.toContainText('Permohonan terkirim');
  await expect(page.locator('main')).not.toContainText('Catat nomor referensi');
  await expect(page.getByTestId('next-steps')).toContainText('Ikuti perekaman biometrik');
  await expectAccessible(page, 'the tracked request');
  await phone.close();
  await counter.close();
});

test('the checklist counts what is ready, an alternative in its main box, and keeps it on reload', async ({ browser }) => {
  // Without JavaScript the page already says how many there are: none ready.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  await plain.goto(server.url + '/layanan/akta-kelahiran');
  const boxes = await plain.getByTestId('requirements').locator('input[type=checkbox]').count();
  expect(boxes).toBe(5); // 7 lines in the standard, 2 of them alternatives
  await expect(plain.getByTestId('ready-count')).toHaveText(`0 dari ${boxes} siap`);
  await nojs.close();

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + '/layanan/akta-kelahiran');
  await interactive(page);
  const list = page.getByTestId('requirements');
  const first = list.getByRole('checkbox').first();
  // The SPTJM stands in for the birth notification: one box, labelled with both.
  await expect(list.locator('li').first()).toContainText('Atau, bila tidak ada surat keterangan kelahiran: SPTJM');
  await expect(page.getByTestId('ready-count')).toHaveText(`0 dari ${boxes} siap`);
  await first.check();
  await expect(page.getByTestId('ready-count')).toHaveText(`1 dari ${boxes} siap`);
  await page.reload();
  await interactive(page);
  await expect(first).toBeChecked();
  await expect(page.getByTestId('ready-count')).toHaveText(`1 dari ${boxes} siap`);
  await expectAccessible(page, 'the service page with its checklist');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('ready-count')).toHaveText(`1 of ${boxes} ready`);
  await ctx.close();
});

// (h) Photos: the phone keeps a downscaled JPEG and uploads it in 64 KiB chunks that survive a
// lost answer. A chunk the server stored but whose answer never arrived is not sent again:
// the phone asks the server how far it got and carries on from there. A file that is not an
// image is refused on the phone with a clear message and is kept nowhere.
//
// Protocol observed (the phone does it): GET /api/files/{sha256} → {received, complete};
// PUT /api/files/{sha256}?offset=O&total=T with at most 65536 bytes. The server runs with
// --test-faults and reports upload_bytes (body bytes received by chunk PUTs) and files.
import { test, expect } from '@playwright/test';
import { startServer, interactive, arm, disarm, faults } from './server.js';
import {
  KTP, REFERENCE, startApplication, fillKtp, fillSection, next, submit, untilState, photoJpeg, choosePhoto,
  sectionShown,
} from './forms.js';

let server;
const CHUNK = 65536;
test.describe.configure({ timeout: 180_000 });
test.beforeAll(async () => { server = await startServer(3163, { args: ['--test-faults'] }); });
test.afterEach(async () => { await disarm(server); });
test.afterAll(async () => { await server.cleanup(); });

/** Every /api/files/ request the page makes, with how it ended. */
function watchFiles(context) {
  const calls = [];
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/files/')) return;
    calls.push({
      request: r, method: r.method(), sha: url.pathname.split('/').pop(),
      offset: url.searchParams.has('offset') ? Number(url.searchParams.get('offset')) : null,
      total: url.searchParams.has('total') ? Number(url.searchParams.get('total')) : null,
      failed: false,
    });
  });
  context.on('requestfailed', (r) => { const c = calls.find((c) => c.request === r); if (c) c.failed = true; });
  return calls;
}

test('a chunk stored but unanswered is not sent again: the upload resumes where the server is', async ({ page, context }) => {
  // The second request to /api/files/ runs (its bytes are stored) but its connection drops.
  await arm(server, { path_prefix: '/api/files/', mode: 'drop', skip: 1, times: 1 });
  const start = await faults(server);
  const calls = watchFiles(context);
  const submits = [];
  context.on('request', (r) => { if (r.url().includes('/api/requests/submit')) submits.push(r); });

  await startApplication(page, server, 'ktp-el-baru');
  const { foto_kk: size } = await fillKtp(page);
  // The photo as kept: a downscaled JPEG of more than three chunks, under the field's 2 MB.
  expect(size).toBeGreaterThan(3 * CHUNK);
  expect(size).toBeLessThanOrEqual(2_000_000);

  await submit(page);
  await untilState(page, 'sent', 90_000);
  await expect(page.getByTestId('reference')).toHaveText(REFERENCE);

  const end = await faults(server);
  expect(end.fired - start.fired).toBe(1);
  expect(end.files - start.files).toBe(1);
  // The phone saw the lost answer (a PUT) and had to recover from it. (A connection closed
  // before any byte of the answer, on a reused keep-alive socket, is re-sent by Chromium's
  // network stack itself, unseen by the page: then the chunk crosses twice and the phone
  // never learns of the loss. The fault must let the answer start, then break.)
  expect(calls.filter((c) => c.failed).map((c) => c.method), 'requests to /api/files/ that failed, as the page saw them').toEqual(['PUT']);
  // Every byte crossed once: what the server received is exactly the file.
  expect(end.upload_bytes - start.upload_bytes).toBe(size);

  // What the phone did: one PUT per 64 KiB chunk at consecutive offsets (the server takes a
  // chunk only at the offset it holds, so this is also the chunk size), none repeated, the
  // lost one included (its bytes were stored all the same).
  const puts = calls.filter((c) => c.method === 'PUT');
  const shas = new Set(calls.map((c) => c.sha));
  expect(shas.size).toBe(1);
  const [sha] = shas;
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  const offsets = puts.map((c) => c.offset);
  expect(new Set(offsets).size).toBe(offsets.length);
  expect([...offsets].sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i * CHUNK));
  expect(puts.length).toBe(Math.ceil(size / CHUNK));
  for (const c of puts) expect(c.total).toBe(size);
  // The application names the file by the same hash.
  const body = JSON.parse(submits[submits.length - 1].postData());
  expect((body.envelope || body).answers.foto_kk).toBe(sha);
});

test('a file that is not an image is refused on the phone with a message, and kept nowhere', async ({ page, context }) => {
  const start = await faults(server);
  const calls = watchFiles(context);
  const id = await startApplication(page, server, 'ktp-el-baru');
  await fillKtp(page, { sections: 2, photo: false });
  await sectionShown(page, 3);

  // Named like a photo, typed as one, but text inside.
  await page.locator('input[type="file"][name="foto_kk"]').setInputFiles({
    name: 'foto-kk.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('Ini bukan foto, hanya tulisan.\n'.repeat(50)),
  });
  const message = page.locator('#f-foto_kk-error');
  await expect(message).toBeVisible({ timeout: 30_000 });
  await expect(message).toHaveAttribute('data-testid', 'field-error');
  await expect(message).toContainText(/tidak didukung|tidak dapat dibaca|bukan/i);
  await expect(page.locator('[data-testid="file-status"][data-field="foto_kk"]')).toHaveCount(0);

  // Not kept on the phone: after a reload the field is still empty and still required.
  await page.reload();
  await interactive(page);
  await sectionShown(page, 3);
  await expect(page.locator('[data-testid="file-status"][data-field="foto_kk"]')).toHaveCount(0);
  await page.getByTestId('next').click();
  await expect(page.getByTestId('error-summary').locator('a[href="#f-foto_kk"]')).toHaveCount(1);
  await expect(page.getByTestId('section-form')).toHaveAttribute('data-section', '3');

  // Nor on the server.
  expect(calls).toEqual([]);
  const end = await faults(server);
  expect(end.upload_bytes - start.upload_bytes).toBe(0);
  expect(end.files - start.files).toBe(0);

  // A real photo afterwards is taken as usual.
  const size = await choosePhoto(page, 'foto_kk', await photoJpeg(page, { width: 1200, height: 900 }));
  expect(size).toBeGreaterThan(0);
  await expect(message).toBeHidden();
  await next(page);
  await sectionShown(page, 4);
  expect(new URL(page.url()).pathname).toBe(`/permohonan/${id}`);
});

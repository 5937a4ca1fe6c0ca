// The outbox on the wire: ten ktp-el-baru applications (each with its own photo) submitted
// without signal, then the signal comes back and the phone sends them by itself. Prints what
// that costs from "online" to "all sent": HTTP requests and bytes (request headers + body,
// response headers + body as received, i.e. compressed), split into submits, file chunks,
// file status checks and everything else, and the round trips (waves of requests that had to
// wait for each other). Not a test; exits 1 only if the applications are not all sent.
//   node bench/outbox-wire.mjs   (with LOKET_BIN and LEPTOS_SITE_ROOT set, as scripts/env.sh does)
import { chromium, devices } from '@playwright/test';
import { startServer, interactive, offlineReady, countServices, faults, untilFaults } from '../tests/server.js';
import { startApplication, fillKtp, submit, untilState } from '../tests/forms.js';

const N = Number(process.env.OUTBOX_N || 10);
const server = await startServer(Number(process.env.OUTBOX_PORT || 3171), { args: ['--test-faults'] });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

function kindOf(url, method) {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/requests/submit')) return 'submit';
  if (path.startsWith('/api/files/')) return method === 'PUT' ? 'file chunk (PUT)' : `file status (${method})`;
  return 'other';
}

/** Resolves `p`, or `fallback` after `ms` (some details never arrive for a failed request). */
const within = (p, ms, fallback) => Promise.race([p, new Promise((r) => setTimeout(() => r(fallback), ms))]);

let failed = false;
try {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await interactive(page);
  await offlineReady(page, countServices());
  const start = await faults(server);

  // Ten applications filled in and submitted with no signal at all.
  await context.setOffline(true);
  let photoBytes = 0;
  const ids = [];
  for (let i = 0; i < N; i++) {
    ids.push(await startApplication(page, server, 'ktp-el-baru'));
    const { foto_kk } = await fillKtp(page, { answers: { nama_lengkap: `Pemohon Nomor ${i + 1}` } });
    photoBytes += foto_kk;
    await submit(page);
    await untilState(page, 'queued');
  }
  await page.goto(server.url + '/permohonan');
  await interactive(page);
  await page.locator('[data-testid="app-item"][data-state="queued"]').nth(N - 1).waitFor();
  const mid = await faults(server);
  if (mid.requests !== start.requests) throw new Error('something was sent while offline');

  // Record everything on the wire from the moment the signal returns.
  const seen = [];
  let recording = true;
  const track = (request) => seen.find((s) => s.request === request);
  context.on('request', (request) => {
    if (!recording || !request.url().startsWith(server.url)) return;
    seen.push({ request, kind: kindOf(request.url(), request.method()), start: Date.now(), end: null, failed: false });
  });
  context.on('requestfinished', (request) => { const s = track(request); if (s) s.end = Date.now(); });
  context.on('requestfailed', (request) => { const s = track(request); if (s) { s.end = Date.now(); s.failed = true; } });

  const t0 = Date.now();
  await context.setOffline(false);
  // Done when the server holds all N and their receipts have arrived (the last answers come
  // right after the last commit; a second of grace for anything still in flight).
  await untilFaults(server, (f) => f.requests - start.requests === N, { timeout: 300_000, what: `${N} stored requests` });
  const elapsed = Date.now() - t0;
  await page.waitForTimeout(1000);
  recording = false;
  const end = await faults(server);
  // The phone agrees: all N listed as sent (reloading the list if it does not update live).
  const sent = page.locator('[data-testid="app-item"][data-state="sent"]');
  try {
    await sent.nth(N - 1).waitFor({ timeout: 10_000 });
  } catch (_) {
    await page.reload();
    await interactive(page);
    await sent.nth(N - 1).waitFor({ timeout: 60_000 });
  }

  // Sizes per request.
  const rows = {};
  for (const s of seen) {
    const r = rows[s.kind] || (rows[s.kind] = { requests: 0, failed: 0, reqHead: 0, reqBody: 0, resHead: 0, resBody: 0 });
    r.requests += 1;
    if (s.failed) { r.failed += 1; continue; }
    const sizes = await within(s.request.sizes(), 2000, null);
    const headers = await within(s.request.allHeaders(), 2000, {});
    const contentLength = Number(headers['content-length'] || 0);
    if (sizes) {
      r.reqHead += sizes.requestHeadersSize;
      // Blob bodies are not always visible to the browser's tooling: trust Content-Length then.
      r.reqBody += Math.max(sizes.requestBodySize, contentLength);
      r.resHead += sizes.responseHeadersSize;
      r.resBody += sizes.responseBodySize;
    }
  }
  const order = ['submit', 'file chunk (PUT)', 'file status (GET)', 'file status (HEAD)', 'other'];
  const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
  const kinds = Object.keys(rows).sort((a, b) => rank(a) - rank(b));
  const all = { requests: 0, failed: 0, reqHead: 0, reqBody: 0, resHead: 0, resBody: 0 };
  for (const k of kinds) for (const f of Object.keys(all)) all[f] += rows[k][f];

  // Round trips: requests whose lifetimes overlap went out together; each group had to wait
  // for the one before (as on a slow link, where each group costs at least one RTT).
  const spans = seen.map((s) => [s.start, s.end ?? s.start]).sort((a, b) => a[0] - b[0]);
  let waves = 0;
  let reach = -Infinity;
  for (const [a, b] of spans) {
    if (a > reach) waves += 1;
    reach = Math.max(reach, b);
  }

  const n = (v) => String(v).padStart(10);
  const line = (name, r) => console.log(`  ${name.padEnd(20)}${n(r.requests)}${n(r.failed)}${n(r.reqHead)}${n(r.reqBody)}${n(r.resHead)}${n(r.resBody)}${n(r.reqHead + r.reqBody + r.resHead + r.resBody)}`);
  console.log(`outbox on the wire: ${N} ktp-el-baru applications queued offline, photos ${photoBytes} bytes in all`);
  console.log(`  from "online" to all stored: ${(elapsed / 1000).toFixed(1)} s (local server, no added latency)`);
  console.log(`  ${'kind'.padEnd(20)}${n('requests')}${n('failed')}${n('req head')}${n('req body')}${n('resp head')}${n('resp body')}${n('total')}`);
  for (const k of kinds) line(k, rows[k]);
  line('all', all);
  const total = all.reqHead + all.reqBody + all.resHead + all.resBody;
  console.log(`  per application: ${(all.requests / N).toFixed(1)} requests, ${Math.round(total / N)} bytes`);
  console.log(`  beyond the photos themselves: ${total - photoBytes} bytes (${((total / photoBytes - 1) * 100).toFixed(1)}% over)`);
  console.log(`  round trips (waves of requests that waited for each other): ${waves}`);
  const others = [...new Set(seen.filter((s) => s.kind === 'other').map((s) => `${s.request.method()} ${new URL(s.request.url()).pathname}`))];
  if (others.length) console.log(`  other requests: ${others.join(', ')}`);
  console.log(`  server: ${end.requests - start.requests} requests stored, ${end.files - start.files} files, ` +
    `${end.upload_bytes - start.upload_bytes} upload bytes received (photos: ${photoBytes})`);
  await context.close();
} catch (e) {
  console.error(`outbox-wire: ${e.stack || e.message}`);
  failed = true;
} finally {
  await browser.close();
  await server.cleanup();
}
process.exit(failed ? 1 : 0);

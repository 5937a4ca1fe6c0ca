// Autosave cost: how long one draft save takes on the phone (IndexedDB put → transaction
// complete), from the app's own `performance.measure('loket-draft-save')`, over 1,000 changes
// of the full-name field; then the same on a CPU slowed down 4× (a low-end phone).
// Prints figures; not a test (exits 1 only if saves stop happening).
//   node bench/autosave.mjs   (with LOKET_BIN and LEPTOS_SITE_ROOT set, as scripts/env.sh does)
import { chromium, devices } from '@playwright/test';
import { startServer, interactive } from '../tests/server.js';
import { startApplication } from '../tests/forms.js';

const N = Number(process.env.AUTOSAVE_N || 1000);
const WARMUP = 20;

const server = await startServer(Number(process.env.AUTOSAVE_PORT || 3170));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Sets the field and dispatches `change` n times, each time waiting for the app's next
 * 'loket-draft-save' measure; returns the measures' durations and the time from the event to
 * the measure being visible (both in ms). */
function run(page, n) {
  return page.evaluate(async (n) => {
    const input = document.getElementById('f-nama_lengkap');
    if (!input) throw new Error('#f-nama_lengkap is not on the page');
    const entries = () => performance.getEntriesByName('loket-draft-save');
    const saves = [];
    const rounds = [];
    for (let i = 0; i < n; i++) {
      const before = entries().length;
      const t0 = performance.now();
      input.value = `Budi Santoso ${i}`;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const deadline = t0 + 5000;
      // Wait for the next task repeatedly (a MessageChannel round, not a clamped setTimeout).
      while (entries().length <= before) {
        if (performance.now() > deadline) throw new Error(`save ${i} did not happen within 5 s`);
        await new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
      }
      rounds.push(performance.now() - t0);
      const list = entries();
      saves.push(list[list.length - 1].duration);
    }
    return { saves, rounds };
  }, n);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

const fmt = (v) => `${v.toFixed(2).padStart(8)} ms`;
function report(label, { saves, rounds }) {
  const a = stats(saves);
  const b = stats(rounds);
  console.log(`  ${label}`);
  console.log(`    save (put → complete)  n=${a.n}  p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}  max ${fmt(a.max)}`);
  console.log(`    change → saved         n=${b.n}  p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}  max ${fmt(b.max)}`);
}

let failed = false;
try {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'id-ID' });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await interactive(page);
  await startApplication(page, server, 'ktp-el-baru');
  console.log(`autosave: ${N} changes of one field on a ktp-el-baru draft (after ${WARMUP} unmeasured)`);

  await run(page, WARMUP);
  report('phone CPU as is', await run(page, N));

  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await run(page, WARMUP);
  report('CPU throttled 4×', await run(page, N));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await context.close();
} catch (e) {
  console.error(`autosave: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  await server.cleanup();
}
process.exit(failed ? 1 : 0);

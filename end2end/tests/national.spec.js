// Issue 14: the national catalogue on a phone. A generated catalogue of 10,000 services (500
// agencies, 38 provinces; `server generate-catalogue`, seed 14) is imported with the real CLI;
// a phone at 4× CPU slowdown (CDP `Emulation.setCPUThrottlingRate`, set before the first
// navigation) keeps the national services and one province. A scope's first sync comes in two
// phases (`domain::sync`): the outlines of its services (what lists and search need), then
// their whole documents. Measured and printed: the bytes of the first sync (the outlines) and of
// the documents after it (on the wire as Chromium got them, and brotli as a phone offering `br`
// gets them), their pages and services, the time until the phone lists every service and until
// every document is stored, the heap during it all (JS heap + the WASM memory), the storage
// used, and the search p95 offline; then a one-service change must come as a delta of one. The
// issue's targets: first sync of one province ≤ 300 KB brotli (asserted for both provinces) and
// heap ≤ 30 MB during the sync (asserted), search p95 ≤ 30 ms at 4× (printed), a one-service
// change a delta of one (asserted).
//
// The province choice is set as the `loket_provinsi` cookie (`context.addCookies`) before the
// first visit, as the server's `/provinsi` page would have set it.
import { test, expect } from '@playwright/test';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, BIN, CATALOGUE, interactive, phoneCopy } from './server.js';

const KB = 1000;
const MB = 1000 * 1000;
const TARGET = { firstSyncBr: 300 * KB, heap: 30 * MB, searchP95: 30 };
const RATE = 4;
/** The sync at 4× must complete within this (the issue's old build had stored nothing after 9 minutes). */
const SYNC_LIMIT_MS = 6 * 60_000;
/** A mid-size province (the generator's median: 466 services with the national ones), and the largest. */
// The heap target (≤ 30 MB during the sync, both phases) and the first sync ≤ 300 KB brotli are
// asserted for both. Search times are printed, never asserted (a timed test on a shared machine
// measures the machine): the closing note reports them.
const PROVINCES = [
  { code: '64', name: 'Kalimantan Timur', delta: true },
  { code: '32', name: 'Jawa Barat', delta: false },
];

/** Fixed queries: whole words, prefixes, typos, two words, place names, no hit. */
const QUERIES = [
  'ktp', 'paspor', 'npwp', 'skck', 'pajak', 'kendaraan', 'nib', 'bpjs', 'reklame', 'bansos',
  'kelah', 'pasp', 'kendar', 'perizin', 'samsa',
  'akta kelahran', 'paspr', 'kendaran', 'sertifkat', 'kependudukn',
  'akta kelahiran', 'kartu keluarga', 'pajak motor', 'izin usaha', 'surat pindah', 'akta kematian',
  'samarinda', 'bandung',
  'xylofon', 'qwertyuiop',
];
const ROUNDS = 3;

let server;
let gen; // the generated catalogue's folder
let scopes; // services per scope in the generated TOML ('' = national)

/** Services per scope: an agency file's `province` (in its `[agency]` table) or national. */
function servicesByScope(dir) {
  const counts = new Map();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.toml') && f !== 'taxonomy.toml')) {
    const text = readFileSync(join(dir, f), 'utf8');
    const head = text.split(/^\[\[service\]\]/m)[0];
    const scope = head.match(/^province\s*=\s*"(\d+)"/m)?.[1] ?? '';
    const n = (text.match(/^\[\[service\]\]/gm) || []).length;
    counts.set(scope, (counts.get(scope) || 0) + n);
  }
  return counts;
}

/** GET with `accept-encoding: enc`: the bytes of the body as sent, and its encoding. */
function wire(url, enc) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': enc } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, encoding: res.headers['content-encoding'] || 'identity', bytes: Buffer.concat(chunks).length }));
    }).on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const mb = (n) => `${(n / MB).toFixed(2)} MB`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const table = (title, rows) => {
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${title}\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}`);
};

test.describe('national catalogue at 4× CPU (issue 14)', () => {
  test.describe.configure({ timeout: 15 * 60_000 });

  test.beforeAll(async () => {
    test.setTimeout(5 * 60_000);
    gen = join(mkdtempSync(join(tmpdir(), 'loket-national-')), 'catalogue');
    // the generator's defaults: seed 14, 10,000 services, 500 agencies, 38 provinces
    execFileSync(BIN, ['--catalogue', CATALOGUE, '--log', 'warn', 'generate-catalogue', gen], { encoding: 'utf8', cwd: tmpdir() });
    scopes = servicesByScope(gen);
    const all = [...scopes.values()].reduce((a, b) => a + b, 0);
    expect(all).toBe(10_000);
    expect(scopes.size).toBe(39);
    server = await startServer(3261);
    const out = server.importCatalogue(gen);
    console.log(`import of the generated catalogue: ${out.trim()}`);
    const added = Number(out.match(/(\d+) added/)?.[1]);
    expect(added, out).toBeGreaterThanOrEqual(9_900); // the seed's 30 were there already
  });

  test.afterAll(async () => {
    await server?.cleanup();
    if (gen) rmSync(join(gen, '..'), { recursive: true, force: true });
  });

  for (const province of PROVINCES) {
    test(`first sync${province.delta ? ', search and a delta of one' : ' and search'}: national + ${province.name} (${province.code})`, async ({ browser }) => {
      const expected = scopes.get('') + scopes.get(province.code);
      const context = await browser.newContext();
      try {
        await context.addCookies([{ name: 'loket_provinsi', value: province.code, url: server.url }]);
        // The WASM memory: every memory a module exports or imports (the split parts share the
        // main module's), recorded as the glue instantiates them.
        await context.addInitScript(() => {
          const mems = new Set();
          const grab = (o) => { if (o) for (const v of Object.values(o)) if (v instanceof WebAssembly.Memory) mems.add(v); };
          const seen = (r, imports) => {
            const inst = r instanceof WebAssembly.Instance ? r : r && r.instance;
            if (inst) grab(inst.exports);
            if (imports) for (const m of Object.values(imports)) grab(m);
            return r;
          };
          const streaming = WebAssembly.instantiateStreaming;
          const instantiate = WebAssembly.instantiate;
          if (streaming) WebAssembly.instantiateStreaming = function (s, i) { return streaming.call(this, s, i).then((r) => seen(r, i)); };
          WebAssembly.instantiate = function (s, i) { return instantiate.call(this, s, i).then((r) => seen(r, i)); };
          globalThis.__loketWasmBytes = () => { let n = 0; for (const m of mems) n += m.buffer.byteLength; return n; };
          // Search timing: when the search form is submitted (capture, before the app's listener).
          window.addEventListener('submit', (e) => { if (e.target?.hasAttribute?.('data-search')) globalThis.__submitAt = performance.now(); }, true);
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE }); // before the first navigation
        await cdp.send('Network.enable');

        // ---- the sync requests, as Chromium sends and gets them -------------------------------
        const sync = new Map(); // requestId -> { url, scope, outline, bytes }
        const sentHeaders = new Map(); // requestId -> the request's headers as sent (may come first)
        const encodings = new Map(); // requestId -> the answer's content-encoding
        let firstSyncAt = null;
        let lastSyncDoneAt = null;
        let lastOutlineDoneAt = null;
        const outlineOf = (url) => new URL(url).searchParams.get('outline') === 'true';
        cdp.on('Network.requestWillBeSent', (e) => {
          if (!e.request.url.includes('/api/catalogue/sync')) return;
          firstSyncAt ??= Date.now();
          sync.set(e.requestId, { url: e.request.url, scope: new URL(e.request.url).searchParams.get('scope'), outline: outlineOf(e.request.url), bytes: null });
        });
        const header = (headers, name) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
        cdp.on('Network.requestWillBeSentExtraInfo', (e) => sentHeaders.set(e.requestId, e.headers));
        cdp.on('Network.responseReceived', (e) => encodings.set(e.requestId, header(e.response.headers, 'content-encoding') || 'identity'));
        cdp.on('Network.loadingFinished', (e) => {
          const r = sync.get(e.requestId);
          if (r) {
            r.bytes = e.encodedDataLength;
            lastSyncDoneAt = Date.now();
            if (r.outline) lastOutlineDoneAt = lastSyncDoneAt;
          }
        });
        // the answers themselves (pages, services, `more`)
        const answers = [];
        page.on('response', async (res) => {
          if (!res.url().includes('/api/catalogue/sync')) return;
          try {
            answers.push({ url: res.url(), scope: new URL(res.url()).searchParams.get('scope'), outline: outlineOf(res.url()), body: await res.json() });
          } catch (_) { /* a page gone */ }
        });

        // ---- heap sampler: JS heap (CDP) and WASM memory, every 250 ms ------------------------
        const heap = { js: 0, wasm: 0, sum: 0, samples: [], stop: false };
        const sampler = (async () => {
          while (!heap.stop) {
            try {
              const [{ usedSize }, wasm] = await Promise.all([
                cdp.send('Runtime.getHeapUsage'),
                page.evaluate(() => (globalThis.__loketWasmBytes ? globalThis.__loketWasmBytes() : 0)).catch(() => 0),
              ]);
              heap.js = Math.max(heap.js, usedSize);
              heap.wasm = Math.max(heap.wasm, wasm);
              heap.sum = Math.max(heap.sum, usedSize + wasm);
              heap.samples.push({ at: Date.now(), js: usedSize, wasm });
            } catch (_) { /* between documents */ }
            await sleep(250);
          }
        })();

        // ---- storage before: the origin, before the app is loaded -----------------------------
        await page.goto(server.url + '/healthz');
        const before = await page.evaluate(() => navigator.storage.estimate());

        // ---- the first sync --------------------------------------------------------------------
        const started = Date.now();
        await page.goto(server.url + '/');
        await test.step(`the sync completes at ${RATE}× within ${SYNC_LIMIT_MS / 60_000} minutes`, async () => {
          await page.waitForFunction(
            (n) => document.querySelector('[data-testid="offline-ready"]')?.dataset.count === String(n),
            expected,
            { timeout: SYNC_LIMIT_MS, polling: 100 },
          );
        });
        const readyAt = Date.now();
        await interactive(page);
        heap.stop = true;
        await sampler;
        // what stays after the sync: the JS heap after a full collection, and the WASM memory
        await cdp.send('HeapProfiler.collectGarbage');
        const retained = { js: (await cdp.send('Runtime.getHeapUsage')).usedSize, wasm: await page.evaluate(() => globalThis.__loketWasmBytes()) };
        // The last page's answer of each scope and phase is recorded.
        await expect.poll(() => answers.filter((a) => !a.body.more).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
        await sleep(1500); // let the quota manager see the last writes
        const after = await page.evaluate(() => navigator.storage.estimate());
        const copy = await phoneCopy(page);
        const stored = copy.services;

        const requests = [...sync.values()];
        const pagesOf = (s, outline) => answers.filter((a) => a.scope === s && a.outline === outline);
        const cdpBytes = requests.reduce((s, r) => s + (r.bytes || 0), 0);
        const cdpOutlines = requests.filter((r) => r.outline).reduce((s, r) => s + (r.bytes || 0), 0);
        const ids = [...sync.keys()];
        const acceptEncodings = [...new Set(ids.map((id) => header(sentHeaders.get(id) || {}, 'accept-encoding') ?? '(not reported)'))];
        const contentEncodings = [...new Set(ids.map((id) => encodings.get(id) ?? '(not reported)'))];
        // The same page addresses from Node, offering brotli (as budget.mjs does), and raw.
        // Per phase (outlines: the first sync; documents after it) and scope.
        const br = { true: { '': 0, [province.code]: 0 }, false: { '': 0, [province.code]: 0 } };
        const raw = { true: 0, false: 0 };
        for (const r of requests) {
          const got = await wire(r.url, 'br');
          expect(got.status).toBe(200);
          expect(got.encoding).toBe('br');
          br[r.outline][r.scope] += got.bytes;
          raw[r.outline] += (await wire(r.url, 'identity')).bytes;
        }
        const brOf = (outline) => br[outline][''] + br[outline][province.code];
        const brBytes = brOf(true); // the first sync
        const servicesSynced = (outline) => answers.filter((a) => a.outline === outline).reduce((s, a) => s + a.body.changed.length, 0);
        const byScope = (s, outline) => pagesOf(s, outline).reduce((n, a) => n + a.body.changed.length, 0);
        const pages = (outline) => `${pagesOf('', outline).length + pagesOf(province.code, outline).length} (${pagesOf('', outline).length} / ${pagesOf(province.code, outline).length})`;

        // ---- search p95 at 4×, offline ---------------------------------------------------------
        await context.setOffline(true);
        const times = [];
        let hitsSeen = 0;
        const search = page.locator('form[data-search] input[name=q]').first();
        for (let round = 0; round < ROUNDS; round++) {
          for (const q of QUERIES) {
            await search.fill('');
            await search.pressSequentially(q);
            // Watch for the new result count (a node other than the one shown now, under the
            // title naming the query), timed in the page from the submit event.
            await page.evaluate((query) => {
              globalThis.__searchDone = undefined;
              globalThis.__submitAt = undefined;
              const old = document.querySelector('[data-testid="result-count"]');
              const check = () => {
                const count = document.querySelector('[data-testid="result-count"]');
                const title = document.querySelector('h1.results-title');
                if (count && count !== old && title && title.textContent.includes(`“${query}”`)) {
                  globalThis.__searchDone = {
                    ms: performance.now() - globalThis.__submitAt,
                    count: count.textContent.trim(),
                    onPhone: document.querySelector('[data-testid="on-phone"]') !== null,
                  };
                  observer.disconnect();
                }
              };
              const observer = new MutationObserver(check);
              observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            }, q);
            await search.press('Enter');
            await page.waitForFunction(() => globalThis.__searchDone !== undefined, null, { timeout: 30_000, polling: 50 });
            const done = await page.evaluate(() => globalThis.__searchDone);
            expect(done.onPhone, `"${q}" was searched on the phone`).toBe(true);
            expect(Number.isFinite(done.ms), `"${q}": the submit was seen`).toBe(true);
            if (round === 0 && !done.count.startsWith('0 ')) hitsSeen += 1;
            times.push(done.ms);
          }
        }
        const p50 = pct(times, 50);
        const p95 = pct(times, 95);
        const sum = heap.js + heap.wasm;
        // the peak while pages came in, and after the last one (the round's end: the copy read back)
        const paging = heap.samples.filter((x) => x.at <= lastSyncDoneAt);
        const ending = heap.samples.filter((x) => x.at > lastSyncDoneAt);
        const peak = (xs) => xs.length ? `JS ${mb(Math.max(...xs.map((x) => x.js)))}, WASM ${mb(Math.max(...xs.map((x) => x.wasm)))}, sum ${mb(Math.max(...xs.map((x) => x.js + x.wasm)))}` : 'no sample';

        table(`national + ${province.name} (${province.code}), CPU ${RATE}× slower`, [
          ['services expected (TOML: national + province)', `${expected} = ${scopes.get('')} + ${scopes.get(province.code)}`],
          ['offline-ready count (waited for)', `${expected}`],
          ['stored in IndexedDB (documents / outlines left)', `${stored.length} / ${copy.outlines.length}`],
          ['first sync, outlines: pages (national / province)', pages(true)],
          ['first sync, outlines: services (national / province)', `${servicesSynced(true)} (${byScope('', true)} / ${byScope(province.code, true)})`],
          ['first sync, outlines: brotli (Node, accept-encoding: br)', `${brBytes} (${kb(brBytes)}; national ${kb(br.true[''])}, province ${kb(br.true[province.code])}) target ≤ ${kb(TARGET.firstSyncBr)}`],
          ['first sync, outlines: raw JSON', kb(raw.true)],
          ['then documents: pages (national / province)', pages(false)],
          ['then documents: services (national / province)', `${servicesSynced(false)} (${byScope('', false)} / ${byScope(province.code, false)})`],
          ['then documents: brotli', `${brOf(false)} (${kb(brOf(false))}; national ${kb(br.false[''])}, province ${kb(br.false[province.code])})`],
          ['then documents: raw JSON', kb(raw.false)],
          ['Accept-Encoding sent by Chromium', acceptEncodings.join(' | ')],
          ['Content-Encoding received', contentEncodings.join(' | ')],
          ['bytes on the wire, both phases (CDP encodedDataLength)', `${cdpBytes} (${kb(cdpBytes)}; outlines ${kb(cdpOutlines)})`],
          ['time: first sync request → last outline page received', `${((lastOutlineDoneAt - firstSyncAt) / 1000).toFixed(1)} s`],
          ['time: first sync request → badge shows every document stored', `${((readyAt - firstSyncAt) / 1000).toFixed(1)} s`],
          ['time: first sync request → last page received', `${((lastSyncDoneAt - firstSyncAt) / 1000).toFixed(1)} s`],
          ['time: navigation → badge', `${((readyAt - started) / 1000).toFixed(1)} s`],
          ['heap max: JS (Runtime.getHeapUsage)', mb(heap.js)],
          ['heap max: WASM memory', mb(heap.wasm)],
          ['heap: max of the sampled sums (JS + WASM)', `${mb(heap.sum)} target ≤ ${mb(TARGET.heap)} (JS max + WASM max ${mb(sum)}; ${heap.samples.length} samples)`],
          ['heap peak while pages came in', peak(paging)],
          ['heap peak after the last page', peak(ending)],
          ['retained after the sync (JS after GC, WASM)', `JS ${mb(retained.js)}, WASM ${mb(retained.wasm)}`],
          ['storage before: usage', `${before.usage} B ${JSON.stringify(before.usageDetails || {})}`],
          ['storage after: usage', `${after.usage} B (${mb(after.usage)}) ${JSON.stringify(after.usageDetails || {})}`],
          ['storage after: IndexedDB', after.usageDetails?.indexedDB !== undefined ? mb(after.usageDetails.indexedDB) : 'not reported'],
          [`search offline (${QUERIES.length} queries × ${ROUNDS} rounds)`, `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; target p95 ≤ ${TARGET.searchP95} ms`],
          ['queries with hits (round 1)', `${hitsSeen} of ${QUERIES.length}`],
        ]);
        console.log(`  search times (ms), round 1: ${times.slice(0, QUERIES.length).map((t) => t.toFixed(0)).join(' ')}`);

        // correctness: every service of the kept scopes is on the phone, once
        expect(answers.length).toBe(requests.length);
        expect(stored.length).toBe(expected);
        expect(copy.outlines, 'the outlines are dropped once the documents are in').toEqual([]);
        for (const outline of [true, false]) {
          expect(byScope('', outline)).toBe(scopes.get(''));
          expect(byScope(province.code, outline)).toBe(scopes.get(province.code));
          expect(pagesOf('', outline).at(-1).body.more).toBe(false);
          expect(pagesOf(province.code, outline).at(-1).body.more).toBe(false);
          for (const a of answers.filter((a) => a.outline === outline)) {
            expect(a.body.changed.every((s) => (s.outline === true) === outline), 'outlines in the first phase only').toBe(true);
          }
        }
        // every outline page came before the first page of documents
        expect(Math.max(...answers.map((a, i) => (a.outline ? i : -1)))).toBeLessThan(answers.findIndex((a) => !a.outline));
        expect(new Set(stored).size).toBe(expected);
        expect(heap.wasm, 'the WASM memory was found').toBeGreaterThan(0);
        expect(hitsSeen).toBeGreaterThan(QUERIES.length / 2);
        // the issue's size targets, where they hold (see PROVINCES)
        const targets = `first sync ${kb(brBytes)} brotli (target ${kb(TARGET.firstSyncBr)}); heap ${mb(heap.sum)} (target ${mb(TARGET.heap)}); search p50 ${p50.toFixed(1)} / p95 ${p95.toFixed(1)} ms (target ${TARGET.searchP95} ms)`;
        console.log(`issue 14 targets, national + ${province.name}: ${targets}`);
        expect(heap.sum, `issue 14 target: heap (JS + WASM, sampled every 250 ms) ≤ 30 MB during the sync (JS max ${mb(heap.js)}, WASM max ${mb(heap.wasm)})`).toBeLessThanOrEqual(TARGET.heap);
        expect(brBytes, `issue 14 target: the first sync of national + ${province.name} is ≤ 300 KB brotli`).toBeLessThanOrEqual(TARGET.firstSyncBr);

        if (!province.delta) return;

        // ---- a one-service change is a delta of one --------------------------------------------
        await test.step('a one-service change is a delta of one', async () => {
          const file = readdirSync(gen).find((f) => f.endsWith('.toml') && new RegExp(`^province\\s*=\\s*"${province.code}"`, 'm').test(readFileSync(join(gen, f), 'utf8').split(/^\[\[service\]\]/m)[0]));
          const text = readFileSync(join(gen, file), 'utf8');
          const blocks = text.split('[[service]]');
          const slug = blocks[1].match(/^slug\s*=\s*"([^"]+)"/m)[1];
          blocks[1] = blocks[1].replace(/^name\s*=\s*\{[^\n]*\}/m, 'name        = { id = "Layanan zebrakuda diperbarui", en = "Zebrakuda service updated" }');
          expect(blocks[1]).toContain('zebrakuda');
          writeFileSync(join(gen, file), blocks.join('[[service]]'));
          const out = server.importCatalogue(join(gen, file));
          console.log(`  import of ${file} after editing ${slug}: ${out.trim()}`);
          expect(out).toMatch(/0 added, 1 changed, \d+ unchanged, 0 withdrawn/);

          const seen = answers.length;
          await context.setOffline(false); // the phone's `online` round
          await expect.poll(() => answers.slice(seen).filter((a) => !a.body.more).map((a) => a.scope).sort(), { timeout: 60_000 })
            .toEqual(['', province.code]);
          const next = answers.slice(seen);
          console.log(`  the next sync: ${next.map((a) => `scope '${a.scope}': ${a.body.changed.length} changed, ${a.body.withdrawn.length} withdrawn (${a.url.split('?')[1]})`).join('; ')}`);
          expect(next.filter((a) => a.outline), 'a caught-up phone follows documents alone').toEqual([]);
          const national = next.filter((a) => a.scope === '');
          const regional = next.filter((a) => a.scope === province.code);
          expect(national).toHaveLength(1);
          expect(national[0].body.changed).toEqual([]);
          expect(national[0].body.withdrawn).toEqual([]);
          expect(regional).toHaveLength(1);
          expect(regional[0].body.changed.map((s) => s.slug)).toEqual([slug]);
          expect(regional[0].body.withdrawn).toEqual([]);
          // asked from the stored position, not the start
          expect(Number(new URL(regional[0].url).searchParams.get('since'))).toBeGreaterThan(0);

          // stored, and found offline by its new name
          await expect.poll(() => page.evaluate((key) => new Promise((ok) => {
            const open = indexedDB.open('loket');
            open.onsuccess = () => {
              const req = open.result.transaction('services').objectStore('services').get(key);
              req.onsuccess = () => { open.result.close(); ok(String(req.result || '')); };
            };
          }), `${province.code}/${slug}`), { timeout: 30_000 }).toContain('zebrakuda');
          await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-count', String(expected));
          await context.setOffline(true);
          await search.fill('zebrakuda');
          await search.press('Enter');
          await expect(page.getByTestId('on-phone')).toBeVisible();
          await expect(page.getByTestId('service-list').getByRole('link', { name: /zebrakuda/ })).toHaveCount(1);
        });
      } finally {
        await context.close();
      }
    });
  }
});

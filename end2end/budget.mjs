// Size budget: what a phone downloads, measured on the wire from the real release server.
//   - the release WASM, brotli:                         <= 200 KB
//   - the home page's first visit (HTML + CSS + JS + WASM), brotli: <= 250 KB
//   - the application part (forms, validator, outbox, tracking: the WASM files the split loader
//     may fetch on the first application page), brotli: <= 137 KB (120 until issue 10's form
//     journeys: change mode, the draft offer and task list, day/month/year dates, errors in the
//     field's own words; 125 until issue 11's listening on the phone: the survey of a closed
//     request, questions kept offline for the outbox, expectations on check answers, +10.7 KB
//     measured; a separate lazily loaded part for them left the application part as large)
//     and the catalogue sync (issue 14: the sync by scope, a page at a time, moved out of the
//     main WASM into its own lazily loaded part, loaded after the first page is shown; the main
//     WASM went from 199,968 to 196,070 bytes and the lazily loaded parts from 136,570 to
//     148,166: 137 KB until then). The sync's first phase of outlines (issue 14) took the
//     lazily loaded parts to 150,033 bytes; reading the phone's own records (applications,
//     requests, accounts, forms) from maps only, as the catalogue is, took them to 142,488.
//     Every part is precached by the service worker at the first visit, as before.
// Prints the figures every run; exits 1 when over budget.
import http from 'node:http';
import { startServer } from './tests/server.js';

const KB = 1000;
const BUDGET = { wasm: 200 * KB, firstVisit: 250 * KB, applications: 150 * KB };

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const server = await startServer(Number(process.env.BUDGET_PORT || 3120));
let failed = false;
try {
  const home = await get(server.url + '/');
  if (home.status !== 200) throw new Error(`home page answered ${home.status}`);
  // the page's own assets, from its HTML (decompressed by fetching again without br)
  const html = await (await fetch(server.url + '/')).text();
  const assets = [...html.matchAll(/(?:href|src)="(\/pkg\/[^"]+\.(?:css|js|wasm))"/g)].map((m) => m[1]);
  const unique = [...new Set(assets)];
  const rows = [['home HTML', home.body.length, home.headers['content-encoding']]];
  let wasm = 0;
  for (const a of unique) {
    const r = await get(server.url + a);
    if (r.status !== 200) throw new Error(`${a} answered ${r.status}`);
    rows.push([a, r.body.length, r.headers['content-encoding']]);
    if (a.endsWith('.wasm')) wasm += r.body.length;
  }
  if (!unique.some((a) => a.endsWith('.wasm')) || !unique.some((a) => a.endsWith('.js')) || !unique.some((a) => a.endsWith('.css'))) {
    throw new Error(`the home page does not name its CSS, JS and WASM: ${unique.join(', ')}`);
  }
  const total = rows.reduce((s, r) => s + r[1], 0);
  // The application part: the split loader and every WASM file it can load (the form pages,
  // their event handlers and the outbox), all of which a first application page may fetch.
  const js = unique.find((a) => a.endsWith('.js'));
  const loaderJs = await (await fetch(server.url + js)).text();
  const splitJs = loaderJs.match(/__wasm_split\.[A-Za-z0-9_-]+\.js/);
  if (!splitJs) throw new Error('the JS names no split loader: was the site built with --split?');
  const splitText = await (await fetch(`${server.url}/pkg/${splitJs[0]}`)).text();
  const parts = [...new Set([...splitText.matchAll(/\.\/((?:chunk|split)_[A-Za-z0-9_.-]+\.wasm)/g)].map((m) => m[1]))];
  if (!parts.some((p) => p.startsWith('split_page_'))) throw new Error(`the split loader names no page part: ${parts.join(', ')}`);
  const lazyRows = [[`/pkg/${splitJs[0]}`, (await get(`${server.url}/pkg/${splitJs[0]}`)).body.length]];
  for (const part of parts) {
    const r = await get(`${server.url}/pkg/${part}`);
    if (r.status !== 200) throw new Error(`/pkg/${part} answered ${r.status}`);
    lazyRows.push([`/pkg/${part}`, r.body.length]);
  }
  const applications = lazyRows.reduce((s, r) => s + r[1], 0);
  console.log('size budget (bytes on the wire):');
  for (const [name, bytes, enc] of rows) console.log(`  ${name.padEnd(48)} ${String(bytes).padStart(8)}  ${enc || 'identity'}`);
  console.log(`  ${'release WASM'.padEnd(48)} ${String(wasm).padStart(8)}  budget ${BUDGET.wasm}`);
  console.log(`  ${'home first visit (HTML+CSS+JS+WASM)'.padEnd(48)} ${String(total).padStart(8)}  budget ${BUDGET.firstVisit}`);
  console.log('application part (loaded on the first application page):');
  for (const [name, bytes] of lazyRows) console.log(`  ${name.padEnd(48)} ${String(bytes).padStart(8)}`);
  console.log(`  ${'application part'.padEnd(48)} ${String(applications).padStart(8)}  budget ${BUDGET.applications}`);
  if (applications > BUDGET.applications) { console.error(`OVER: the application part is ${applications} bytes, budget ${BUDGET.applications}`); failed = true; }
  for (const [name, bytes, enc] of rows) {
    if (enc !== 'br') { console.error(`OVER: ${name} was not sent brotli-compressed`); failed = true; }
  }
  if (wasm > BUDGET.wasm) { console.error(`OVER: the WASM is ${wasm} bytes, budget ${BUDGET.wasm}`); failed = true; }
  if (total > BUDGET.firstVisit) { console.error(`OVER: the first visit is ${total} bytes, budget ${BUDGET.firstVisit}`); failed = true; }
  console.log(failed ? 'budget: 0 passed, 1 failed' : 'budget: 1 passed, 0 failed');
} finally {
  await server.cleanup();
}
process.exit(failed ? 1 : 0);

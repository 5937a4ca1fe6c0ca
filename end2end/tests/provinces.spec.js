// Issue 14, step 9: a phone keeps the national services and the provinces its citizen chose,
// not the whole country. On a generated national catalogue (600 services, 38 provinces, made
// and imported by the real binary): a first visit asks for a province and syncs the national
// scope alone; choosing two provinces on /provinsi (a plain form, a cookie) brings their
// services, a page at a time; a sync cut after a province's first page resumes from the
// position the phone stored; offline, the phone searches its own copy (and says so) and lacks
// the provinces it does not keep, which online searches still find on the server; unchoosing a
// province drops its services from the phone.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, interactive, offlineReady, networkState, countServices, syncQuery, phoneCopy, BIN, CATALOGUE } from './server.js';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

// Two provinces of the generated catalogue with several agencies (each scope more than one
// page: 60 services of about 6.6 KB, pages end past 192 KB), and a third one, never kept by
// the main phone, for the resumed sync and the searches of other provinces.
const WEST_JAVA = '32';
const CENTRAL_JAVA = '33';
const EAST_JAVA = '35';

let server;
let genDir;
/** Slugs by scope ('' = national), read from the generated TOML the server imported. */
let scopes;
let national;
let phoneCtx;
let phone;
/** Every sync request the main phone made, in order (see `follow`). */
const syncs = [];

/** The services of each scope in a catalogue folder: an agency's `province` (none: ''). */
function servicesByScope(dir) {
  const out = new Map();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.toml'))) {
    const blocks = readFileSync(join(dir, f), 'utf8').split(/^\[\[service\]\]\s*$/m);
    if (!/^\[agency\]\s*$/m.test(blocks[0])) continue;
    const scope = /^province\s*=\s*"(\d+)"/m.exec(blocks[0])?.[1] ?? '';
    const slugs = blocks.slice(1).map((b) => /^slug\s*=\s*"([^"]+)"/m.exec(b)[1]);
    out.set(scope, [...(out.get(scope) || []), ...slugs]);
  }
  return out;
}

const count = (scope) => scopes.get(scope).length;

/** The phone's offline-ready badge says it holds `n` services. */
const holds = (page, n) =>
  page.waitForFunction((n) => document.querySelector('[data-testid="offline-ready"]')?.dataset.count === String(n), n, { timeout: 60_000 });

/** The services the phone stores, by scope (from its IndexedDB keys `<scope>/<slug>`). */
async function storedByScope(page) {
  const out = {};
  for (const key of (await phoneCopy(page)).services) {
    const i = key.indexOf('/');
    (out[key.slice(0, i)] ||= []).push(key.slice(i + 1));
  }
  return out;
}

/** The answered sync pages of documents of `scope` in `list` from index `from` on. */
const pagesOf = (list, scope, from = 0) => list.slice(from).filter((s) => s.query.scope === scope && s.query.outline !== 'true' && s.body);

/** The answered sync pages of outlines (a scope's first sync: `domain::sync`) of `scope` in
 * `list` from index `from` on. */
const outlinesOf = (list, scope, from = 0) => list.slice(from).filter((s) => s.query.scope === scope && s.query.outline === 'true' && s.body);

/** Whether the sync request `s` asked from the position after `page`, in its catalogue. */
const resumesAfter = (s, page) =>
  s.query.since === String(page.since) && s.query.after === page.after && s.query.catalogue === page.catalogue;

/** Searches from the page's search box; returns the slugs of the results shown. */
async function search(page, words) {
  await page.getByRole('searchbox').fill(words);
  await page.getByRole('button', { name: 'Cari' }).click();
  await expect(page).toHaveURL(new URL(`/cari?q=${encodeURIComponent(words)}`, server.url).href);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hasil pencarian untuk “${words}”`);
  await expect(page.getByTestId('result-count')).toBeVisible();
  const hrefs = await page.getByTestId('service-list').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.map((h) => h.replace(/^\/layanan\//, ''));
}

/** How many of `slugs` are services of `scope`. */
const inScope = (slugs, scope) => slugs.filter((s) => scopes.get(scope).includes(s)).length;

/** Follows a context's sync requests into `list`: { request, query, body, answered } (body,
 * once answered and read; `answered` settles then, or when the request failed). */
function follow(ctx, list) {
  ctx.on('request', (r) => {
    const query = syncQuery(r.url());
    if (!query) return;
    const entry = { request: r, query, body: null };
    entry.answered = new Promise((resolve) => { entry.settle = resolve; });
    list.push(entry);
  });
  ctx.on('response', async (r) => {
    const entry = list.find((s) => s.request === r.request());
    if (!entry) return;
    // A page left while its sync runs: that answer's body is gone (the entry keeps none).
    if (r.status() === 200) entry.body = await r.json().catch(() => null);
    entry.settle();
  });
  ctx.on('requestfailed', (r) => list.find((s) => s.request === r)?.settle());
}

/** Waits until every request in `list` so far is answered (and its body read) or failed. */
const settled = (list) => Promise.all(list.map((s) => s.answered));

test.beforeAll(async ({ browser }) => {
  genDir = mkdtempSync(join(tmpdir(), 'loket-provinces-'));
  const catalogue = join(genDir, 'catalogue');
  execFileSync(BIN, ['--catalogue', CATALOGUE, '--log', 'warn', 'generate-catalogue',
    '--services', '600', '--agencies', '60', '--provinces', '38', catalogue], { encoding: 'utf8', cwd: genDir });
  scopes = servicesByScope(catalogue);
  national = count('');
  const all = [...scopes.values()].reduce((n, s) => n + s.length, 0);
  expect(all).toBe(600);
  expect(scopes.size).toBe(39);
  for (const p of [WEST_JAVA, CENTRAL_JAVA, EAST_JAVA]) expect(count(p)).toBeGreaterThan(40);
  server = await startServer(3251);
  // The generated catalogue replaces the seed the server started with: the seed's services are
  // in it as they were, the rest is added.
  const seed = countServices();
  const out = server.importCatalogue(catalogue);
  expect(out).toContain(`${600 - seed} added, 0 changed, ${seed} unchanged, 0 withdrawn`);
  phoneCtx = await browser.newContext();
  follow(phoneCtx, syncs);
  phone = await phoneCtx.newPage();
});

test.afterAll(async () => {
  await phoneCtx?.close();
  await server?.cleanup();
  if (genDir) rmSync(genDir, { recursive: true, force: true });
});

test('a first visit asks for a province and keeps the national services alone', async () => {
  // The catalogue is held until the question has been seen: once it lands, the home page is
  // drawn again from the phone's copy, which loses the question (an app bug: see the last test).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await phone.route('**/api/catalogue/sync?*', async (route) => { await held; await route.continue(); });
  const home = await phone.goto(server.url + '/');
  expect(await home.text()).toContain('data-testid="ask-province"');
  await interactive(phone);
  await expect(phone.getByTestId('ask-province')).toBeVisible();
  await expect(phone.getByTestId('ask-province').getByRole('link')).toHaveAttribute('href', '/provinsi');
  release();
  await offlineReady(phone, national);
  await phone.unroute('**/api/catalogue/sync?*');
  await settled(syncs);
  // Only the national scope was asked for, from its start: its outlines first, then its
  // documents, a page at a time until caught up.
  expect(syncs.length).toBeGreaterThan(0);
  expect(syncs.map((s) => s.query.scope)).toEqual(syncs.map(() => ''));
  expect(syncs[0].query).toEqual({ scope: '', since: '0', after: '', outline: 'true' });
  const outlines = outlinesOf(syncs, '');
  expect(outlines.flatMap((p) => p.body.changed.map((s) => s.slug)).sort()).toEqual([...scopes.get('')].sort());
  const pages = pagesOf(syncs, '');
  expect(pages[0].query).toEqual({ scope: '', since: '0', after: '', catalogue: outlines[0].body.catalogue });
  expect(syncs.indexOf(pages[0])).toBe(outlines.length);
  expect(pages.at(-1).body.more).toBe(false);
  for (let i = 1; i < pages.length; i++) expect(resumesAfter(pages[i], pages[i - 1].body)).toBe(true);
  const received = pages.flatMap((p) => p.body.changed.map((s) => s.slug));
  expect(received.sort()).toEqual([...scopes.get('')].sort());
  const stored = await storedByScope(phone);
  expect(Object.keys(stored)).toEqual(['']);
  expect(stored[''].sort()).toEqual([...scopes.get('')].sort());
  expect((await phoneCopy(phone)).meta.ready).toBe('1');
  expect((await phoneCtx.cookies()).find((c) => c.name === 'loket_provinsi')).toBeUndefined();
});

test('choosing two provinces on /provinsi brings their services to the phone', async () => {
  await phone.getByTestId('footer-provinces').click();
  await expect(phone).toHaveURL(server.url + '/provinsi');
  await expect(phone.getByTestId('provinces-national')).toContainText(`(${national} layanan)`);
  await expect(phone.locator(`label[for="p${WEST_JAVA}"]`)).toContainText(`(${count(WEST_JAVA)} layanan)`);
  await expect(phone.locator(`label[for="p${CENTRAL_JAVA}"]`)).toContainText(`(${count(CENTRAL_JAVA)} layanan)`);
  await expect(phone.getByTestId('provinces-form').locator('input[name=p]:checked')).toHaveCount(0);
  await expect(phone.getByTestId('provinces-saved')).toHaveCount(0);
  const before = syncs.length;
  await phone.locator(`input[name=p][value="${WEST_JAVA}"]`).check();
  await phone.locator(`input[name=p][value="${CENTRAL_JAVA}"]`).check();
  await phone.getByTestId('provinces-save').click();
  await expect(phone).toHaveURL(server.url + '/provinsi?tersimpan=1');
  await expect(phone.getByTestId('provinces-saved')).toBeVisible();
  const cookie = (await phoneCtx.cookies()).find((c) => c.name === 'loket_provinsi');
  expect(cookie?.value).toBe(`${WEST_JAVA}.${CENTRAL_JAVA}`);
  // The page shows the choice kept.
  await expect(phone.locator(`input[name=p][value="${WEST_JAVA}"]`)).toBeChecked();
  await expect(phone.locator(`input[name=p][value="${CENTRAL_JAVA}"]`)).toBeChecked();
  await expect(phone.getByTestId('provinces-form').locator('input[name=p]:checked')).toHaveCount(2);

  const want = national + count(WEST_JAVA) + count(CENTRAL_JAVA);
  await holds(phone, want);
  await settled(syncs);
  // Each province's outlines from its start, in one page, before any province's documents.
  const firstDocs = syncs.findIndex((s, i) => i >= before && s.query.scope !== '' && s.query.outline !== 'true');
  for (const p of [WEST_JAVA, CENTRAL_JAVA]) {
    const outlines = outlinesOf(syncs, p, before);
    expect(outlines.map((s) => [s.query.since, s.query.after, s.body.more])).toEqual([['0', '', false]]);
    expect(outlines[0].body.changed.map((d) => d.slug).sort()).toEqual([...scopes.get(p)].sort());
    expect(outlines[0].body.changed.every((d) => d.outline === true && d.requirements.length === 0 && d.form === undefined)).toBe(true);
    expect(syncs.indexOf(outlines[0])).toBeLessThan(firstDocs);
  }
  // Then each province's documents from its start, in pages, each asked from where the one
  // before ended.
  for (const p of [WEST_JAVA, CENTRAL_JAVA]) {
    const pages = pagesOf(syncs, p, before);
    expect(pages.length, `pages of ${p}`).toBeGreaterThan(1);
    expect(pages[0].query.since).toBe('0');
    expect(pages[0].query.after).toBe('');
    for (let i = 1; i < pages.length; i++) expect(resumesAfter(pages[i], pages[i - 1].body)).toBe(true);
    expect(pages.slice(0, -1).every((s) => s.body.more)).toBe(true);
    expect(pages.at(-1).body.more).toBe(false);
    expect(pages.flatMap((s) => s.body.changed.map((d) => d.slug)).sort()).toEqual([...scopes.get(p)].sort());
  }
  // No other province was asked for.
  expect(new Set(syncs.map((s) => s.query.scope))).toEqual(new Set(['', WEST_JAVA, CENTRAL_JAVA]));
  const stored = await storedByScope(phone);
  expect(Object.keys(stored).sort()).toEqual(['', WEST_JAVA, CENTRAL_JAVA]);
  for (const p of ['', WEST_JAVA, CENTRAL_JAVA]) expect(stored[p].sort()).toEqual([...scopes.get(p)].sort());
  // Every document is here: the outlines and their positions are gone.
  const whole = await phoneCopy(phone);
  expect(whole.outlines).toEqual([]);
  expect(Object.keys(whole.meta).filter((k) => k.startsWith('outline:'))).toEqual([]);

  // The server-rendered home no longer asks.
  const home = await phoneCtx.request.get(server.url + '/');
  expect(await home.text()).not.toContain('data-testid="ask-province"');
  await phone.goto(server.url + '/');
  await interactive(phone);
  await holds(phone, want);
  await expect(phone.getByTestId('ask-province')).toHaveCount(0);
});

test('a sync cut after a province\'s first page resumes from the position the phone stored', async ({ browser }) => {
  // Another phone, keeping East Java: its sync of that scope is cut after the first page.
  const ctx = await browser.newContext();
  const seen = [];
  follow(ctx, seen);
  const page = await ctx.newPage();
  let cut = true;
  let cutRequest;
  const wasCut = new Promise((resolve) => { cutRequest = resolve; });
  let asked = 0;
  await page.route('**/api/catalogue/sync?*', async (route) => {
    const query = syncQuery(route.request().url());
    // The second page of East Java's documents (its outlines came whole in one page before).
    if (cut && query.scope === EAST_JAVA && query.outline !== 'true' && ++asked >= 2) {
      cutRequest(query);
      await route.abort('internetdisconnected');
      return;
    }
    await route.continue();
  });
  try {
    const saved = await ctx.request.get(`${server.url}/provinsi/simpan?p=${EAST_JAVA}`, { maxRedirects: 0 });
    expect(saved.status()).toBe(303);
    expect(saved.headers()['location']).toBe('/provinsi?tersimpan=1');
    expect((await ctx.cookies()).find((c) => c.name === 'loket_provinsi')?.value).toBe(EAST_JAVA);
    await page.goto(server.url + '/');
    await interactive(page);
    const second = await wasCut;
    await settled(seen);
    const [first] = pagesOf(seen, EAST_JAVA);
    expect(first.query).toEqual({ scope: EAST_JAVA, since: '0', after: '', catalogue: first.body.catalogue });
    expect(first.body.more).toBe(true);
    expect(first.body.changed.length).toBeGreaterThan(0);
    expect(first.body.changed.length).toBeLessThan(count(EAST_JAVA));
    // The request cut was the second page's, asked from the end of the first.
    expect(second).toEqual({ scope: EAST_JAVA, since: String(first.body.since), after: first.body.after, catalogue: first.body.catalogue });
    // The first page is on the phone, with its position.
    const copy = await phoneCopy(page);
    expect(copy.meta[`at:${EAST_JAVA}`]).toBe(`${first.body.since}/${first.body.after}`);
    const firstSlugs = first.body.changed.map((s) => s.slug);
    expect((await storedByScope(page))[EAST_JAVA].sort()).toEqual([...firstSlugs].sort());
    // The rest of the province is listed on the phone by its outlines meanwhile.
    const listed = copy.outlines.filter((k) => k.startsWith(`${EAST_JAVA}/`)).map((k) => k.slice(EAST_JAVA.length + 1));
    expect([...listed, ...firstSlugs].sort()).toEqual([...scopes.get(EAST_JAVA)].sort());
    expect(copy.meta[`outline:${EAST_JAVA}`]).toBeDefined();
    // Offline, a service listed by its outline alone is found, and its page says the whole page
    // is not on the phone yet, with what the outline knows (not "page not found").
    const pending = outlinesOf(seen, EAST_JAVA)[0].body.changed.find((d) => listed.includes(d.slug));
    await ctx.setOffline(true);
    await page.goto(`${server.url}/layanan/${pending.slug}`);
    await interactive(page);
    await expect(page.getByTestId('not-stored')).toContainText('Halaman lengkap layanan ini belum tersimpan di ponsel ini');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(pending.name.id);
    await expect(page.getByTestId('service')).toHaveCount(0);
    await ctx.setOffline(false);

    // The connection is back; the phone is opened again: East Java resumes where it stopped.
    const mark = seen.length;
    cut = false;
    await page.reload();
    await interactive(page);
    await offlineReady(page, national + count(EAST_JAVA));
    await settled(seen);
    const resumed = pagesOf(seen, EAST_JAVA, mark);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed[0].query).toEqual(second);
    expect(seen.slice(mark).some((s) => s.query.scope === EAST_JAVA && s.query.since === '0')).toBe(false);
    for (let i = 1; i < resumed.length; i++) expect(resumesAfter(resumed[i], resumed[i - 1].body)).toBe(true);
    expect(resumed.at(-1).body.more).toBe(false);
    const rest = resumed.flatMap((s) => s.body.changed.map((d) => d.slug));
    // Nothing of the first page came again, and together they are the whole province.
    expect(rest.filter((s) => firstSlugs.includes(s))).toEqual([]);
    expect([...firstSlugs, ...rest].sort()).toEqual([...scopes.get(EAST_JAVA)].sort());
    const stored = await storedByScope(page);
    expect(stored[EAST_JAVA].sort()).toEqual([...scopes.get(EAST_JAVA)].sort());
    expect(stored[''].sort()).toEqual([...scopes.get('')].sort());
  } finally {
    await ctx.close();
  }
});

test('offline the phone searches its own copy; other provinces are found online, on the server', async () => {
  const kept = new Set([...scopes.get(''), ...scopes.get(WEST_JAVA), ...scopes.get(CENTRAL_JAVA)]);
  const elsewhere = scopes.get(EAST_JAVA)[0];
  await phone.goto(server.url + '/');
  await interactive(phone);
  await holds(phone, kept.size);
  await phoneCtx.setOffline(true);
  await expect.poll(() => networkState(phone)).toBe('cut');

  // Words of the kept provinces' services: found on the phone, which says what it searched.
  for (const [word, scope] of [['bandung', WEST_JAVA], ['semarang', CENTRAL_JAVA]]) {
    const found = await search(phone, word);
    await expect(phone.getByTestId('on-phone')).toBeVisible();
    expect(inScope(found, scope), `${word}: ${found}`).toBeGreaterThan(0);
    expect(scopes.get(scope)).toContain(found[0]);
    expect(found.filter((s) => !kept.has(s))).toEqual([]);
  }
  // A word East Java's services hold: none of them is on the phone.
  const offline = await search(phone, 'surabaya');
  await expect(phone.getByTestId('on-phone')).toBeVisible();
  expect(inScope(offline, EAST_JAVA)).toBe(0);
  expect(offline.filter((s) => !kept.has(s))).toEqual([]);
  // A service page of East Java, not kept: not on the phone.
  await phone.goto(`${server.url}/layanan/${elsewhere}`);
  await interactive(phone);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
  await expect(phone.getByTestId('service')).toHaveCount(0);

  // Online: the search asks the server, which has every province.
  await phoneCtx.setOffline(false);
  expect(await networkState(phone)).toBe('reached');
  await phone.goto(server.url + '/');
  await interactive(phone);
  const online = await search(phone, 'surabaya');
  await expect(phone.getByTestId('on-phone')).toHaveCount(0);
  expect(inScope(online, EAST_JAVA), `${online}`).toBeGreaterThan(0);
  expect(scopes.get(EAST_JAVA)).toContain(online[0]);
  // And the service page opens, from the server.
  await phone.goto(`${server.url}/layanan/${elsewhere}`);
  await interactive(phone);
  await expect(phone.getByTestId('service')).toBeVisible();
  // The phone still holds only what it keeps.
  const stored = await storedByScope(phone);
  expect(Object.keys(stored).sort()).toEqual(['', WEST_JAVA, CENTRAL_JAVA]);
});

/** On /provinsi, (un)ticks `province` and saves; the page says the choice is saved. */
async function choose(page, province, kept) {
  await page.goto(server.url + '/provinsi');
  await interactive(page);
  await page.locator(`input[name=p][value="${province}"]`).setChecked(kept);
  await page.getByTestId('provinces-save').click();
  await expect(page).toHaveURL(server.url + '/provinsi?tersimpan=1');
  await expect(page.getByTestId('provinces-saved')).toBeVisible();
}

test('unchoosing a province drops its services from the phone', async () => {
  const want = national + count(WEST_JAVA);
  await phone.goto(server.url + '/provinsi');
  await expect(phone.locator(`input[name=p][value="${CENTRAL_JAVA}"]`)).toBeChecked();
  await choose(phone, CENTRAL_JAVA, false);
  expect((await phoneCtx.cookies()).find((c) => c.name === 'loket_provinsi')?.value).toBe(WEST_JAVA);
  await expect(phone.getByTestId('provinces-form').locator('input[name=p]:checked')).toHaveCount(1);
  await expect(phone.locator(`input[name=p][value="${WEST_JAVA}"]`)).toBeChecked();
  // The phone's copy drops Central Java's services and position, and keeps the rest whole.
  await expect.poll(async () => Object.keys(await storedByScope(phone)).sort()).toEqual(['', WEST_JAVA]);
  const stored = await storedByScope(phone);
  for (const p of ['', WEST_JAVA]) expect(stored[p].sort()).toEqual([...scopes.get(p)].sort());
  const copy = await phoneCopy(phone);
  expect(copy.meta[`at:${CENTRAL_JAVA}`]).toBeUndefined();
  expect(copy.meta[`at:${WEST_JAVA}`]).toBeDefined();
  // The next page the phone opens counts what it holds now.
  await phone.goto(server.url + '/');
  await interactive(phone);
  await holds(phone, want);
  // Offline, Central Java's services are gone from the phone: its search finds none of them
  // (it found them before), and their pages are not on the phone; West Java's still are.
  await phoneCtx.setOffline(true);
  await expect.poll(() => networkState(phone)).toBe('cut');
  const found = await search(phone, 'semarang');
  await expect(phone.getByTestId('on-phone')).toBeVisible();
  expect(inScope(found, CENTRAL_JAVA), `${found}`).toBe(0);
  await phone.goto(`${server.url}/layanan/${scopes.get(CENTRAL_JAVA)[0]}`);
  await interactive(phone);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
  await phone.goto(`${server.url}/layanan/${scopes.get(WEST_JAVA)[0]}`);
  await interactive(phone);
  await expect(phone.getByTestId('service')).toBeVisible();
  await phoneCtx.setOffline(false);
});

test('a province chosen again comes whole from its start; unchosen, the page saying so counts what is left', async () => {
  // Central Java again: its position went with it, so it starts over.
  const mark = syncs.length;
  await choose(phone, CENTRAL_JAVA, true);
  await holds(phone, national + count(WEST_JAVA) + count(CENTRAL_JAVA));
  await settled(syncs);
  const pages = pagesOf(syncs, CENTRAL_JAVA, mark);
  expect(pages[0].query.since).toBe('0');
  expect(pages[0].query.after).toBe('');
  expect(pages.flatMap((s) => s.body.changed.map((d) => d.slug)).sort()).toEqual([...scopes.get(CENTRAL_JAVA)].sort());

  // The round that follows an unchoice drops the province's services (keep_only) with no page
  // bringing a change: the count on this page follows (it kept the count read before the drop
  // until that was fixed).
  await choose(phone, CENTRAL_JAVA, false);
  // The round on this page has dropped the province (so it has run).
  await expect.poll(async () => Object.keys(await storedByScope(phone)).sort()).toEqual(['', WEST_JAVA]);
  await expect(phone.getByTestId('offline-ready')).toHaveAttribute('data-count', String(national + count(WEST_JAVA)), { timeout: 10_000 });
});

test('the question stays on the home page when the first catalogue lands', async ({ browser }) => {
  // A new phone: the home page the server sends asks; the sync of the national services runs
  // under it. Whether the question is ever taken off the page is recorded from the start.
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    window.__ask = { seen: false, removed: false };
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="ask-province"]')) window.__ask.seen = true;
      else if (window.__ask.seen) window.__ask.removed = true;
    }).observe(document, { childList: true, subtree: true });
  });
  try {
    const page = await ctx.newPage();
    const home = await page.goto(server.url + '/');
    expect(await home.text()).toContain('data-testid="ask-province"');
    await interactive(page);
    await offlineReady(page, national);
    expect(await page.evaluate(() => window.__ask.seen)).toBe(true);
    // The catalogue landing draws the home page again from the phone's copy: the question is
    // drawn there too (ui::html::ask_province, on both sides; before, only the server's
    // rendering had it, and it went half a second after the first sync).
    // Taken off the page, if it is, within moments of the catalogue landing: wait for that, or
    // up to 5 s for it not to happen.
    await page.waitForFunction(() => window.__ask.removed, null, { timeout: 5_000 }).catch(() => {});
    expect(await page.evaluate(() => window.__ask)).toEqual({ seen: true, removed: false });
    await expect(page.getByTestId('ask-province')).toBeVisible();
  } finally {
    await ctx.close();
  }
});

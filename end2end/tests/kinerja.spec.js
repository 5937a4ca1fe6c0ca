// The public performance page (/kinerja, issue 12): readable without JavaScript (figures,
// tables, a chart with its summary), its CSV downloads and parses, it opens offline after one
// visit, axe finds nothing; and a service page's Open Graph tags name the service, with the
// configured public URL in its canonical address.
//
// The history behind the figures is made through the real API, as the phone and the back office
// make it: six KTP-el applications (each with its photo uploaded), five of them handled to
// Selesai by Disdukcapil's admin, one left open. The seed catalogue verified no national
// processing time for KTP-el, so this server's copy promises 14 working days, imported with the
// real CLI, as a local office's standard would.
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, interactive, networkState } from './server.js';
import { invite, TEMPORARY, OWN } from './staff.js';
import { expectAccessible } from './a11y.js';
import { uuidv7 } from './forms.js';

const PUBLIC_URL = 'https://loket.example';
const SERVICE = 'ktp-el-baru';
let server;

test.describe.configure({ timeout: 120_000 });
test.beforeAll(async () => {
  server = await startServer(3201, { args: ['--public-url', PUBLIC_URL] });
  await history(server);
});
test.afterAll(async () => { await server.cleanup(); });

/** A call to the server's API: JSON (or a form when `form`, bytes when `bytes`), with
 * `cookie`; the answer, which must have `status`. */
async function api(path, { json, form, bytes, cookie, method = 'POST', status = 200 } = {}) {
  const headers = {};
  if (cookie) headers.cookie = cookie;
  let body;
  if (json) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString(); }
  if (bytes) { headers['content-type'] = 'application/octet-stream'; body = bytes; }
  const res = await fetch(server.url + path, { method, headers, body });
  const text = await res.text();
  expect(res.status, `${path}: ${text}`).toBe(status);
  const set = res.headers.get('set-cookie');
  return { text, cookie: set ? set.split(';')[0] : cookie };
}

/** The photo of a family card: JPEG by its first bytes (all the server judges), different per
 * application. */
function photo(n) {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
    Buffer.from(`kartu keluarga ${n} `.repeat(40)), Buffer.from([0xff, 0xd9])]);
}

/** Six KTP-el applications sent as the phone sends them (the photo, then the envelope); five
 * handled to Selesai by Disdukcapil's admin. */
async function history(server) {
  const file = join(server.catalogue, 'dukcapil.toml');
  const toml = readFileSync(file, 'utf8');
  const at = toml.indexOf('processing  = ', toml.indexOf(`slug        = "${SERVICE}"`));
  const line = toml.indexOf('\n', at) + 1;
  writeFileSync(file, toml.slice(0, line) + 'processing_days = 14\n' + toml.slice(line));
  expect(server.importCatalogue(file)).toMatch(/1 changed/);
  await invite(server, 'admin@dukcapil.go.id', { agency: 'dukcapil', role: 'agency_admin' });
  let { cookie } = await api('/api/auth/sign-in', { json: { login: 'admin@dukcapil.go.id', password: TEMPORARY } });
  ({ cookie } = await api('/api/auth/change-password', { json: { current_password: TEMPORARY, new_password: OWN }, cookie }));
  const ids = [];
  for (let i = 0; i < 6; i++) {
    const id = uuidv7();
    const bytes = photo(i);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await api(`/api/files/${sha}?key=${id}&offset=0&total=${bytes.length}`, { method: 'PUT', bytes, status: 201 });
    const answers = {
      nik: '3171011505900002', nama_lengkap: 'Budi Santoso', tempat_lahir: 'Jakarta', tanggal_lahir: '1990-05-15',
      jenis_kelamin: 'laki_laki', status_perkawinan: 'belum_kawin', alamat: 'Jl. Merdeka No. 17, Jakarta Pusat',
      foto_kk: sha, no_hp: '0812-3456-7890',
    };
    await api('/api/requests/submit', { json: { envelope: { id, service: SERVICE, form_version: 1, answers } } });
    ids.push(id);
  }
  for (const id of ids.slice(0, 5)) {
    for (const action of ['receive', 'review', 'approve', 'complete']) {
      await api('/api/staff/act', { form: { id, action, note: '' }, cookie });
    }
  }
}

/** The row of `service` in the table `table` of the page. */
const row = (page, table, service) => page.getByTestId(table).locator(`tr[data-service="${service}"]`);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('/kinerja shows the figures, the tables and a chart with its summary', async ({ page }) => {
    const res = await page.goto(server.url + '/kinerja');
    expect(res.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kinerja layanan publik');
    const agency = page.locator('[data-testid="perf-agency"][data-agency="dukcapil"]');
    await expect(agency.getByRole('heading', { level: 2 })).toBeVisible();
    // 6 received, 5 completed, none rejected, 1 open, none overdue.
    await expect(row(agency, 'perf-requests', SERVICE).locator('td')).toHaveText(['6', '5', '0', '1', '0']);
    // Finished the day they came (0 working days) against a promise of 14: all on time.
    await expect(row(agency, 'perf-time', SERVICE).locator('td')).toHaveText(['0', '0', '14', '100,0 %']);
    await expect(row(agency, 'perf-channels', SERVICE).locator('td').first()).toHaveText('6 (100,0 %)');
    // The chart of Disdukcapil's services: a figure with its caption, a drawing named by it and
    // described by the summary, and the data it draws.
    const chart = agency.getByTestId('perf-chart').first();
    await expect(chart.locator('figcaption')).toHaveText('Median hari kerja dibandingkan janji standar');
    const svg = chart.locator('svg[role="img"]');
    await expect(svg).toBeVisible();
    expect(await svg.locator('rect.bar').count()).toBe(1);
    const summary = chart.getByTestId('chart-summary');
    await expect(summary).toContainText('Median dalam janji: 1 dari 1 layanan.');
    expect(await svg.getAttribute('aria-describedby')).toBe(await summary.getAttribute('id'));
    await chart.locator('summary').click();
    await expect(chart.locator('table tbody tr')).toHaveCount(1);
    // Agencies without requests: their figures are withheld, and one note says why.
    const other = page.locator('[data-testid="perf-agency"][data-agency="polri"]');
    await expect(other.getByTestId('perf-requests').locator('[data-withheld]').first()).toBeVisible();
    await expect(page.getByTestId('withheld-note')).toHaveCount(1);
    await expect(page.getByTestId('withheld-note')).toBeVisible();
    // Another period is a plain form.
    await page.getByTestId('perf-period-form').locator('select').selectOption({ index: 1 });
    await page.getByTestId('perf-period-form').getByRole('button').click();
    await expect(page).toHaveURL(/\/kinerja\?periode=\d{4}(-Q\d)?$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
});

test('the CSV of the period downloads and parses: the documented columns, a row per agency', async ({ page }) => {
  await page.goto(server.url + '/kinerja');
  await interactive(page);
  const documented = await page.getByTestId('perf-columns').locator('code').allTextContents();
  expect(documented.slice(0, 4)).toEqual(['period', 'agency', 'service', 'received']);
  const agencies = await page.getByTestId('perf-agency').evaluateAll((els) => els.map((e) => e.dataset.agency));
  expect(agencies.length).toBeGreaterThan(5);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('perf-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^kinerja-\d{4}-Q[1-4]\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.split('\r\n').filter((l) => l !== '');
  const header = lines[0].split(',');
  expect(header).toEqual(documented);
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
  // The agencies' own rows (service empty), the same agencies as the page, in its order.
  expect(rows.filter((r) => r.service === '').map((r) => r.agency)).toEqual(agencies);
  const ktp = rows.find((r) => r.service === SERVICE);
  expect([ktp.agency, ktp.received, ktp.completed, ktp.open, ktp.overdue, ktp.promised_days, ktp.on_time_pct])
    .toEqual(['dukcapil', '6', '5', '1', '0', '14', '100.0']);
  expect(rows.find((r) => r.agency === 'polri' && r.service === '').received).toBe('withheld');
  await expect(page.getByTestId('perf-licence')).toContainText('CC BY 4.0');
});

test('/kinerja opens offline after one visit', async ({ page, context }) => {
  await page.goto(server.url + '/kinerja');
  await interactive(page);
  // The service worker took over after the page loaded; it keeps the page it found open.
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  // (Polled with evaluate: waitForFunction does not await a promise, so an async predicate
  // passes at once, and the test went offline before the copy was kept: the old flake.)
  const keptHere = () => page.evaluate(async () => {
    for (const name of await caches.keys()) {
      if (await (await caches.open(name)).match('/kinerja')) return true;
    }
    return false;
  });
  await expect.poll(keptHere, { timeout: 30_000 }).toBe(true);

  await context.setOffline(true);
  expect(await networkState(page)).toBe('cut');
  await page.reload();
  await interactive(page);
  // The page kept on the phone, not the offline shell (which would render "not found").
  await expect(page.locator('body')).not.toHaveAttribute('data-shell', '1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kinerja layanan publik');
  const agency = page.locator('[data-testid="perf-agency"][data-agency="dukcapil"]');
  await expect(row(agency, 'perf-requests', SERVICE).locator('td').first()).toHaveText('6');
  await expect(agency.getByTestId('perf-chart').first().locator('svg')).toBeVisible();
});

test('axe finds no violation on /kinerja; the footer leads there', async ({ page }) => {
  await page.goto(server.url + '/');
  await interactive(page);
  await page.getByTestId('footer-performance').click();
  await expect(page).toHaveURL(server.url + '/kinerja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kinerja layanan publik');
  await interactive(page);
  await expectAccessible(page, '/kinerja');
  const agency = page.locator('[data-testid="perf-agency"][data-agency="dukcapil"]');
  await agency.getByTestId('perf-chart').first().locator('summary').click();
  await expectAccessible(page, '/kinerja with a chart\'s data open');
});

test('at 320 px the page never scrolls sideways: wide tables scroll in their own box', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(server.url + '/kinerja');
  await interactive(page);
  const m = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: window.innerWidth,
    boxes: [...document.querySelectorAll('.table-scroll')].map((b) => ({
      scrolls: b.scrollWidth > b.clientWidth, right: b.getBoundingClientRect().right, focusable: b.tabIndex === 0,
    })),
    charts: [...document.querySelectorAll('svg.chart')].map((s) => s.getBoundingClientRect().right),
  }));
  expect(m.page).toBeLessThanOrEqual(m.view);
  expect(m.boxes.length).toBeGreaterThan(10);
  expect(m.boxes.some((b) => b.scrolls), 'some table is wider than the screen and scrolls').toBe(true);
  for (const b of m.boxes) expect(b.right).toBeLessThanOrEqual(m.view + 0.5);
  for (const right of m.charts) expect(right).toBeLessThanOrEqual(m.view + 0.5);
  // A table that scrolls can be scrolled from the keyboard.
  expect(m.boxes.filter((b) => b.scrolls).every((b) => b.focusable)).toBe(true);
  await context.close();
});

test('a service page\'s Open Graph tags name the service, at the configured public URL', async ({ page }) => {
  await page.goto(server.url + '/layanan/paspor-baru');
  const title = await page.locator('meta[property="og:title"]').getAttribute('content');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(title).toMatch(/Paspor/);
  expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(PUBLIC_URL + '/layanan/paspor-baru');
  expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(PUBLIC_URL + '/layanan/paspor-baru');
  expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(PUBLIC_URL + '/icons/icon-512.png');
  expect(await page.locator('meta[property="og:locale"]').getAttribute('content')).toBe('id_ID');
  expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary');
  expect((await page.locator('meta[property="og:description"]').getAttribute('content')).length).toBeGreaterThan(20);
  // After a move inside the app they would describe the page before: they go.
  await interactive(page);
  await page.locator('.crumbs a').last().click();
  await expect(page).toHaveURL(/\/kategori\//);
  await expect(page.locator('link[rel="canonical"]')).toHaveCount(0);
  await expect(page.locator('meta[property^="og:"]')).toHaveCount(0);
});
